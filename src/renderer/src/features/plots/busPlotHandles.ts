/**
 * The plots this page keeps open in the bus, one per view (an EEG view, its
 * predictions strip, a telemetry chart), whether or not the Plots tab is
 * shown: a view that mounts again takes the open plot and asks for a
 * keyframe, so its picture and history are back at once. A plot ends only
 * when its view is removed (Hide, Remove chart).
 *
 * The bus may have closed a plot meanwhile (the connection closed, the
 * page's socket was replaced): an answer 'NOT_FOUND' opens it again with
 * the latest spec.
 */
import type { LabwireApi } from '../../../../shared/contract';
import type { PlotInfo, PlotSpec } from '../../../../shared/plots';

export type BusPlotState =
  | { state: 'opening' }
  | { state: 'open'; info: PlotInfo }
  | { state: 'failed'; message: string };

export interface BusPlotSnapshot {
  plot: BusPlotState;
  /** Why the last settings change was refused (the plot keeps its previous settings), or null. */
  updateProblem: string | null;
}

interface Handle {
  snapshot: BusPlotSnapshot;
  profileId: string;
  /** The newest spec asked for. */
  spec: PlotSpec;
  /** The spec the bus has (JSON), so an unchanged spec sends nothing. */
  sentSpecText: string;
  isReleased: boolean;
}

export class BusPlotHandles {
  private readonly handles = new Map<string, Handle>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: LabwireApi) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(viewKey: string): BusPlotSnapshot | null {
    return this.handles.get(viewKey)?.snapshot ?? null;
  }

  /**
   * The view with this key is on screen with this spec: opens its plot the
   * first time, asks a keyframe when it was open already, sends the spec
   * when it changed.
   */
  show(viewKey: string, profileId: string, spec: PlotSpec): void {
    const handle = this.handles.get(viewKey);
    if (!handle) {
      const created: Handle = { snapshot: { plot: { state: 'opening' }, updateProblem: null }, profileId, spec, sentSpecText: '', isReleased: false };
      this.handles.set(viewKey, created);
      void this.open(viewKey, created);
      return;
    }
    handle.spec = spec;
    if (handle.snapshot.plot.state !== 'open') return;
    const plotId = handle.snapshot.plot.info.plotId;
    void this.api.request('plots:keyframe', { plotId }).then((result) => {
      if (!result.ok && result.error.code === 'NOT_FOUND') void this.open(viewKey, handle);
    });
    this.sendSpec(viewKey, handle);
  }

  /** The view's spec changed while it is shown. */
  change(viewKey: string, spec: PlotSpec): void {
    const handle = this.handles.get(viewKey);
    if (!handle) return;
    handle.spec = spec;
    this.sendSpec(viewKey, handle);
  }

  /** The view was removed: its plots (this key and keys starting with `${viewKey}/`) close in the bus. */
  release(viewKey: string): void {
    for (const [key, handle] of [...this.handles]) {
      if (key !== viewKey && !key.startsWith(`${viewKey}/`)) continue;
      handle.isReleased = true;
      this.handles.delete(key);
      if (handle.snapshot.plot.state === 'open') void this.api.request('plots:close', { plotId: handle.snapshot.plot.info.plotId });
    }
    this.notify();
  }

  private async open(viewKey: string, handle: Handle): Promise<void> {
    this.set(handle, { plot: { state: 'opening' }, updateProblem: null });
    const spec = handle.spec;
    const result = await this.api.request('plots:open', { profileId: handle.profileId, spec });
    if (handle.isReleased || this.handles.get(viewKey) !== handle) {
      if (result.ok) void this.api.request('plots:close', { plotId: result.value.plotId });
      return;
    }
    if (!result.ok) {
      this.set(handle, { plot: { state: 'failed', message: result.error.message }, updateProblem: null });
      return;
    }
    handle.sentSpecText = JSON.stringify(spec);
    this.set(handle, { plot: { state: 'open', info: result.value }, updateProblem: null });
    this.sendSpec(viewKey, handle);
  }

  private sendSpec(viewKey: string, handle: Handle): void {
    if (handle.snapshot.plot.state !== 'open') return;
    const spec = handle.spec;
    const text = JSON.stringify(spec);
    if (text === handle.sentSpecText) return;
    handle.sentSpecText = text;
    const plotId = handle.snapshot.plot.info.plotId;
    void this.api.request('plots:update', { plotId, spec }).then((result) => {
      if (handle.isReleased || handle.spec !== spec) return;
      if (result.ok) this.set(handle, { plot: { state: 'open', info: result.value }, updateProblem: null });
      else if (result.error.code === 'NOT_FOUND') void this.open(viewKey, handle);
      else this.set(handle, { ...handle.snapshot, updateProblem: result.error.message });
    });
  }

  private set(handle: Handle, snapshot: BusPlotSnapshot): void {
    handle.snapshot = snapshot;
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
