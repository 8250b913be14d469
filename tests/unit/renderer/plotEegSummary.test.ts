import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawnPlotFrame, NO_STATS } from './support/drawnPlotFrame';
import type { PlotFrame } from '../../../src/shared/plots';
import { DrawnSummaryPublisher, isWaitingForSamples } from '../../../src/renderer/src/features/plots/drawnSummary';
import { DrawRateMeter, eegSayingOf, summarizeEegPicture, type EegSummary } from '../../../src/renderer/src/features/plots/eegSummary';
import { LaneStatistics } from '../../../src/renderer/src/features/plots/laneStatistics';

const picture = drawnPlotFrame;

/** What the chart does on a draw: measure the lanes of the frame it shows. */
function summaryOfDrawn(frame: PlotFrame | null, autoScale: number | null = 20): EegSummary {
  const statistics = new LaneStatistics();
  statistics.measure(frame?.ys ?? []);
  return summarizeEegPicture({ frame, statistics, autoScale }, frame?.stats ?? NO_STATS, null);
}

/** The words around the montage: placeholder or samples, badge, lanes with a trace or "no finite values". */
function words(summary: EegSummary): string {
  const lanes = summary.seriesNames.map((name) => `${name}${summary.rmsByName.has(name) ? '' : summary.emptyLaneNames.includes(name) ? ' no finite values' : ' –'}`);
  const said = isWaitingForSamples(summary) ? 'Waiting for samples on user:demo1:raw…' : `${summary.stats.samples} samples received`;
  return [said, summary.isDecimated ? 'Decimated' : 'Raw', `Auto (${summary.autoScale} µV/div)`, ...lanes].join(' | ');
}

test('the first traces, a lane losing its finite values, new lanes, the badge and the scale reach the words with the draw, not on the next tick', () => {
  const published: string[] = [];
  const publisher = new DrawnSummaryPublisher<EegSummary>((summary) => published.push(words(summary)), eegSayingOf);
  const draw = (frame: PlotFrame | null, autoScale?: number): void => publisher.didDraw(summaryOfDrawn(frame, autoScale));
  const lanes = ['channels.Ch0', 'channels.Ch1'];
  draw(null);
  draw(picture(lanes, [1, 2], [[3, 4], [5, 6]], 2));
  // Only the numbers moved: these wait for the clock.
  draw(picture(lanes, [1, 2, 3], [[3, 4, 5], [5, 6, 7]], 3));
  draw(picture(lanes, [2, 3, 4], [[4, 5, 6], [Number.NaN, Number.NaN, Number.NaN]], 4));
  draw(picture(lanes, [2, 3, 4], [[4, 5, 6], [7, 8, 9]], 4, true));
  draw(picture(lanes, [2, 3, 4], [[4, 5, 6], [7, 8, 9]], 4, true), 50);
  draw(picture(['channels.Ch0'], [5], [[1]], 5, true), 50);
  assert.deepStrictEqual(published, [
    'Waiting for samples on user:demo1:raw… | Raw | Auto (20 µV/div)',
    '2 samples received | Raw | Auto (20 µV/div) | channels.Ch0 | channels.Ch1',
    '4 samples received | Raw | Auto (20 µV/div) | channels.Ch0 | channels.Ch1 no finite values',
    '4 samples received | Decimated | Auto (20 µV/div) | channels.Ch0 | channels.Ch1',
    '4 samples received | Decimated | Auto (50 µV/div) | channels.Ch0 | channels.Ch1',
    '5 samples received | Decimated | Auto (50 µV/div) | channels.Ch0',
  ]);
  publisher.tick(summaryOfDrawn(picture(['channels.Ch0'], [5, 6], [[1, 2]], 6, true), 50));
  assert.equal(published.at(-1), '6 samples received | Decimated | Auto (50 µV/div) | channels.Ch0');
});

test('traces on screen are never "waiting", whatever the counters say; nothing drawn has no lanes to name', () => {
  const drawn = picture(['channels.Ch0', 'channels.Ch1'], [1, 2], [[3, 5], [Number.NaN, Number.NaN]], 0);
  const statistics = new LaneStatistics();
  statistics.measure(drawn.ys);
  const summary = summarizeEegPicture({ frame: drawn, statistics, autoScale: null }, NO_STATS, 60);
  const nothingDrawn = summarizeEegPicture({ frame: null, statistics: new LaneStatistics(), autoScale: null }, { ...NO_STATS, samples: 0 }, null);
  assert.deepStrictEqual(
    {
      isWaiting: isWaitingForSamples(summary),
      rmsByName: [...summary.rmsByName],
      emptyLaneNames: summary.emptyLaneNames,
      drawnPerSecond: summary.drawnPerSecond,
      nothingDrawn: { isWaiting: isWaitingForSamples(nothingDrawn), seriesNames: nothingDrawn.seriesNames },
    },
    { isWaiting: false, rmsByName: [['channels.Ch0', 1]], emptyLaneNames: ['channels.Ch1'], drawnPerSecond: 60, nothingDrawn: { isWaiting: true, seriesNames: [] } },
  );
});

test('the draw rate counts the draws since the last reading, from when the meter was made', () => {
  let drawn = 10;
  const meter = new DrawRateMeter(() => drawn, 1000);
  const before = meter.perSecond;
  drawn = 25;
  const first = meter.measure(1250);
  drawn = 40;
  assert.deepStrictEqual([before, first, meter.measure(1750)], [null, 60, 30]);
});
