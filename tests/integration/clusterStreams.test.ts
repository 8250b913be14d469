/**
 * Streams and dead letters on a real 3-master, 3-replica cluster, through a
 * Cluster profile's data client: the streams list visits every master and
 * says so; a move to dead letters and a replay work when origin and dead
 * letters share a hash tag, and are refused in plain words when they do not;
 * a lane tails a stream on its slot's owner and, after that owner is
 * SIGKILLed and its replica promoted, receives again with a resume note.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Cluster } from 'ioredis';
import type { LiveChannels } from '../../src/bus/feed/liveChannels';
import { listStreams } from '../../src/bus/streams/browse/streamList';
import { keySlot } from '../../src/bus/streams/deadLetters/clusterSlots';
import { DeadLetterService } from '../../src/bus/streams/deadLetters/deadLetterService';
import { GroupActions } from '../../src/bus/streams/groups/groupActions';
import { GroupsAccess } from '../../src/bus/streams/groups/groupsAccess';
import { DEFAULT_DEAD_LETTER_TEMPLATES } from '../../src/shared/deadLetterNames';
import { openClusterLiveFeed } from '../support/clusterLiveFeed';
import { deadLetterProfile, FakeStreamAudit } from '../support/deadLetterFixtures';
import type { FrameSink } from '../support/feedFrameSink';
import { startRedisCluster, type TestRedisCluster } from '../support/redisCluster';
import { pollUntil } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
let cluster: TestRedisCluster;
let client: Cluster;
let service: DeadLetterService;
let live: LiveChannels;
let actions: GroupActions;
let sink: FrameSink;
const profile = deadLetterProfile();

before(async () => {
  cluster = await startRedisCluster();
  cleanups.push(() => cluster.stop());
  const feed = await openClusterLiveFeed(cluster, profile.id);
  cleanups.push(() => feed.dispose());
  ({ live, sink } = feed);
  const registry = feed.registry;
  const data = registry.dataClient(profile.id);
  assert.ok(data instanceof Cluster, 'a Cluster profile hands out its Cluster client');
  client = data;
  actions = new GroupActions(new GroupsAccess(registry, (id) => (id === profile.id ? profile : undefined)), new FakeStreamAudit());
  service = new DeadLetterService({ profileOf: (id) => (id === profile.id ? profile : undefined), clientOf: (id) => registry.dataClient(id), audit: new FakeStreamAudit() });
});

/** Which master (by address) owns each key's slot, as the cluster says now. */
async function ownersOf(keys: readonly string[]): Promise<Set<string>> {
  const slots = (await client.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
  const owners = new Set<string>();
  for (const key of keys) {
    const slot = keySlot(key);
    const range = slots.find(([from, to]) => slot >= from && slot <= to);
    if (range) owners.add(`${range[2][0]}:${range[2][1]}`);
  }
  return owners;
}

test('the streams list finds streams on all three masters, page by page, and says how many masters it covered', async () => {
  const names = Array.from({ length: 30 }, (_, index) => `lab:spread:${index}`);
  assert.equal((await ownersOf(names)).size, 3, 'the test streams lie on every master');
  for (const name of names) await client.xadd(name, '*', 'n', name);
  await client.set('lab:spread:not-a-stream', 'x');

  const found: string[] = [];
  const masters: Array<{ covered: number; total: number } | undefined> = [];
  let cursor = '0';
  do {
    const page = valueOf(await listStreams(client, { profileId: profile.id, pattern: 'lab:spread:*', cursor, count: 4 }, DEFAULT_DEAD_LETTER_TEMPLATES, ''));
    found.push(...page.streams.map((stream) => stream.key.text));
    masters.push(page.masters);
    cursor = page.nextCursor;
  } while (cursor !== '0');

  assert.deepStrictEqual(found.sort(), [...names].sort());
  assert.deepStrictEqual(masters.at(-1), { covered: 3, total: 3 });
  assert.ok(masters.length >= 3, 'each master is its own SCAN: at least one page per master');
});

test('a cursor from another cluster shape is refused in words, not scanned from a wrong master', async () => {
  const answer = await listStreams(client, { profileId: profile.id, pattern: '*', cursor: '1:0:00000000', count: 10 }, DEFAULT_DEAD_LETTER_TEMPLATES, '');
  assert.equal(answer.ok, false);
  if (!answer.ok) assert.match(answer.error.message, /masters changed since the last page/);
});

test('with a shared hash tag, a pending entry moves to dead letters and replays once, on the cluster', async () => {
  const origin = '{orders}';
  const dlqKey = '{orders}:dlq';
  await client.xgroup('CREATE', origin, 'workers', '$', 'MKSTREAM');
  const id = (await client.xadd(origin, '*', 'job', 'weigh-sample', 'blob', Buffer.from([0xff, 0x00, 0xfe]))) as string;
  await client.xreadgroup('GROUP', 'workers', 'worker-1', 'COUNT', 1, 'STREAMS', origin, '>');

  const moved = valueOf(await service.move({ profileId: profile.id, origin, group: 'workers', dlqKey, ids: [id], reason: 'scale offline', isConfirmed: true }));
  const [outcome] = moved.outcomes;
  assert.equal(outcome?.state, 'moved');
  if (outcome?.state !== 'moved') return;
  assert.equal(Number(await client.xpending(origin, 'workers').then((summary) => (summary as unknown[])[0])), 0);

  const listed = valueOf(await service.list(profile.id));
  assert.deepStrictEqual(listed.streams.map((stream) => ({ key: stream.key, origin: stream.origin, count: stream.count })), [{ key: dlqKey, origin, count: 1 }]);

  const first = valueOf(await service.replay({ profileId: profile.id, dlqKey, ids: [outcome.deadLetterId], isConfirmed: true }));
  const second = valueOf(await service.replay({ profileId: profile.id, dlqKey, ids: [outcome.deadLetterId], isConfirmed: true }));
  const replayed = first.outcomes[0];
  assert.equal(replayed?.state, 'replayed');
  if (replayed?.state !== 'replayed') return;
  assert.deepStrictEqual(second.outcomes, [{ id: outcome.deadLetterId, state: 'already', newId: replayed.newId }]);
  const entries = (await client.xrangeBuffer(origin, replayed.newId, replayed.newId)) as unknown as Array<[Buffer, Buffer[]]>;
  const fields = entries[0]?.[1] ?? [];
  assert.deepStrictEqual(fields.slice(0, 4), [Buffer.from('job'), Buffer.from('weigh-sample'), Buffer.from('blob'), Buffer.from([0xff, 0x00, 0xfe])]);
  assert.equal(await client.xlen(dlqKey), 0);
});

test('without a shared hash tag, move and replay are refused in plain words and nothing is written', async () => {
  const origin = 'orders';
  const dlqKey = 'orders:dlq';
  assert.notEqual(keySlot(origin), keySlot(dlqKey), 'the untagged names lie in different slots');
  await client.xgroup('CREATE', origin, 'workers', '$', 'MKSTREAM');
  const id = (await client.xadd(origin, '*', 'job', 'x')) as string;
  await client.xreadgroup('GROUP', 'workers', 'worker-1', 'COUNT', 1, 'STREAMS', origin, '>');
  const words = 'On a Cluster, orders and orders:dlq live in different slots; name them with a shared hash tag, for example {orders} and {orders}:dlq, so one script can move entries between them.';

  const move = await service.move({ profileId: profile.id, origin, group: 'workers', dlqKey, ids: [id], reason: '', isConfirmed: true });
  assert.deepStrictEqual(move.ok ? move.value : move.error.message, `${words} Nothing was moved.`);

  const deadLetterId = (await client.xadd(dlqKey, '*', 'job', 'y')) as string;
  const replay = valueOf(await service.replay({ profileId: profile.id, dlqKey, ids: [deadLetterId], isConfirmed: true }));
  assert.deepStrictEqual(replay.outcomes, [{ id: deadLetterId, state: 'failed', message: `${words} This dead letter was not replayed.` }]);
  assert.deepStrictEqual({ origin: await client.xlen(origin), deadLetters: await client.xlen(dlqKey), pending: (await client.xpending(origin, 'workers') as unknown[])[0] }, { origin: 1, deadLetters: 1, pending: 1 });
});


test('group actions reach the key on its master: XACK through the cluster client', async () => {
  const key = 'lab:work:cluster';
  await client.xgroup('CREATE', key, 'workers', '$', 'MKSTREAM');
  const ids = [(await client.xadd(key, '*', 'n', '1')) as string, (await client.xadd(key, '*', 'n', '2')) as string];
  await client.xreadgroup('GROUP', 'workers', 'worker-1', 'COUNT', 2, 'STREAMS', key, '>');
  const ack = valueOf(await actions.ack({ profileId: profile.id, key, group: 'workers', ids: [ids[0] ?? ''], isConfirmed: true }));
  assert.deepStrictEqual({ acknowledged: ack.acknowledged, pending: ((await client.xpending(key, 'workers')) as unknown[])[0] }, { acknowledged: 1, pending: 1 });
});

/** The one field's value of each entry the lane showed. */
function valuesOf(laneId: string): string[] {
  return sink
    .messages()
    .filter((message) => message.laneIds.includes(laneId))
    .map((message) => Object.values(JSON.parse(message.preview) as Record<string, string>).join(' '));
}

// Last in this file: it kills a master, and the cluster stays changed.
test('a lane tails a stream on its slot owner; the owner SIGKILLed, after the promotion it receives again with a resume note', async () => {
  const key = '{furnace}:readings';
  const lane = valueOf(await live.addLane(profile.id, { kind: 'stream', key }, 'auto'));
  await until('the lane to be active', () => sink.lane(lane.id)?.subscription.state === 'active', 10_000);
  const firstId = (await client.xadd(key, '*', 'n', 'one')) as string;
  await until('one', () => valuesOf(lane.id).length === 1, 10_000);

  const [owner] = await ownersOf([key]);
  const ownerNode = cluster.nodes.find((node) => `127.0.0.1:${node.port}` === owner);
  assert.ok(ownerNode, 'the slot owner is one of the test nodes');
  // The entry must reach the replica before its master dies, or the promotion itself loses it.
  const master = client.nodes('master').find((node) => node.options.port === ownerNode.port);
  assert.equal(await master?.call('WAIT', '1', '5000'), 1);
  await ownerNode.kill();

  await until('the lane to be interrupted', () => sink.lane(lane.id)?.subscription.state === 'interrupted', 20_000);
  const writer = new Cluster([{ host: '127.0.0.1', port: cluster.nodes.find((node) => node !== ownerNode)?.port ?? 0 }]);
  writer.on('error', () => undefined);
  cleanups.push(() => void writer.disconnect());
  await pollUntil(
    'a write to land on the promoted replica',
    async () => {
      try {
        await writer.xadd(key, '*', 'n', 'two');
        return true;
      } catch {
        return false;
      }
    },
    30_000,
  );
  await until('two', () => valuesOf(lane.id).length === 2, 30_000);
  const state = sink.lane(lane.id)?.subscription;
  assert.deepStrictEqual(
    { values: valuesOf(lane.id), state: state?.state, note: state?.state === 'active' ? state.note : undefined },
    { values: ['one', 'two'], state: 'active', note: `Resumed from ${firstId}, nothing missed.` },
  );
});
