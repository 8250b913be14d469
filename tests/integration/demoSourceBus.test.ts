/**
 * Demo data with no server, through the real bus core: the demo profile's
 * honest 'demo' state, lanes (channel and pattern) and an EEG plot fed by
 * the simulator straight through the demo source, unsubscribe, the
 * simulator's stop, and the plain answers of what needs a server.
 * No Redis runs here at all: that is the point.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BusCore } from '../../src/bus/busCore';
import { decodeBusMessage } from '../../src/shared/busMessageCodec';
import type { ConnectionState } from '../../src/shared/connectionState';
import type { BusToHostMessage } from '../../src/shared/contract';
import type { Lane } from '../../src/shared/liveChannels';
import { DEFAULT_EEG_FILTERS, type PlotFrame, type PlotInfo } from '../../src/shared/plots';
import type { Result } from '../../src/shared/result';
import type { Profile } from '../../src/shared/profile';
import { DEFAULT_SIMULATOR_OPTIONS, type SimulatorStatus } from '../../src/shared/simulator';
import { FrameSink } from '../support/feedFrameSink';
import { until, valueOf } from '../support/waitUntil';

let core: BusCore;
let dataDir: string;
let demo: Profile;
const sink = new FrameSink();
const plotFrames: PlotFrame[] = [];
const states: Array<{ profileId: string; state: ConnectionState }> = [];
/** The profile names each profiles:changed event carried: a window opened before the demo started learns of it from these. */
const listedByEvents: string[][] = [];

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'labwire-demo-source-'));
  core = await BusCore.create({
    host: 'serve',
    appVersion: 'test',
    dataDir,
    keySource: { kind: 'none', reason: 'tests keep no secrets' },
    emit: (message: BusToHostMessage) => {
      if (message.kind === 'encodedFrame') {
        const decoded = decodeBusMessage(message.bytes);
        if (decoded.kind === 'frame' && decoded.frame.kind === 'feed') sink.add(decoded.frame);
        if (decoded.kind === 'frame' && decoded.frame.kind === 'plot') plotFrames.push(decoded.frame);
      }
      if (message.kind === 'event' && message.event.type === 'profiles:changed') listedByEvents.push(message.event.profiles.map((profile) => profile.name));
      if (message.kind === 'event' && message.event.type === 'connection:state') states.push({ profileId: message.event.profileId, state: message.event.state });
    },
  });
  demo = (valueOf(await core.handle('simulator:startOffline', { options: DEFAULT_SIMULATOR_OPTIONS })) as { profile: Profile }).profile;
});

