import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ActualRateMeter } from '../../src/bus/plots/sampleRate';

/** Feeds `rateHz` samples per second from `fromMs` to `toMs` (epoch ms). */
function feed(meter: ActualRateMeter, rateHz: number, fromMs: number, toMs: number): void {
  for (let atMs = fromMs; atMs < toMs; atMs += 1000 / rateHz) meter.add(atMs);
}

const START_MS = 1_700_000_000_000;

describe('actual rate', () => {
  test('a fast stream is counted over the last second and falls to zero a second after it stops', () => {
    const meter = new ActualRateMeter();
    feed(meter, 250, START_MS, START_MS + 5_000);
    const running = meter.rateHz(START_MS + 5_000);
    const stoppedOneSecond = meter.rateHz(START_MS + 6_100);
    assert.deepStrictEqual({ running, stoppedOneSecond }, { running: 250, stoppedOneSecond: 0 });
  });

  test('a device sending every two seconds reads about 0.5 Hz at any moment (one sample more or less in ten seconds), never 0 or 1 Hz', () => {
    const meter = new ActualRateMeter();
    let nextSampleMs = START_MS;
    const readings = [30_000, 30_700, 31_300, 31_900, 32_500].map((offsetMs) => {
      for (; nextSampleMs <= START_MS + offsetMs; nextSampleMs += 2_000) meter.add(nextSampleMs);
      return meter.rateHz(START_MS + offsetMs);
    });
    assert.ok(
      readings.every((rate) => rate !== null && rate >= 0.4 && rate <= 0.6),
      `readings ${readings.join(', ')}`,
    );
  });

  test('a slow stream that stopped decays to zero within ten seconds', () => {
    const meter = new ActualRateMeter();
    feed(meter, 1, START_MS, START_MS + 20_000);
    const readings = [20_000, 25_000, 30_100].map((offsetMs) => meter.rateHz(START_MS + offsetMs));
    assert.deepStrictEqual(readings, [1, 0.5, 0]);
  });

  test('a 1 Hz device is not known until ten seconds after its first sample, then reads 1 Hz (never 0.5 Hz five seconds in)', () => {
    const meter = new ActualRateMeter();
    feed(meter, 1, START_MS + 50, START_MS + 12_000);
    const readings = [1_000, 5_000, 10_000, 10_200, 12_000].map((offsetMs) => meter.rateHz(START_MS + offsetMs));
    assert.deepStrictEqual(readings, [null, null, null, 1, 1]);
  });

  test('a fast stream is not known in its first second, then reads its rate', () => {
    const meter = new ActualRateMeter();
    feed(meter, 250, START_MS + 50, START_MS + 2_000);
    const readings = [START_MS + 500, START_MS + 1_000, START_MS + 1_200].map((atMs) => meter.rateHz(atMs));
    assert.deepStrictEqual(readings, [null, null, 250]);
  });

  test('a meter that has heard nothing does not know a rate', () => {
    assert.strictEqual(new ActualRateMeter().rateHz(START_MS), null);
  });
});
