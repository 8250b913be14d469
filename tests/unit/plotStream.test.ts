import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pack } from 'msgpackr';
import { HistoryBudget, historyCapacity, MAX_EEG_HISTORY_BYTES, ringBytes } from '../../src/bus/plots/historySizing';
import type { SourceMessage } from '../../src/bus/plots/plotSource';
import { PlotStream, type PlotStreamOptions } from '../../src/bus/plots/plotStream';
import { PlotView } from '../../src/bus/plots/plotView';
import { DEFAULT_EEG_FILTERS, type EegFilterSettings, type PlotFrame, type PlotSpec } from '../../src/shared/plots';

/** Divisible by 100 ms, so the actual-rate buckets line up with the samples. */
const START_MS = 1_700_000_000_000;
const RATE_HZ = 1000;
const SECONDS = 12;
/** Inserted out of order on purpose: the plot must sort them naturally. */
const CHANNEL_NAMES = ['Ch11', 'Ch10', 'Ch5', 'Ch4', 'Ch3', 'Ch2', 'Ch1', 'Ch0'];
const NATURAL_NAMES = ['Ch0', 'Ch1', 'Ch2', 'Ch3', 'Ch4', 'Ch5', 'Ch10', 'Ch11'].map((name) => `channels.${name}`);
const SPIKE_SAMPLE = 6_543;
const SPIKE_UV = 500;
const NO_FILTERS: EegFilterSettings = { ...DEFAULT_EEG_FILTERS, highPassHz: 0 };
const channelOf = (frame: PlotFrame, name: string): Float32Array => frame.ys[frame.seriesNames.indexOf(`channels.${name}`)]!;

/** Ch0 carries 40 µV of 50 Hz mains over a 10 µV alpha; the others alpha of different sizes; Ch3 one spike. */
function eegValue(name: string, sample: number): number {
  const seconds = sample / RATE_HZ;
  const alpha = 10 * Math.sin(2 * Math.PI * 10 * seconds);
  if (name === 'Ch0') return alpha + 40 * Math.sin(2 * Math.PI * 50 * seconds);
  if (name === 'Ch3' && sample === SPIKE_SAMPLE) return SPIKE_UV;
  return alpha * (1 + CHANNEL_NAMES.indexOf(name) / 10);
}

function eegMessage(sample: number, timestamp: unknown = (START_MS + sample) / 1000): SourceMessage {
  const channels: Record<string, number> = {};
  for (const name of CHANNEL_NAMES) channels[name] = eegValue(name, sample);
  return {
    channel: Buffer.from('user:test:raw'),
    pattern: null,
    payload: pack({ type: 'raw', timestamp, channels }),
    receivedAt: START_MS + sample + 5,
  };
}

function eegStream(options: PlotStreamOptions = {}, skip: (sample: number) => boolean = () => false): PlotStream {
  const created = PlotStream.create(
    { kind: 'eeg', channel: 'user:test:raw', fieldPaths: ['channels.*'], match: null, timeSource: 'message' },
    { now: () => START_MS + SECONDS * RATE_HZ + 50, ...options },
  );
  assert.ok(created.ok);
  for (let sample = 0; sample < SECONDS * RATE_HZ; sample++) if (!skip(sample)) created.value.ingest(eegMessage(sample));
  return created.value;
}

function eegSpec(overrides: Partial<Extract<PlotSpec, { kind: 'eeg' }>> = {}): Extract<PlotSpec, { kind: 'eeg' }> {
  return {
    kind: 'eeg',
    target: { kind: 'channel', name: 'user:test:raw' },
    fieldPath: 'channels.*',
    timeSource: 'message',
    windowSeconds: 10,
    filters: NO_FILTERS,
    pixelWidth: 500,
    shouldComputeSpectrum: false,
    ...overrides,
  };
}

function peak(values: Float32Array, from = 0): number {
  let largest = 0;
  for (let index = from; index < values.length; index++) if (Math.abs(values[index]!) > largest) largest = Math.abs(values[index]!);
  return largest;
}

const stream = eegStream();
/** The column width of eegSpec(): 10 s over 500 px. */
const COLUMN_SECONDS = 10 / 500;

