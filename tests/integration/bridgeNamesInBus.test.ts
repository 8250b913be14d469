/**
 * A device bridge's name where the bus shows it, with the bus core (every
 * feature) and a real redis-server: a lane on the bridge is titled by the
 * bridge's name (target.bridgeName) and retitled when the bridge is renamed;
 * a command published to the channel a running bridge listens on says the
 * bridge heard it, not "nobody but Labwire itself".
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Redis } from 'ioredis';
import { BusCore } from '../../src/bus/busCore';
import { defaultBridgeRouting, defaultUdpSettings, type BridgeDraft, type BridgeView } from '../../src/shared/bridges';
import { decodeBusMessage } from '../../src/shared/busMessageCodec';
import type { Lane } from '../../src/shared/liveChannels';
import type { Profile } from '../../src/shared/profile';
import { publishOutcomeSummary, type PublishRecord } from '../../src/shared/publishing';
import { findFreePort } from '../support/freePort';
import type { TestRedisServer } from '../support/redisServer';
import { startBridgeTestBus, type BridgeTestBus } from '../support/bridgeTestBus';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
let bus: BridgeTestBus;
let server: TestRedisServer;
let core: BusCore;
/** Every lane the bus sent in a feed frame, newest last. */
const sentLanes: Lane[] = [];

before(async () => {
  bus = await startBridgeTestBus(cleanups, {
    dataDirPrefix: 'labwire-bridge-rename-',
    onEmit: (message) => {
      if (message.kind !== 'encodedFrame') return;
      const decoded = decodeBusMessage(message.bytes);
      if (decoded.kind === 'frame' && decoded.frame.kind === 'feed') sentLanes.push(...decoded.frame.lanes);
    },
  });
  ({ server, core } = bus);
});

const connectedProfile = (name: string): Promise<Profile> => bus.connectedProfile(name);

async function udpDraft(name: string, commandChannel = ''): Promise<BridgeDraft> {
  return {
    name,
    kind: 'udp',
    udp: { ...defaultUdpSettings(), listenPort: await findFreePort() },
    framing: { kind: 'lines', ending: 'lf' },
    format: { kind: 'json' },
    routing: { ...defaultBridgeRouting(), commandChannel },
    shouldStartWithProfile: false,
  };
}

async function publish(profileId: string, channel: string, attemptId: string): Promise<PublishRecord> {
  return valueOf(await core.handle('publish:send', { profileId, channel, payload: '{"cmd":"light","on":true}', encoding: 'json', attemptId, isConfirmed: false })) as PublishRecord;
}

test('a renamed bridge retitles its lanes, in the list and in the next frame', async () => {
  const profile = await connectedProfile('Rename lab');
  const draft = await udpDraft('Incubator board');
  const bridge = valueOf(await core.handle('bridges:save', { profileId: profile.id, draft })) as BridgeView;
  const lane = valueOf(await core.handle('lanes:add', { profileId: profile.id, target: { kind: 'bridge', bridgeId: bridge.config.id }, decoder: 'json' })) as Lane;
  assert.equal(lane.target.kind === 'bridge' ? lane.target.bridgeName : null, 'Incubator board');

  valueOf(await core.handle('bridges:save', { profileId: profile.id, draft: { ...draft, id: bridge.config.id, name: 'Growth chamber 2' } }));
  const titleOf = (candidate: Lane | undefined): string | null | undefined => (candidate?.target.kind === 'bridge' ? candidate.target.bridgeName : null);
  const listed = valueOf(await core.handle('lanes:list', { profileId: profile.id })) as Lane[];
  assert.equal(titleOf(listed.find((candidate) => candidate.id === lane.id)), 'Growth chamber 2');
  await until('the lane sent again with the new name', () => sentLanes.some((sent) => sent.id === lane.id && titleOf(sent) === 'Growth chamber 2'));
  assert.equal(listed.find((candidate) => candidate.id === lane.id)?.subscription.state, 'active');
});

test("a command heard only by a running bridge says so, by the bridge's name", async () => {
  const profile = await connectedProfile('Command lab');
  const channel = 'lab:incubator:commands';
  const before = await publish(profile.id, channel, 'attempt-before-bridge');
  assert.equal(publishOutcomeSummary(before), 'Nobody listening');
  const bridge = valueOf(await core.handle('bridges:save', { profileId: profile.id, draft: await udpDraft('Incubator board', channel) })) as BridgeView;
  valueOf(await core.handle('bridges:start', { profileId: profile.id, bridgeId: bridge.config.id }));
  const watcher = new Redis({ port: server.port });
  cleanups.push(() => watcher.quit().then(() => undefined));
  let subscribers = 0;
  const poll = setInterval(() => void watcher.pubsub('NUMSUB', channel).then((answer) => (subscribers = Number((answer as [string, number])[1]))), 20);
  await until("the bridge's command subscription", () => subscribers === 1).finally(() => clearInterval(poll));
  const heard = await publish(profile.id, channel, 'attempt-with-bridge');
  assert.deepEqual(heard.outcome === 'delivered' ? [heard.receivers, heard.ownReceivers, heard.ownBridgeNames] : heard.outcome, [1, 1, ['Incubator board']]);
  assert.equal(publishOutcomeSummary(heard), "Heard by Labwire's bridge Incubator board");
  valueOf(await core.handle('bridges:stop', { profileId: profile.id, bridgeId: bridge.config.id }));
  const stopped = await publish(profile.id, channel, 'attempt-after-stop');
  assert.equal(stopped.outcome === 'delivered' ? stopped.ownBridgeNames : 'not delivered', undefined, 'a stopped bridge is no longer named');
});
