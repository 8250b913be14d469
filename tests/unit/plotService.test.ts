import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pack } from 'msgpackr';
import type { PlotSubscription, PlotMessageSource, SourceMessage } from '../../src/bus/plots/plotSource';
import { MAX_PLOTS_PER_PROFILE, PlotService, STREAM_LINGER_MS } from '../../src/bus/plots/plotService';
import { laneTargetName, type LaneSubscription, type LaneTarget } from '../../src/shared/liveChannels';
import { DEFAULT_EEG_FILTERS, type PlotFrame, type PlotSpec } from '../../src/shared/plots';

const START_MS = 1_700_000_000_000;

/** Stands in for the subscription hub: records subscriptions and delivers what the test hands it. */
class FakePlotHub implements PlotMessageSource {
  readonly active = new Map<number, { profileId: string; channel: string; onMessage: (message: SourceMessage) => void }>();
  readonly log: string[] = [];
  private nextId = 1;

  constructor(private readonly settleAs: (channel: string) => LaneSubscription = () => ({ state: 'active', since: START_MS })) {}

  subscribe(profileId: string, target: LaneTarget, onMessage: (message: SourceMessage) => void): PlotSubscription {
    const channel = laneTargetName(target);
    const id = this.nextId++;
    this.active.set(id, { profileId, channel, onMessage });
    this.log.push(`subscribe ${profileId} ${channel}`);
    const state = this.settleAs(channel);
    return {
      state: () => state,
      whenSettled: async () => state,
      unsubscribe: async () => {
        this.active.delete(id);
        this.log.push(`unsubscribe ${profileId} ${channel}`);
      },
    };
  }

  deliver(channel: string, payload: Buffer, receivedAt: number): void {
    for (const subscription of this.active.values()) {
      if (subscription.channel === channel) subscription.onMessage({ channel: Buffer.from(channel), pattern: null, payload, receivedAt });
    }
  }
}

function eegPayload(sample: number): Buffer {
  const channels: Record<string, number> = {};
  for (let channel = 0; channel < 4; channel++) channels[`Ch${channel}`] = Math.sin(sample / 10 + channel);
  return pack({ type: 'raw', timestamp: (START_MS + sample * 4) / 1000, channels });
}

function deliverEeg(hub: FakePlotHub, from: number, count: number): void {
  for (let sample = from; sample < from + count; sample++) hub.deliver('user:a:raw', eegPayload(sample), START_MS + sample * 4 + 2);
}

const eegSpec: PlotSpec = {
  kind: 'eeg',
  target: { kind: 'channel', name: 'user:a:raw' },
  fieldPath: 'channels.*',
  timeSource: 'message',
  windowSeconds: 5,
  filters: DEFAULT_EEG_FILTERS,
  pixelWidth: 300,
  shouldComputeSpectrum: false,
};

function newService(hub: FakePlotHub): { service: PlotService; frames: Array<{ frame: PlotFrame }> } {
  const frames: Array<{ frame: PlotFrame }> = [];
  const service = new PlotService({
    source: hub,
    frameIntervalMs: 0,
    emitFrame: (frame) => frames.push({ frame }),
  });
  return { service, frames };
}

/** An open EEG plot that has had its first 100 samples and its first (key)frame. */
async function openEegPlot(): Promise<{ hub: FakePlotHub; service: PlotService; frames: Array<{ frame: PlotFrame }>; plotId: string }> {
  const hub = new FakePlotHub();
  const { service, frames } = newService(hub);
  const opened = await service.open('profile-1', eegSpec);
  assert.ok(opened.ok);
  deliverEeg(hub, 0, 100);
  service.flushFrames(0);
  return { hub, service, frames, plotId: opened.value.plotId };
}

