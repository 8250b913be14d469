/**
 * ROLE before a stream write after a switch or a reconnect: a Sentinel
 * profile replays on the new master after SENTINEL FAILOVER; a standalone
 * server turned into a replica refuses the replay in words before anything
 * is sent, and so does a group action.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import { DeadLetterService } from '../../src/bus/streams/deadLetters/deadLetterService';
import { GroupActions } from '../../src/bus/streams/groups/groupActions';
import { GroupsAccess } from '../../src/bus/streams/groups/groupsAccess';
import { REPLICA_REFUSAL } from '../../src/bus/streams/masterGuard';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { deadLetterProfile, FakeStreamAudit } from '../support/deadLetterFixtures';
import { startRedisServer } from '../support/redisServer';
import { startSentinelGroup } from '../support/sentinelGroup';
import { pollUntil, runOn } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const profile = deadLetterProfile();

function registryWithService(): { registry: ConnectionRegistry; service: DeadLetterService; actions: GroupActions } {
  const registry = new ConnectionRegistry({ ...new ConnectionStateRecorder().listeners, timing: { retryBaseMs: 100, retryMaxMs: 500, connectTimeoutMs: 3_000 } });
  cleanups.push(() => registry.dispose());
  const profileOf = (id: string) => (id === profile.id ? profile : undefined);
  const audit = new FakeStreamAudit();
  const service = new DeadLetterService({
    profileOf,
    clientOf: (id) => registry.dataClient(id),
    masterSwitchOf: (id) => registry.masterSwitchOf(id),
    audit,
  });
  return { registry, service, actions: new GroupActions(new GroupsAccess(registry, profileOf), audit) };
}

test('after SENTINEL FAILOVER a replay asks ROLE and lands once on the new master', async () => {
  const group = await startSentinelGroup();
  cleanups.push(() => group.stop());
  const { registry, service } = registryWithService();
  const endpoint: RedisEndpoint = {
    host: 'unused.invalid',
    port: 1,
    db: 0,
    topology: { mode: 'sentinel', sentinels: group.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port })), masterName: group.masterName },
  };
  registry.open(profile.id, endpoint);
  await pollUntil('the profile to be ready', async () => registry.stateOf(profile.id).state === 'ready', 15_000);
  const [first, second] = group.nodes;
  const deadLetterId = await runOn(first.port, async (admin) => (await admin.xadd('lab:tasks:dlq', '*', 'job', 'centrifuge')) as string);
  await pollUntil('the dead letter to reach the replica', async () => (await runOn(second.port, (admin) => admin.xlen('lab:tasks:dlq'))) === 1, 10_000);

  await group.failover();
  await pollUntil(
    'the profile to follow the switch',
    async () => registry.masterSwitchOf(profile.id)?.to === `127.0.0.1:${second.port}` && registry.stateOf(profile.id).state === 'ready',
    20_000,
  );
  const answer = valueOf(await service.replay({ profileId: profile.id, dlqKey: 'lab:tasks:dlq', ids: [deadLetterId], isConfirmed: true }));
  assert.equal(answer.outcomes[0]?.state, 'replayed');
  assert.deepStrictEqual(
    await runOn(second.port, async (admin) => ({ role: ((await admin.call('ROLE')) as string[])[0], origin: await admin.xlen('lab:tasks'), deadLetters: await admin.xlen('lab:tasks:dlq') })),
    { role: 'master', origin: 1, deadLetters: 0 },
  );
});

test('a standalone server that became a replica: after the reconnect, replay and ack are refused in words and nothing is sent', async () => {
  const [primary, other] = [await startRedisServer(), await startRedisServer()];
  cleanups.push(() => primary.stop(), () => other.stop());
  const { registry, service, actions } = registryWithService();
  registry.open(profile.id, { host: '127.0.0.1', port: primary.port, db: 0 });
  await pollUntil('the profile to be ready', async () => registry.stateOf(profile.id).state === 'ready', 10_000);
  const deadLetterId = await runOn(primary.port, async (admin) => (await admin.xadd('lab:tasks:dlq', '*', 'job', 'a')) as string);
  const firstClient = registry.dataClient(profile.id);
  assert.equal(valueOf(await service.replay({ profileId: profile.id, dlqKey: 'lab:tasks:dlq', ids: [deadLetterId], isConfirmed: true })).outcomes[0]?.state, 'replayed');

  // The lab points this server at another master (what a failover does to an old master), and the console reconnects.
  await runOn(other.port, async (admin) => admin.xadd('lab:tasks:dlq', '*', 'job', 'b'));
  await runOn(primary.port, async (admin) => {
    await admin.call('REPLICAOF', '127.0.0.1', String(other.port));
    await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
  });
  await pollUntil(
    'the profile to be ready on a new connection',
    async () => registry.stateOf(profile.id).state === 'ready' && registry.dataClient(profile.id) !== firstClient,
    10_000,
  );
  const replay = await service.replay({ profileId: profile.id, dlqKey: 'lab:tasks:dlq', ids: ['0-1'], isConfirmed: true });
  const ack = await actions.ack({ profileId: profile.id, key: 'lab:tasks', group: 'workers', ids: ['0-1'], isConfirmed: true });
  assert.deepStrictEqual([replay.ok ? replay.value : replay.error.message, ack.ok ? ack.value : ack.error.message], [REPLICA_REFUSAL, REPLICA_REFUSAL]);
  assert.equal(await runOn(other.port, (admin) => admin.xlen('lab:tasks')), 0, 'nothing reached the master either');
});