describe('plot stream: EEG frames', () => {
  test('frames carry uPlot-ordered columns, natural-sorted names and stay within the pixel width', () => {
    const view = new PlotView('plot-1', 'profile-1', stream, eegSpec());
    const frame = view.buildFrame();
    const newestSeconds = (START_MS + SECONDS * RATE_HZ - 1) / 1000;
    const isAscending = frame.x.every((x, index) => index === 0 || x >= frame.x[index - 1]!);
    assert.deepStrictEqual(
      {
        seriesNames: frame.seriesNames,
        xType: frame.x.constructor.name,
        yTypes: [...new Set(frame.ys.map((column) => column.constructor.name))],
        areColumnsAligned: frame.ys.every((column) => column.length === frame.x.length),
        isAscending,
        isDecimated: frame.isDecimated,
        isWithinPixelBudget: frame.x.length <= 3 * (500 + 1 + 2) && frame.x.length >= 500,
        lastX: frame.x[frame.x.length - 1],
        // The keyframe starts on the column grid: its first point is the last sample before the column that holds the window's start.
        firstXIsEdge: frame.x[0]! <= newestSeconds - 10 && frame.x[0]! >= newestSeconds - 10 - COLUMN_SECONDS - 0.002,
        newestPublishedAt: frame.newestPublishedAt,
        hasNoNaN: frame.ys.every((column) => column.every((value) => !Number.isNaN(value))),
      },
      {
        seriesNames: NATURAL_NAMES,
        xType: 'Float64Array',
        yTypes: ['Float32Array'],
        areColumnsAligned: true,
        isAscending: true,
        isDecimated: true,
        isWithinPixelBudget: true,
        lastX: newestSeconds,
        firstXIsEdge: true,
        newestPublishedAt: START_MS + SECONDS * RATE_HZ - 1,
        hasNoNaN: true,
      },
    );
  });

  test('a one-sample spike survives decimation of 10,000 samples to 200 columns', () => {
    const view = new PlotView('plot-1', 'profile-1', stream, eegSpec({ pixelWidth: 200 }));
    const frame = view.buildFrame();
    const spikeColumn = channelOf(frame, 'Ch3');
    const spikeIndex = spikeColumn.indexOf(SPIKE_UV);
    assert.deepStrictEqual(
      { peak: peak(spikeColumn), isNearSpikeTime: Math.abs(frame.x[spikeIndex]! - (START_MS + SPIKE_SAMPLE) / 1000) < 10 / 200 },
      { peak: SPIKE_UV, isNearSpikeTime: true },
    );
  });

  test('the 50 Hz notch changes the display of the mains channel and leaves the raw history alone', () => {
    const spec = eegSpec({ windowSeconds: 1, pixelWidth: 600 });
    const view = new PlotView('plot-1', 'profile-1', stream, spec);
    const before = view.buildFrame();
    view.configure({ ...spec, filters: { ...NO_FILTERS, notchHz: 50 } });
    const notched = view.buildFrame();
    const half = Math.floor(notched.x.length / 2);
    const rawCh0 = stream.ring.channel(stream.displayOrder()[0]!);
    const held = stream.ring.held({ start: 0, end: 0 });
    assert.deepStrictEqual(
      {
        // 1001 samples in the closed second, plus the one before it at the left edge.
        isRawShown: before.isDecimated === false && before.x.length === 1002,
        isMainsVisibleBefore: peak(channelOf(before, 'Ch0'), half) > 45,
        isMainsGoneAfter: peak(channelOf(notched, 'Ch0'), half) < 13,
        isAlphaKept: peak(channelOf(notched, 'Ch1'), half) > 9,
        isRawHistoryUnfiltered: peak(rawCh0.subarray(held.end - 500, held.end)) > 45,
      },
      { isRawShown: true, isMainsVisibleBefore: true, isMainsGoneAfter: true, isAlphaKept: true, isRawHistoryUnfiltered: true },
    );
  });

  test('stats: nominal rate from the spacing, actual rate over the last second, no gaps or late samples', () => {
    const stats = stream.stats();
    assert.deepStrictEqual(
      { ...stats, isNominalNear1000: Math.abs(stats.nominalRateHz! - 1000) <= 1, nominalRateHz: 'checked' },
      { nominalRateHz: 'checked', isNominalNear1000: true, actualRateHz: 1000, samples: 12_000, gaps: 0, late: 0, overwritten: 0 },
    );
  });

  test('a silence of 200 samples breaks the line with NaN and counts one gap, decimated or not', () => {
    const gapped = eegStream({}, (sample) => sample >= 11_500 && sample < 11_700);
    const decimated = new PlotView('plot-1', 'profile-1', gapped, eegSpec()).buildFrame();
    const raw = new PlotView('plot-2', 'profile-1', gapped, eegSpec({ windowSeconds: 1, pixelWidth: 1000 })).buildFrame();
    const nanTimes = (frame: PlotFrame): number[] =>
      [...frame.ys[0]!.keys()].filter((index) => Number.isNaN(frame.ys[0]![index]!)).map((index) => Math.round(frame.x[index]! * 1000) - START_MS);
    assert.deepStrictEqual(
      { gaps: gapped.stats().gaps, decimated: nanTimes(decimated), raw: nanTimes(raw), isRawUndecimated: raw.isDecimated },
      { gaps: 1, decimated: [11_600], raw: [11_600], isRawUndecimated: false },
    );
  });

  test('range() serves a frozen window from history, filtered on demand when older than the display ring', () => {
    const spec = eegSpec({ windowSeconds: 1, pixelWidth: 300, filters: { ...NO_FILTERS, notchHz: 50 } });
    const view = new PlotView('plot-1', 'profile-1', stream, spec);
    view.buildFrame();
    const fromMs = START_MS + 2000;
    const toMs = START_MS + 4000;
    const filtered = view.range(fromMs, toMs, 300);
    const unfiltered = new PlotView('plot-2', 'profile-1', stream, eegSpec()).range(fromMs, toMs, 300);
    const recent = view.range(START_MS + 10_000, START_MS + 11_900, 300);
    assert.ok(filtered.ok && unfiltered.ok);
    const frame = filtered.value;
    assert.deepStrictEqual(
      {
        seriesNames: frame.seriesNames,
        isDecimated: frame.isDecimated,
        isWithinPixelBudget: frame.x.length <= 3 * (300 + 2),
        firstMs: Math.round(frame.x[0]! * 1000) - START_MS,
        lastMs: Math.round(frame.x[frame.x.length - 1]! * 1000) - START_MS,
        isMainsGoneInRange: peak(channelOf(frame, 'Ch0'), 10) < 13,
        isMainsInRawRange: peak(channelOf(unfiltered.value, 'Ch0')) > 45,
        isMainsGoneInDisplayRing: recent.ok && peak(channelOf(recent.value, 'Ch0'), 10) < 13,
        backwards: view.range(toMs, fromMs, 300).ok,
      },
      {
        seriesNames: NATURAL_NAMES,
        isDecimated: true,
        isWithinPixelBudget: true,
        firstMs: 1999,
        lastMs: 4001,
        isMainsGoneInRange: true,
        isMainsInRawRange: true,
        isMainsGoneInDisplayRing: true,
        backwards: false,
      },
    );
  });

  test('the spectrum of a 10 Hz channel peaks at 10 Hz and its band power is mostly alpha', () => {
    const view = new PlotView('plot-1', 'profile-1', stream, eegSpec({ shouldComputeSpectrum: true }));
    const frame = view.buildFrame();
    const spectrum = frame.spectrum!;
    const ch1 = frame.seriesNames.indexOf('channels.Ch1');
    const power = spectrum.power[ch1]!;
    const peakBin = power.indexOf(Math.max(...power));
    const bands = [...spectrum.bandPowers[ch1]!];
    const alpha = bands[2]!;
    const total = bands.reduce((sum, value) => sum + value, 0);
    assert.deepStrictEqual(
      {
        peakHz: Math.round(spectrum.frequenciesHz[peakBin]!),
        isAlphaDominant: alpha > 0.9 * total,
        series: spectrum.power.length,
        nextFrameHasSpectrum: view.buildFrame().spectrum !== undefined,
      },
      { peakHz: 10, isAlphaDominant: true, series: 8, nextFrameHasSpectrum: false },
    );
  });
});