describe('plot service', () => {
  test('two plots of one channel share one subscription and one stream, and get their own frames', async () => {
    const hub = new FakePlotHub();
    const { service, frames } = newService(hub);
    const first = await service.open('profile-1', eegSpec);
    const second = await service.open('profile-1', { ...eegSpec, pixelWidth: 100, shouldComputeSpectrum: true });
    assert.ok(first.ok && second.ok);
    deliverEeg(hub, 0, 1000);
    service.flushFrames(1000);
    service.flushFrames(1010);
    const sharedStream = service.streamOf(first.value.plotId) === service.streamOf(second.value.plotId);
    service.close(first.value.plotId);
    const logAfterFirstClose = [...hub.log];
    service.close(second.value.plotId);
    const logAfterLastClose = [...hub.log];
    // The stream lingers with its history (a reloaded page finds it), then goes with its subscription.
    service.flushFrames(performance.now() + STREAM_LINGER_MS + 1);
    assert.deepStrictEqual(
      {
        info: { ...first.value, historySeconds: first.value.historySeconds > 0 },
        sharedStream,
        frames: frames.map(({ frame }) => ({
          plotId: frame.plotId,
          seq: frame.seq,
          seriesNames: frame.seriesNames,
          samples: frame.stats.samples,
          isBoundedByWidth: frame.x.length <= 3 * ((frame.plotId === first.value.plotId ? 300 : 100) + 2),
          hasSpectrum: frame.spectrum !== undefined,
        })),
        logAfterFirstClose,
        logAfterLastClose,
        log: hub.log,
      },
      {
        info: { plotId: first.value.plotId, profileId: 'profile-1', spec: eegSpec, seriesNames: [], historySeconds: true },
        sharedStream: true,
        frames: [first.value.plotId, second.value.plotId].map((plotId, index) => ({
          plotId,
          seq: 1,
          seriesNames: ['channels.Ch0', 'channels.Ch1', 'channels.Ch2', 'channels.Ch3'],
          samples: 1000,
          isBoundedByWidth: true,
          hasSpectrum: index === 1,
        })),
        logAfterFirstClose: ['subscribe profile-1 user:a:raw'],
        logAfterLastClose: ['subscribe profile-1 user:a:raw'],
        log: ['subscribe profile-1 user:a:raw', 'unsubscribe profile-1 user:a:raw'],
      },
    );
  });

  test('a plot opened again soon after its stream lost its last plot (a reloaded page) starts with the history; after the linger it starts empty', async () => {
    const { hub, service, frames, plotId } = await openEegPlot();
    deliverEeg(hub, 100, 400);
    service.close(plotId);
    // Samples keep arriving while no page shows the stream, and the frame clock ticks on.
    deliverEeg(hub, 500, 100);
    service.flushFrames(performance.now());
    const reopened = await service.open('profile-1', eegSpec);
    assert.ok(reopened.ok);
    service.flushFrames(performance.now());
    const firstAfterReload = frames.at(-1)!.frame;
    service.close(reopened.value.plotId);
    service.flushFrames(performance.now() + STREAM_LINGER_MS + 1);
    const logAfterLinger = [...hub.log];
    const late = await service.open('profile-1', eegSpec);
    assert.ok(late.ok);
    service.flushFrames(performance.now() + STREAM_LINGER_MS + 2);
    const firstAfterLinger = frames.at(-1)!.frame;
    service.dispose();
    assert.deepStrictEqual(
      {
        afterReload: { plotId: firstAfterReload.plotId, samples: firstAfterReload.stats.samples, hasColumns: firstAfterReload.x.length > 0 },
        afterLinger: { plotId: firstAfterLinger.plotId, samples: firstAfterLinger.stats.samples },
        logAfterLinger,
      },
      {
        afterReload: { plotId: reopened.value.plotId, samples: 600, hasColumns: true },
        afterLinger: { plotId: late.value.plotId, samples: 0 },
        logAfterLinger: ['subscribe profile-1 user:a:raw', 'unsubscribe profile-1 user:a:raw'],
      },
    );
  });

  test("'plots:keyframe' makes the plot's next frame a keyframe, even with no new samples; an unknown plot is NOT_FOUND", async () => {
    const { hub, service, frames, plotId } = await openEegPlot();
    deliverEeg(hub, 100, 10);
    service.flushFrames(20);
    const asked = service.requestKeyframe(plotId);
    service.flushFrames(40);
    deliverEeg(hub, 110, 10);
    service.flushFrames(60);
    const unknown = service.requestKeyframe('plot-999');
    assert.deepStrictEqual(
      {
        kinds: frames.map(({ frame }) => `${frame.seq}:${frame.replaceFrom === null ? 'key' : 'continue'}`),
        asked: asked.ok,
        unknown: unknown.ok ? 'ok' : unknown.error.code,
      },
      { kinds: ['1:key', '2:continue', '3:key', '4:continue'], asked: true, unknown: 'NOT_FOUND' },
    );
  });

  test('a quiet plot gets no frame until new samples arrive, except the heartbeat once a second', async () => {
    const { hub, service, frames } = await openEegPlot();
    service.flushFrames(33);
    service.flushFrames(66);
    deliverEeg(hub, 100, 10);
    service.flushFrames(99);
    service.flushFrames(1200);
    service.dispose();
    assert.deepStrictEqual(
      frames.map(({ frame }) => [frame.seq, frame.stats.samples]),
      [[1, 100], [2, 110], [3, 110]],
    );
  });

  test('a refused subscription fails the open with the server’s reason and leaves nothing behind', async () => {
    const refusal: LaneSubscription = {
      state: 'refused',
      since: START_MS,
      error: { code: 'NOPERM', message: 'The user jamie may not listen on user:a:raw.' },
    };
    const hub = new FakePlotHub(() => refusal);
    const { service } = newService(hub);
    const opened = await service.open('profile-1', eegSpec);
    assert.deepStrictEqual(
      { opened, active: hub.active.size, log: hub.log },
      {
        opened: { ok: false, error: refusal.error },
        active: 0,
        log: ['subscribe profile-1 user:a:raw', 'unsubscribe profile-1 user:a:raw'],
      },
    );
  });

  test('caps and checks: plots per profile, bad paths, filters that do not fit the rate', async () => {
    const hub = new FakePlotHub();
    const { service } = newService(hub);
    const telemetry: PlotSpec = {
      kind: 'telemetry',
      target: { kind: 'channel', name: 'devices:telemetry' },
      fieldPaths: ['data.telemetry.co2'],
      match: null,
      timeSource: 'receive',
      windowSeconds: 60,
      pixelWidth: 200,
    };
    for (let index = 0; index < MAX_PLOTS_PER_PROFILE; index++) assert.ok((await service.open('profile-1', telemetry)).ok);
    const tooMany = await service.open('profile-1', telemetry);
    const otherProfile = await service.open('profile-2', telemetry);
    const badPath = await service.open('profile-2', { ...telemetry, fieldPaths: ['data..co2'] });
    const eeg = await service.open('profile-2', eegSpec);
    assert.ok(eeg.ok);
    deliverEeg(hub, 0, 200);
    const sixtyHzAt250 = await service.update(eeg.value.plotId, { ...eegSpec, filters: { ...DEFAULT_EEG_FILTERS, notchHz: 60, bandPass: { lowHz: 1, highHz: 200, order: 4 } } });
    const missing = await service.update('plot-none', eegSpec);
    const subscriptions = hub.active.size;
    service.dispose();
    assert.deepStrictEqual(
      {
        tooMany: !tooMany.ok && tooMany.error.code,
        otherProfile: otherProfile.ok,
        badPath: !badPath.ok && badPath.error,
        filters: !sixtyHzAt250.ok && sixtyHzAt250.error.field,
        missing: !missing.ok && missing.error.code,
        subscriptions,
        afterDispose: hub.active.size,
      },
      {
        tooMany: 'INVALID',
        otherProfile: true,
        badPath: { code: 'INVALID', message: 'The field path "data..co2" has two dots in a row at character 6.', field: 'path' },
        filters: 'bandPass.highHz',
        missing: 'NOT_FOUND',
        subscriptions: 3,
        afterDispose: 0,
      },
    );
  });

  test('numeric paths: asking listens on the channel, offers wildcards for wide maps, and stops listening when nobody asks', async () => {
    const hub = new FakePlotHub();
    const { service } = newService(hub);
    const firstAnswer = service.numericPaths('profile-1', 'devices:telemetry');
    const telemetry = {
      channel: 'devices:telemetry',
      timestamp: '2024-05-01T12:00:00Z',
      data: { device_id: 'mushroom1', telemetry: { temperature: 21.5, humidity: 40, co2: 410, tvoc: 3 }, 'sensor.v2': { ok: true, level: 2 } },
    };
    hub.deliver('devices:telemetry', Buffer.from(JSON.stringify(telemetry)), START_MS);
    const secondAnswer = service.numericPaths('profile-1', 'devices:telemetry');
    service.numericPaths('profile-1', 'user:a:raw');
    deliverEeg(hub, 0, 1);
    const eegPaths = service.numericPaths('profile-1', 'user:a:raw');
    const subscribed = hub.active.size;
    service.flushFrames(performance.now() + 61_000);
    assert.deepStrictEqual(
      { firstAnswer, secondAnswer, eegPaths, subscribed, afterIdle: hub.active.size },
      {
        firstAnswer: [],
        secondAnswer: [
          'data.telemetry.*',
          'data.telemetry.co2',
          'data.telemetry.humidity',
          'data.telemetry.temperature',
          'data.telemetry.tvoc',
          'data["sensor.v2"].level',
        ],
        eegPaths: ['channels.*', 'channels.Ch0', 'channels.Ch1', 'channels.Ch2', 'channels.Ch3'],
        subscribed: 2,
        afterIdle: 0,
      },
    );
  });
});