after(async () => {
  await core?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const addLane = async (target: { kind: 'channel'; name: string } | { kind: 'pattern'; pattern: string }): Promise<Lane> =>
  valueOf(await core.handle('lanes:add', { profileId: demo.id, target, decoder: 'auto' })) as Lane;

const channelsOf = (laneId: string): Set<string> =>
  new Set(sink.messages().filter((message) => message.laneIds.includes(laneId)).map((message) => message.channel.text));

describe('demo data with no server', () => {
  test('the demo profile is labelled as such, its state is "demo", never "ready", and "export all" leaves it out', async () => {
    const listed = valueOf(await core.handle('profiles:list', {})) as Profile[];
    const connectionStates = valueOf(await core.handle('connection:states', {})) as Record<string, ConnectionState>;
    const exported = valueOf(await core.handle('profiles:export', {})) as { json: string; count: number };
    assert.deepStrictEqual(
      {
        listed: listed.map((profile) => ({ name: profile.name, isDemo: profile.isDemo === true })),
        state: connectionStates[demo.id]?.state,
        events: states.filter((entry) => entry.profileId === demo.id).map((entry) => entry.state.state),
        lastListedByEvent: listedByEvents.at(-1),
        exported: { count: exported.count, hasDemo: exported.json.includes('Demo data') },
      },
      {
        listed: [
          { name: 'Local Redis', isDemo: false },
          { name: 'Demo data (no server)', isDemo: true },
        ],
        state: 'demo',
        events: ['demo'],
        lastListedByEvent: ['Local Redis', 'Demo data (no server)'],
        // "Export all" is for the lab's servers; the demo profile has none.
        exported: { count: 1, hasDemo: false },
      },
    );
  });

  test('a channel lane and a pattern lane receive the simulator traffic, each only what it matches', async () => {
    const telemetry = await addLane({ kind: 'channel', name: 'devices:telemetry' });
    const rawEeg = await addLane({ kind: 'pattern', pattern: 'user:*:raw' });
    await until('telemetry and raw EEG in their lanes', () => channelsOf(telemetry.id).size > 0 && channelsOf(rawEeg.id).size > 0, 10_000);
    const telemetryMessage = sink.messages().find((message) => message.laneIds.includes(telemetry.id));
    assert.deepStrictEqual(
      {
        telemetryChannels: [...channelsOf(telemetry.id)],
        rawChannels: [...channelsOf(rawEeg.id)],
        telemetryKind: telemetryMessage?.kind,
        laneStates: [sink.lane(telemetry.id)?.subscription.state, sink.lane(rawEeg.id)?.subscription.state],
      },
      { telemetryChannels: ['devices:telemetry'], rawChannels: ['user:demo1:raw'], telemetryKind: 'json', laneStates: ['active', 'active'] },
    );
  });

  test('an EEG plot on the demo profile draws the generated samples', async () => {
    const plot = valueOf(
      (await core.handle('plots:open', {
        profileId: demo.id,
        spec: {
          kind: 'eeg',
          target: { kind: 'channel', name: 'user:demo1:raw' },
          fieldPath: 'channels.*',
          timeSource: 'message',
          windowSeconds: 5,
          filters: DEFAULT_EEG_FILTERS,
          pixelWidth: 400,
          shouldComputeSpectrum: false,
        },
      })) as Result<PlotInfo>,
    );
    const frame = await until('an EEG frame with samples', () => plotFrames.find((candidate) => candidate.plotId === plot.plotId && candidate.x.length > 0), 10_000);
    assert.deepStrictEqual({ series: frame.seriesNames.length, hasSamples: frame.x.length > 0 }, { series: 8, hasSamples: true });
    valueOf(await core.handle('plots:close', { plotId: plot.plotId }));
  });

  test('a removed lane receives nothing more', async () => {
    const lane = await addLane({ kind: 'channel', name: 'agents:status' });
    await until('agent status in its lane', () => channelsOf(lane.id).size > 0, 10_000);
    valueOf(await core.handle('lanes:remove', { profileId: demo.id, laneId: lane.id }));
    const removedAt = Date.now();
    const lastSeq = sink.messages().at(-1)?.seq ?? 0;
    // A later message on another lane shows the feed moved on while this lane stayed quiet.
    await until('newer messages on the other lanes', () => sink.messages().some((message) => message.seq > lastSeq + 200), 10_000);
    const lateForRemoved = sink.messages().filter((message) => message.laneIds.includes(lane.id) && message.receivedAt > removedAt);
    assert.deepStrictEqual(lateForRemoved, []);
  });

  test('publishing to the demo profile is refused in plain words; server facts and channel discovery too', async () => {
    const published = await core.handle('publish:send', {
      profileId: demo.id,
      channel: 'devices:telemetry',
      payload: '{"a":1}',
      encoding: 'json',
      attemptId: 'demo-attempt-1',
      isConfirmed: false,
    });
    const facts = await core.handle('connection:facts', { profileId: demo.id });
    const discovered = await core.handle('channels:discover', { profileId: demo.id, pattern: '*' });
    assert.deepStrictEqual(
      { published, facts, discovered },
      {
        published: {
          ok: false,
          error: {
            code: 'NOT_CONNECTED',
            message: '"Demo data (no server)" is demo data generated on this computer, with no server to publish to, so nothing was published. Publish on a profile for a Redis server.',
          },
        },
        facts: {
          ok: false,
          error: {
            code: 'NOT_CONNECTED',
            message: 'Demo data has no server behind it: it is generated on this computer. Publishing and reading from Redis need a Redis server; connect a profile for one.',
          },
        },
        discovered: {
          ok: false,
          error: {
            code: 'NOT_CONNECTED',
            message: 'This profile has no server to look for channels on: its data is generated on this computer. Add a lane by name or pattern instead.',
          },
        },
      },
    );
  });

  test('stopping the simulator ends the messages', async () => {
    const stopped = valueOf(await core.handle('simulator:stop', { profileId: demo.id })) as SimulatorStatus;
    const stoppedAt = Date.now();
    // Frames go out on a clock: give the feed a few, then nothing received may be newer than the stop.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const afterStop = sink.messages().filter((message) => message.receivedAt > stoppedAt);
    assert.deepStrictEqual({ state: stopped.state, afterStop }, { state: 'stopped', afterStop: [] });
  });

  test('closing the demo profile ends its lanes; adding one then says to connect first', async () => {
    valueOf(await core.handle('connection:close', { profileId: demo.id }));
    const added = await core.handle('lanes:add', { profileId: demo.id, target: { kind: 'channel', name: 'x' }, decoder: 'auto' });
    const reopened = valueOf(await core.handle('connection:open', { profileId: demo.id })) as ConnectionState;
    assert.deepStrictEqual(
      { added: added.ok ? 'added' : added.error.code, reopened: reopened.state },
      { added: 'NOT_CONNECTED', reopened: 'demo' },
    );
  });
});
