/**
 * Plots end to end against a real redis-server: the demo simulator
 * publishes EEG (250 Hz x 8 channels) and lab telemetry through its own
 * ioredis client; the bus receives them through the real ConnectionRegistry
 * and SubscriptionHub, and the PlotService turns them into frames.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { PlotService } from '../../src/bus/plots/plotService';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import { StreamTail } from '../../src/bus/sources/redisStream/streamTail';
import { LabSimulator } from '../../src/bus/simulator/labSimulator';
import type { BusFrame } from '../../src/shared/contract';
import { DEFAULT_EEG_FILTERS, type PlotFrame } from '../../src/shared/plots';
import { fail, ok, type Result } from '../../src/shared/result';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const PROFILE_ID = 'lab';
const EEG_CHANNEL = 'user:demo1:raw';

describe('plots fed by a real redis-server through the subscription hub', () => {
  let server: TestRedisServer;
  let publisher: Redis;
  let registry: ConnectionRegistry;
  let hub: SubscriptionHub;
  let plots: PlotService;
  const frames: PlotFrame[] = [];

  before(async () => {
    server = await startRedisServer();
    publisher = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
    await publisher.connect();
    const recorder = new ConnectionStateRecorder();
    let hubRef: SubscriptionHub | null = null;
    registry = new ConnectionRegistry({
      onDidChangeState: (profileId, state) => {
        hubRef?.handleConnectionState(profileId, state);
        recorder.listeners.onDidChangeState(profileId, state);
      },
      onDidReadFacts: recorder.listeners.onDidReadFacts,
    });
    hub = new SubscriptionHub(registry);
    hubRef = hub;
    registry.open(PROFILE_ID, { host: '127.0.0.1', port: server.port, db: 0 });
    await recorder.waitForState(PROFILE_ID, (state) => state.state === 'ready', 10_000);
    plots = new PlotService({
      source: new SourceRouter({ redisPubsub: hub, redisStream: new StreamTail(registry) }),
      emitFrame: (frame: BusFrame) => {
        if (frame.kind === 'plot') frames.push(frame);
      },
    });
  });

  after(async () => {
    plots?.dispose();
    hub?.dispose();
    await registry?.dispose();
    publisher?.disconnect();
    await server?.stop();
  });

  test('EEG frames grow with 8 lanes and not one published sample is lost; telemetry follows one device', async () => {
    const eeg = await plots.open(PROFILE_ID, {
      kind: 'eeg',
      target: { kind: 'channel', name: EEG_CHANNEL },
      fieldPath: 'channels.*',
      timeSource: 'message',
      windowSeconds: 5,
      filters: { ...DEFAULT_EEG_FILTERS, notchHz: 50 },
      pixelWidth: 400,
      shouldComputeSpectrum: true,
    });
    const telemetry = await plots.open(PROFILE_ID, {
      kind: 'telemetry',
      target: { kind: 'channel', name: 'devices:telemetry' },
      fieldPaths: ['data.telemetry.temperature', 'data.telemetry.co2'],
      match: { path: 'data.device_id', equals: 'mushroom1' },
      timeSource: 'message',
      windowSeconds: 600,
      pixelWidth: 300,
    });
    assert.ok(eeg.ok && telemetry.ok, 'both plots open once the server accepted the subscriptions');

    let publishedEeg = 0;
    const publish = async (channel: string, payload: Buffer): Promise<Result<number>> => {
      try {
        const receivers = await publisher.publish(channel, payload);
        if (channel === EEG_CHANNEL) publishedEeg++;
        return ok(receivers);
      } catch (error) {
        return fail('REDIS_ERROR', 'The server did not accept the publish.', { detail: String(error) });
      }
    };
    const simulator = new LabSimulator({ publish, onDidChangeStatus: () => undefined, seed: 5 });
    simulator.start({ eegUsers: 1, eegRateHz: 250, eegChannels: 8, shouldPublishLabChannels: true });
    await sleep(3000);
    simulator.stop();
    const deadline = Date.now() + 5000;
    while (simulator.counters().inFlight > 0 && Date.now() < deadline) await sleep(20);
    // Everything published has been answered by Redis; give the subscriber socket a moment, then one last frame.
    await sleep(300);
    plots.flushFrames(performance.now() + 2000);

    const eegStream = plots.streamOf(eeg.value.plotId)!;
    const eegFrames = frames.filter((frame) => frame.plotId === eeg.value.plotId && frame.x.length > 0);
    const newestX = eegFrames.map((frame) => frame.x[frame.x.length - 1]!);
    const telemetryFrames = frames.filter((frame) => frame.plotId === telemetry.value.plotId && frame.x.length > 0);
    const lastTelemetry = telemetryFrames.at(-1)!;
    assert.deepStrictEqual(
      {
        isEnoughPublished: publishedEeg > 500,
        samplesLost: publishedEeg - eegStream.stats().samples,
        skipped: eegStream.counts().skipped,
        nominalRateHz: eegStream.stats().nominalRateHz,
        // A simulator stalled by a busy machine skips samples (and counts them): only then may the stream show a gap.
        isGapFreeUnlessSkipped: eegStream.stats().gaps === 0 || simulator.counters().skipped > 0,
        hasManyFrames: eegFrames.length >= 20,
        isXGrowing: newestX.every((x, index) => index === 0 || x >= newestX[index - 1]!) && newestX.at(-1)! > newestX[0]! + 2,
        seriesNames: eegFrames.at(-1)!.seriesNames,
        everyFrameHasEightColumns: eegFrames.every((frame) => frame.ys.length === 8 && frame.ys.every((column) => column.length === frame.x.length)),
        hasSpectrum: eegFrames.some((frame) => frame.spectrum?.power.length === 8),
        telemetryNames: lastTelemetry.seriesNames,
        isTelemetryOneDevice: lastTelemetry.ys[1]!.every((co2) => co2 > 400 && co2 < 2000),
        telemetrySamples: lastTelemetry.stats.samples >= 2 && lastTelemetry.stats.samples <= 4,
      },
      {
        isEnoughPublished: true,
        samplesLost: 0,
        skipped: { tooLarge: 0, undecodable: 0, notStructured: 0, noValues: 0, notMatched: 0 },
        nominalRateHz: 250,
        isGapFreeUnlessSkipped: true,
        hasManyFrames: true,
        isXGrowing: true,
        seriesNames: ['Ch0', 'Ch1', 'Ch2', 'Ch3', 'Ch4', 'Ch5', 'Ch6', 'Ch7'].map((name) => `channels.${name}`),
        everyFrameHasEightColumns: true,
        hasSpectrum: true,
        telemetryNames: ['data.telemetry.temperature', 'data.telemetry.co2'],
        isTelemetryOneDevice: true,
        telemetrySamples: true,
      },
    );
  });
});
