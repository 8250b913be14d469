/**
 * The bus plot of one view (`viewKey`, stable for the view's life): kept
 * open in the bus while the view is set up, also while the Plots tab is
 * hidden (busPlotHandles.ts); shown again with a keyframe when the view
 * mounts; the spec sent when it changes. Removing the view is
 * `store.plots.release(viewKey)`.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { PlotFrame, PlotSpec } from '../../../../shared/plots';
import { useLabwireApi } from '../../transport/transportContext';
import { LivePicture } from '../../../../shared/livePicture';
import type { BusPlotSnapshot } from './busPlotHandles';
import { usePlotStore } from './plotStore';

export type { BusPlotState } from './busPlotHandles';

const OPENING: BusPlotSnapshot = { plot: { state: 'opening' }, updateProblem: null };

export function useBusPlot(profileId: string, viewKey: string, spec: PlotSpec): BusPlotSnapshot {
  const { plots } = usePlotStore();
  const snapshot = useSyncExternalStore(
    (onChange) => plots.subscribe(onChange),
    () => plots.snapshot(viewKey) ?? OPENING,
  );

  useEffect(() => {
    plots.show(viewKey, profileId, spec);
    // Shown once per mount with the spec of that moment; later specs go through change().
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [plots, viewKey, profileId]);

  useEffect(() => {
    plots.change(viewKey, spec);
  }, [plots, viewKey, spec]);

  return snapshot;
}

/**
 * Calls `onFrame` with the live picture of `plotId` after each of its frames
 * (none while plotId is null): the frame chain applied (livePicture.ts).
 * When a frame of the chain went missing (a host drops frames for a tab that
 * falls behind), the last picture stays and the bus is asked for a keyframe.
 */
export function usePlotFrames(plotId: string | null, onFrame: (frame: PlotFrame) => void): void {
  const api = useLabwireApi();
  const latestOnFrame = useRef(onFrame);
  useEffect(() => {
    latestOnFrame.current = onFrame;
  }, [onFrame]);
  useEffect(() => {
    if (plotId === null) return;
    const live = new LivePicture();
    return api.onDidReceiveFrame((frame) => {
      if (frame.kind !== 'plot' || frame.plotId !== plotId) return;
      const applied = live.apply(frame);
      if (applied.state === 'picture') latestOnFrame.current(applied.picture);
      else if (applied.shouldAsk) void api.request('plots:keyframe', { plotId });
    });
  }, [api, plotId]);
}
