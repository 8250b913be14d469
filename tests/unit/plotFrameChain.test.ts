/**
 * Live plot frames as a chain (PlotFrame, src/shared/livePicture.ts): a
 * receiver that applies every continuation to the first keyframe must hold
 * exactly the picture a fresh keyframe would show, while each continuation
 * carries only a few columns.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pack } from 'msgpackr';
import { PlotStream } from '../../src/bus/plots/plotStream';
import { PlotView } from '../../src/bus/plots/plotView';
import { LivePicture } from '../../src/shared/livePicture';
import { DEFAULT_EEG_FILTERS, type PlotFrame, type PlotSpec } from '../../src/shared/plots';

const START_MS = 1_700_000_000_000;
const CHANNELS = ['Ch0', 'Ch1', 'Ch2', 'Ch3'];

interface Scenario {
  rateHz: number;
  windowSeconds: number;
  pixelWidth: number;
  filters: typeof DEFAULT_EEG_FILTERS;
  /** Samples not published (a gap). */
  skip?: (sample: number) => boolean;
}

function message(sample: number, rateHz: number): { channel: Buffer; pattern: null; payload: Buffer; receivedAt: number } {
  const seconds = sample / rateHz;
  const channels: Record<string, number> = {};
  CHANNELS.forEach((name, index) => {
    channels[name] = 20 * Math.sin(2 * Math.PI * (7 + index) * seconds) + (sample % 997 === 0 ? 300 : 0);
  });
  const timeMs = START_MS + (sample * 1000) / rateHz;
  return { channel: Buffer.from('user:chain:raw'), pattern: null, payload: pack({ timestamp: timeMs / 1000, channels }), receivedAt: timeMs };
}

function specOf(scenario: Scenario): Extract<PlotSpec, { kind: 'eeg' }> {
  return {
    kind: 'eeg',
    target: { kind: 'channel', name: 'user:chain:raw' },
    fieldPath: 'channels.*',
    timeSource: 'message',
    windowSeconds: scenario.windowSeconds,
    filters: scenario.filters,
    pixelWidth: scenario.pixelWidth,
    shouldComputeSpectrum: false,
  };
}

function newStream(): PlotStream {
  const created = PlotStream.create({ kind: 'eeg', channel: 'user:chain:raw', fieldPaths: ['channels.*'], match: null, timeSource: 'message' });
  assert.ok(created.ok);
  return created.value;
}

/** Same length, and every value equal (NaN where NaN). */
function samePoints(left: ArrayLike<number>, right: ArrayLike<number>): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) {
    const a = left[index]!;
    const b = right[index]!;
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) return false;
  }
  return true;
}

/**
 * Publishes `seconds` of samples in bursts of `burstMs`, building a live
 * frame after each burst and applying it; at the end a second view of the
 * same stream builds a keyframe to compare with.
 */
function runChain(scenario: Scenario, seconds: number, burstMs: number): { picture: PlotFrame; keyframe: PlotFrame; continuations: PlotFrame[] } {
  const stream = newStream();
  const spec = specOf(scenario);
  const view = new PlotView('plot-chain', 'profile-1', stream, spec);
  const live = new LivePicture();
  const continuations: PlotFrame[] = [];
  let picture: PlotFrame | null = null;
  const samplesPerBurst = Math.max(1, Math.round((scenario.rateHz * burstMs) / 1000));
  const total = Math.round(seconds * scenario.rateHz);
  for (let sample = 0; sample < total; sample += samplesPerBurst) {
    for (let index = sample; index < Math.min(total, sample + samplesPerBurst); index++) {
      if (!scenario.skip?.(index)) stream.ingest(message(index, scenario.rateHz));
    }
    if (!view.isFrameDue(performance.now())) continue;
    const frame = view.buildFrame();
    if (frame.replaceFrom !== null) continuations.push(frame);
    const applied = live.apply(frame);
    assert.equal(applied.state, 'picture', `frame ${frame.seq} applies`);
    if (applied.state === 'picture') picture = applied.picture;
  }
  const fresh = new PlotView('plot-fresh', 'profile-1', stream, spec);
  const keyframe = fresh.buildFrame();
  assert.ok(picture !== null);
  return { picture, keyframe, continuations };
}

/**
 * The same points, except the value of the first one: that is the last point
 * before the window (drawn only as the line entering at the left edge). A
 * keyframe takes the sample there; a picture that slid keeps that column's
 * min or max, at the same time.
 */
