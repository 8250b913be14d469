import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BusEvent, BusFrame, LabwireApi, RequestMethod, RequestParams, RequestResult } from '../../../src/shared/contract';
import { DEFAULT_EEG_FILTERS, type PlotInfo, type PlotSpec } from '../../../src/shared/plots';
import { fail, ok, type Result } from '../../../src/shared/result';
import { BusPlotHandles } from '../../../src/renderer/src/features/plots/busPlotHandles';

const spec: PlotSpec = {
  kind: 'eeg',
  target: { kind: 'channel', name: 'user:a:raw' },
  fieldPath: 'channels.*',
  timeSource: 'message',
  windowSeconds: 10,
  filters: DEFAULT_EEG_FILTERS,
  pixelWidth: 800,
  shouldComputeSpectrum: true,
};

/** Stands in for the bus behind the transport: opens plots, forgets them when told (as a closed connection does). */
class FakePlotApi implements LabwireApi {
  readonly calls: string[] = [];
  readonly open = new Set<string>();
  private nextPlot = 1;

  async request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<Result<RequestResult<M>>> {
    const answer = this.answer(method, params as Record<string, unknown>);
    this.calls.push(`${method} ${answer.ok ? 'ok' : answer.error.code}`);
    return answer as Result<RequestResult<M>>;
  }

  onDidReceiveEvent(_listener: (event: BusEvent) => void): () => void {
    return () => undefined;
  }

  onDidReceiveFrame(_listener: (frame: BusFrame) => void): () => void {
    return () => undefined;
  }

  private answer(method: RequestMethod, params: Record<string, unknown>): Result<unknown> {
    const plotId = params.plotId as string;
    switch (method) {
      case 'plots:open': {
        const info: PlotInfo = { plotId: `plot-${this.nextPlot++}`, profileId: params.profileId as string, spec: params.spec as PlotSpec, seriesNames: [], historySeconds: 300 };
        this.open.add(info.plotId);
        return ok(info);
      }
      case 'plots:keyframe':
        return this.open.has(plotId) ? ok({ plotId }) : fail('NOT_FOUND', 'That plot is no longer open.');
      case 'plots:update':
        return this.open.has(plotId) ? ok({ plotId, profileId: 'lab', spec: params.spec as PlotSpec, seriesNames: [], historySeconds: 300 }) : fail('NOT_FOUND', 'That plot is no longer open.');
      case 'plots:close':
        this.open.delete(plotId);
        return ok({ plotId });
      default:
        return fail('INTERNAL', `unexpected ${method}`);
    }
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('a view shown again takes its open plot and asks a keyframe; only release closes it; a plot the bus forgot is opened again', async () => {
  const api = new FakePlotApi();
  const handles = new BusPlotHandles(api);
  handles.show('eeg:user:a:raw', 'lab', spec);
  handles.show('eeg:user:a:raw/predictions', 'lab', { kind: 'telemetry', target: { kind: 'channel', name: 'user:a:predictions' }, fieldPaths: ['data.workload'], match: null, timeSource: 'message', windowSeconds: 10, pixelWidth: 800 });
  await settle();
  // The tab is left and shown again: nothing closes, the view asks a keyframe.
  handles.show('eeg:user:a:raw', 'lab', spec);
  await settle();
  handles.change('eeg:user:a:raw', { ...spec, windowSeconds: 5 });
  await settle();
  const afterChange = handles.snapshot('eeg:user:a:raw');
  // The connection closed meanwhile: the bus no longer has the plot.
  api.open.clear();
  handles.show('eeg:user:a:raw', 'lab', { ...spec, windowSeconds: 5 });
  await settle();
  await settle();
  handles.release('eeg:user:a:raw');
  await settle();
  assert.deepStrictEqual(
    { calls: api.calls, afterChange: afterChange?.plot.state === 'open' ? afterChange.plot.info.spec.windowSeconds : null, stillOpen: [...api.open], snapshot: handles.snapshot('eeg:user:a:raw') },
    {
      calls: ['plots:open ok', 'plots:open ok', 'plots:keyframe ok', 'plots:update ok', 'plots:keyframe NOT_FOUND', 'plots:open ok', 'plots:close ok', 'plots:close ok'],
      afterChange: 5,
      stillOpen: [],
      snapshot: null,
    },
  );
});