describe('plot service: a chart made after the message that offered it', () => {
  test('a telemetry plot opened after the channel was probed starts with the samples the probe saw (a device that reported once)', async () => {
    const hub = new FakePlotHub();
    const { service, frames } = newService(hub);
    service.describeChannel('profile-1', 'experiments:data');
    const reportedAt = Date.now();
    const report = { timestamp: reportedAt / 1000, data: { experiment_id: 'exp-7', data: { growth_rate: 0.4, biomass: 12, ph: 6.5 } } };
    hub.deliver('experiments:data', Buffer.from(JSON.stringify(report)), reportedAt);
    const offered = service.describeChannel('profile-1', 'experiments:data').textValues['data.experiment_id'];
    const opened = await service.open('profile-1', {
      kind: 'telemetry',
      target: { kind: 'channel', name: 'experiments:data' },
      fieldPaths: ['data.data.ph'],
      match: { path: 'data.experiment_id', equals: 'exp-7' },
      timeSource: 'message',
      windowSeconds: 60,
      pixelWidth: 400,
    });
    assert.ok(opened.ok);
    service.flushFrames(1000);
    const first = frames[0]?.frame;
    assert.deepStrictEqual(
      { offered, samples: first?.stats.samples, x: [...(first?.x ?? [])], ph: [...(first?.ys[0] ?? [])] },
      { offered: ['exp-7'], samples: 1, x: [reportedAt / 1000], ph: [6.5] },
    );
    service.dispose();
  });
});