function assertSamePicture(picture: PlotFrame, keyframe: PlotFrame): void {
  assert.equal(keyframe.replaceFrom, null);
  const afterEdge = (values: ArrayLike<number>): number[] => Array.from(values).slice(1);
  assert.deepStrictEqual(
    {
      length: picture.x.length,
      x: samePoints(picture.x, keyframe.x),
      ys: picture.ys.map((values, series) => samePoints(afterEdge(values), afterEdge(keyframe.ys[series]!))),
      isEdgeBeforeWindow: picture.x[0]! < keyframe.keepFrom,
    },
    { length: keyframe.x.length, x: true, ys: keyframe.ys.map(() => true), isEdgeBeforeWindow: true },
  );
}

describe('plot frame chain', () => {
  test('decimated EEG (1 kHz, 4 s window over 400 px): continuations rebuild the keyframe and stay small', () => {
    const scenario: Scenario = { rateHz: 1000, windowSeconds: 4, pixelWidth: 400, filters: { ...DEFAULT_EEG_FILTERS, highPassHz: 0 } };
    const { picture, keyframe, continuations } = runChain(scenario, 9, 20);
    assertSamePicture(picture, keyframe);
    assert.equal(keyframe.isDecimated, true);
    // 20 ms of samples on a 10 ms grid: the column still filling, two new ones, perhaps one more. (Raw ones, while the window fills, carry their samples.)
    const decimated = continuations.filter((frame) => frame.isDecimated);
    const largest = Math.max(...decimated.map((frame) => frame.x.length));
    assert.ok(decimated.length > 200, `${decimated.length} decimated continuations`);
    assert.ok(largest <= 3 * 4, `a continuation carried ${largest} points; the keyframe carries ${keyframe.x.length}`);
  });

  test('filtered EEG with a gap of 700 ms: the break point and the filter state come out the same', () => {
    const scenario: Scenario = {
      rateHz: 500,
      windowSeconds: 3,
      pixelWidth: 300,
      filters: { ...DEFAULT_EEG_FILTERS, highPassHz: 1, notchHz: 50 },
      skip: (sample) => sample >= 2000 && sample < 2350,
    };
    const { picture, keyframe } = runChain(scenario, 5, 33);
    assertSamePicture(picture, keyframe);
    assert.ok(
      keyframe.ys[0]!.some((value) => Number.isNaN(value)),
      'the gap breaks the line',
    );
  });

  test('raw samples (100 Hz, 5 s window over 800 px): continuations rebuild the keyframe', () => {
    const scenario: Scenario = { rateHz: 100, windowSeconds: 5, pixelWidth: 800, filters: { ...DEFAULT_EEG_FILTERS, highPassHz: 0 } };
    const { picture, keyframe } = runChain(scenario, 8, 50);
    assert.equal(keyframe.isDecimated, false);
    assertSamePicture(picture, keyframe);
  });

  test('a receiver that misses a frame asks once for a keyframe, keeps its picture, and recovers with it', () => {
    const stream = newStream();
    const view = new PlotView('plot-miss', 'profile-1', stream, specOf({ rateHz: 1000, windowSeconds: 2, pixelWidth: 200, filters: DEFAULT_EEG_FILTERS }));
    const live = new LivePicture();
    let sample = 0;
    const nextFrame = (): PlotFrame => {
      for (const end = sample + 20; sample < end; sample++) stream.ingest(message(sample, 1000));
      return view.buildFrame();
    };
    const first = live.apply(nextFrame());
    nextFrame(); // lost on the way
    const afterLoss = [live.apply(nextFrame()), live.apply(nextFrame())];
    view.requestKeyframe();
    const keyframe = nextFrame();
    const recovered = live.apply(keyframe);
    const continued = live.apply(nextFrame());
    assert.deepStrictEqual(
      {
        first: first.state,
        afterLoss: afterLoss.map((result) => (result.state === 'missed' ? `missed, ask ${result.shouldAsk}` : result.state)),
        keyframe: keyframe.replaceFrom,
        recovered: recovered.state,
        continued: continued.state,
      },
      { first: 'picture', afterLoss: ['missed, ask true', 'missed, ask false'], keyframe: null, recovered: 'picture', continued: 'picture' },
    );
  });

  test('new settings start a new chain with a keyframe', () => {
    const stream = newStream();
    const spec = specOf({ rateHz: 1000, windowSeconds: 2, pixelWidth: 200, filters: DEFAULT_EEG_FILTERS });
    const view = new PlotView('plot-settings', 'profile-1', stream, spec);
    let sample = 0;
    const nextFrame = (): PlotFrame => {
      for (const end = sample + 20; sample < end; sample++) stream.ingest(message(sample, 1000));
      return view.buildFrame();
    };
    const kinds = [nextFrame(), nextFrame()].map((frame) => frame.replaceFrom === null);
    view.configure({ ...spec, windowSeconds: 5 });
    kinds.push(nextFrame().replaceFrom === null, nextFrame().replaceFrom === null);
    assert.deepStrictEqual(kinds, [true, false, true, false]);
  });
});