describe('plot stream: history', () => {
  test('the history honours its byte budget and counts what it overwrote', () => {
    const small = eegStream({ budget: new HistoryBudget(ringBytes(2000, 8)) });
    const held = small.ring.held({ start: 0, end: 0 });
    assert.deepStrictEqual(
      {
        capacity: small.ring.capacity,
        overwritten: small.stats().overwritten,
        samples: small.stats().samples,
        historySeconds: small.historySeconds(),
        oldestMs: small.ring.timestamps[held.start]! - START_MS,
      },
      { capacity: 4096, overwritten: 12_000 - 4096, samples: 12_000, historySeconds: 4.1, oldestMs: 12_000 - 4096 },
    );
  });

  test('EEG history holds at least 5 minutes at 64 channels x 1 kHz, and the full stream sized itself for it', () => {
    const capacity = historyCapacity('eeg', 1000, 64, MAX_EEG_HISTORY_BYTES);
    assert.deepStrictEqual(
      { isFiveMinutes: capacity >= 300_000, megabytes: Math.round(ringBytes(capacity, 64) / 1e6), streamSeconds: stream.historySeconds() >= 300 },
      { isFiveMinutes: true, megabytes: 166, streamSeconds: true },
    );
  });
});

describe('plot stream: time sources and messages', () => {
  const timestamps: Record<string, (sample: number) => unknown> = {
    seconds: (sample) => (START_MS + sample * 10) / 1000,
    milliseconds: (sample) => START_MS + sample * 10,
    iso: (sample) => new Date(START_MS + sample * 10).toISOString(),
  };

  test('message timestamps in seconds, milliseconds and ISO all give epoch-second x values', () => {
    const xs: Record<string, number[]> = {};
    for (const [unit, timestampOf] of Object.entries(timestamps)) {
      const created = PlotStream.create({ kind: 'eeg', channel: 'c', fieldPaths: ['channels.*'], match: null, timeSource: 'message' });
      assert.ok(created.ok);
      for (let sample = 0; sample < 50; sample++) created.value.ingest({ ...eegMessage(sample, timestampOf(sample)), receivedAt: START_MS + 99_000 });
      const frame = new PlotView('p', 'q', created.value, eegSpec({ windowSeconds: 1, pixelWidth: 100 })).buildFrame();
      xs[unit] = [...frame.x.slice(0, 3)].map((x) => Math.round(x * 1000) / 1000);
    }
    const expected = [0, 1, 2].map((sample) => (START_MS + sample * 10) / 1000);
    assert.deepStrictEqual(xs, { seconds: expected, milliseconds: expected, iso: expected });
  });

  test('the receive time stands in for a missing timestamp and is counted; receive-time plots use it always', () => {
    const byMessage = PlotStream.create({ kind: 'eeg', channel: 'c', fieldPaths: ['channels.*'], match: null, timeSource: 'message' });
    const byReceive = PlotStream.create({ kind: 'eeg', channel: 'c', fieldPaths: ['channels.*'], match: null, timeSource: 'receive' });
    assert.ok(byMessage.ok && byReceive.ok);
    byMessage.value.ingest(eegMessage(0, 'not a time'));
    byMessage.value.ingest(eegMessage(1));
    byMessage.value.ingest(eegMessage(2, (START_MS - 500) / 1000));
    byReceive.value.ingest(eegMessage(0));
    const held = (plotStream: PlotStream): number[] => {
      const range = plotStream.ring.held({ start: 0, end: 0 });
      return [...plotStream.ring.timestamps.subarray(range.start, range.end)].map((time) => Math.round(time - START_MS));
    };
    assert.deepStrictEqual(
      {
        messageTimes: held(byMessage.value),
        fallbacks: byMessage.value.counts().receiveTimeFallbacks,
        late: byMessage.value.stats().late,
        receiveTimes: held(byReceive.value),
      },
      // Both late samples are kept at the previous time so the history stays ordered.
      { messageTimes: [5, 5, 5], fallbacks: 1, late: 2, receiveTimes: [5] },
    );
  });

  test('receive times that arrive in bursts still give the nominal rate, without false gaps', () => {
    const created = PlotStream.create({ kind: 'eeg', channel: 'c', fieldPaths: ['channels.*'], match: null, timeSource: 'receive' });
    assert.ok(created.ok);
    // 1 kHz delivered as socket reads of 20 messages every 20 ms, each read up to 7 ms late.
    for (let sample = 0; sample < 6000; sample++) {
      const read = Math.floor(sample / 20);
      const jitterMs = (read * 7919) % 8;
      created.value.ingest({ ...eegMessage(sample), receivedAt: START_MS + read * 20 + jitterMs });
    }
    const stats = created.value.stats();
    assert.deepStrictEqual({ nominalRateHz: stats.nominalRateHz, gaps: stats.gaps, late: stats.late }, { nominalRateHz: 1000, gaps: 0, late: 0 });
  });

  test('a telemetry chart with a match filter plots only the chosen device, in path order', () => {
    const created = PlotStream.create({
      kind: 'telemetry',
      channel: 'devices:telemetry',
      fieldPaths: ['data.telemetry.temperature', 'data.telemetry.co2'],
      match: { path: 'data.device_id', equals: 'mushroom1' },
      timeSource: 'message',
    });
    assert.ok(created.ok);
    const telemetry = created.value;
    for (let second = 0; second < 30; second++) {
      for (const [device, offset] of [['mushroom1', 0], ['incubator2', 100]] as const) {
        const envelope = {
          channel: 'devices:telemetry',
          source: 'device-manager',
          timestamp: new Date(START_MS + second * 1000).toISOString(),
          data: { device_id: device, telemetry: { temperature: 20 + offset + second / 10, humidity: 50, co2: 400 + offset + second } },
        };
        telemetry.ingest({ channel: Buffer.from('devices:telemetry'), pattern: null, payload: Buffer.from(JSON.stringify(envelope)), receivedAt: START_MS + second * 1000 + 3 });
      }
    }
    const frame = new PlotView('p', 'q', telemetry, {
      kind: 'telemetry',
      target: { kind: 'channel', name: 'devices:telemetry' },
      fieldPaths: ['data.telemetry.temperature', 'data.telemetry.co2'],
      match: { path: 'data.device_id', equals: 'mushroom1' },
      timeSource: 'message',
      windowSeconds: 60,
      pixelWidth: 400,
    }).buildFrame();
    assert.deepStrictEqual(
      {
        seriesNames: frame.seriesNames,
        temperature: [...frame.ys[0]!.slice(0, 3)].map((value) => Math.round(value * 10) / 10),
        co2: [...frame.ys[1]!.slice(-2)],
        points: frame.x.length,
        notMatched: telemetry.counts().skipped.notMatched,
        nominalRateHz: telemetry.stats().nominalRateHz,
      },
      {
        seriesNames: ['data.telemetry.temperature', 'data.telemetry.co2'],
        temperature: [20, 20.1, 20.2],
        co2: [428, 429],
        points: 30,
        notMatched: 30,
        nominalRateHz: null,
      },
    );
  });

  test('oversized, broken, textual and fieldless payloads are skipped and counted, never thrown', () => {
    const created = PlotStream.create({ kind: 'eeg', channel: 'c', fieldPaths: ['channels.*'], match: null, timeSource: 'message' });
    assert.ok(created.ok);
    const garbage = [
      Buffer.alloc(50 * 1024 * 1024, 0x7b),
      Buffer.from([0xde, 0xff, 0xff, 0xff]),
      Buffer.from('{"channels": {"Ch0": 1'),
      Buffer.from('hello there'),
      Buffer.from([0x00, 0xff, 0x13, 0x37, 0xc1]),
      Buffer.from('{"channels": {"Ch0": "12"}}'),
      pack({ channels: { Ch0: [1, 2] } }),
    ];
    for (const payload of garbage) created.value.ingest({ channel: Buffer.from('c'), pattern: null, payload, receivedAt: START_MS });
    created.value.ingest(eegMessage(0));
    assert.deepStrictEqual(created.value.counts(), {
      messages: 8,
      skipped: { tooLarge: 1, undecodable: 2, notStructured: 2, noValues: 2, notMatched: 0 },
      receiveTimeFallbacks: 0,
      refusedSeries: 0,
    });
  });
});
