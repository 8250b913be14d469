/**
 * Consumer groups against real redis-server processes: groups, consumers
 * and lag (nil after XDEL), the pending explorer's filters and histogram,
 * ack/claim/autoclaim, XTRIM under pending entries then XAUTOCLAIM (the
 * deleted ids reach the answer and both audits), the trim guard, the bus's
 * refusals (read-only, unconfirmed, wrong typed name), NOPERM per action
 * from an ACL user, and the audit when its stream is not writable.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { BusServices } from '../../src/bus/busFeature';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import { readEntriesPage } from '../../src/bus/streams/browse/streamEntriesReader';
import { AUDIT_STREAM_KEY } from '../../src/bus/streams/streamAudit';
import { createStreamGroupsFeature, type StreamGroupsFeature } from '../../src/bus/streams/groups/streamGroupsFeature';
import type { RequestParams } from '../../src/shared/contract';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import type { BusErrorCode, Result } from '../../src/shared/result';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { suiteCleanups } from '../support/unhandledRejections';
import { valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const STREAM = 'lab:tasks';

function profile(overrides: Partial<Profile> = {}): Profile {
  return { ...defaultProfileFields(), id: 'lab', name: 'Lab 2', operatorName: 'Alex', hasPassword: false, isManagedLocal: false, createdAt: 0, updatedAt: 0, ...overrides };
}

async function startServer(): Promise<TestRedisServer> {
  const server = await startRedisServer();
  cleanups.push(() => server.stop());
  return server;
}

function rawClient(server: TestRedisServer): Redis {
  const client = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => null });
  client.on('error', () => undefined);
  cleanups.push(() => void client.disconnect());
  return client;
}

interface Bench {
  feature: StreamGroupsFeature;
  dataDir: string;
}

/**
 * The feature over a real connection registry with profile `lab` open. Only
 * the services the feature uses are given (host data folder, profiles,
 * connections); the rest of the bus is not needed here.
 */
async function openBench(server: TestRedisServer, options: { profile?: Profile; endpoint?: Partial<RedisEndpoint> } = {}): Promise<Bench> {
  const recorder = new ConnectionStateRecorder();
  const registry = new ConnectionRegistry({ ...recorder.listeners, timing: { retryBaseMs: 100, retryMaxMs: 800, connectTimeoutMs: 2_000 } });
  cleanups.push(() => registry.dispose());
  registry.open('lab', { host: '127.0.0.1', port: server.port, db: 0, ...options.endpoint });
  await recorder.waitForState('lab', (state) => state.state === 'ready', 5_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-groups-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const theProfile = options.profile ?? profile();
  const services = {
    host: { kind: 'serve', appVersion: 'test', dataDir, secretStorage: { kind: 'session' } },
    profiles: { get: (id: string) => (id === theProfile.id ? theProfile : undefined) },
    connections: registry,
  } as unknown as BusServices;
  const feature = createStreamGroupsFeature(services);
  cleanups.push(async () => feature.dispose?.());
  return { feature, dataDir };
}

function call<M extends keyof StreamGroupsFeature['handlers']>(bench: Bench, method: M, params: RequestParams<M>): ReturnType<StreamGroupsFeature['handlers'][M]> {
  const handler = bench.feature.handlers[method] as (params: RequestParams<M>, clientId: string) => ReturnType<StreamGroupsFeature['handlers'][M]>;
  return handler(params, 'test-client');
}

function codeOf(result: Result<unknown>): BusErrorCode | 'ok' {
  return result.ok ? 'ok' : result.error.code;
}

/** Five entries, group `workers` from the start with `alice` holding two, group `late` from `$`. */
async function seed(client: Redis): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < 5; index++) ids.push((await client.xadd(STREAM, '*', 'task', `t${index}`, 'payload', JSON.stringify({ n: index })))!);
  await client.xgroup('CREATE', STREAM, 'workers', '0');
  await client.xgroup('CREATE', STREAM, 'late', '$');
  await client.xreadgroup('GROUP', 'workers', 'alice', 'COUNT', 2, 'STREAMS', STREAM, '>');
  return ids;
}

async function localAudit(dataDir: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dataDir, 'audit', 'streams.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function redisAudit(client: Redis): Promise<Record<string, string>[]> {
  const entries = await client.xrange(AUDIT_STREAM_KEY, '-', '+');
  return entries.map(([, fields]) => Object.fromEntries(fields.flatMap((_, index) => (index % 2 === 0 ? [[fields[index], fields[index + 1]]] : []))) as Record<string, string>);
}

describe('consumer groups', () => {
  test('groups list consumers, pending, entries-read and lag; lag turns unknown, with the reason, after an XDEL past the group', async () => {
    const server = await startServer();
    const client = rawClient(server);
    const ids = await seed(client);
    const bench = await openBench(server);
    const before = valueOf(await call(bench, 'groups:list', { profileId: 'lab', key: STREAM }));
    await client.xdel(STREAM, ids[3]!);
    const after = valueOf(await call(bench, 'groups:list', { profileId: 'lab', key: STREAM }));
    const brief = (list: typeof before) =>
      list.groups.map((group) => ({
        name: group.name,
        pending: group.pending,
        lastDeliveredId: group.lastDeliveredId,
        entriesRead: group.entriesRead,
        lag: group.lag.kind === 'known' ? group.lag.entries : 'unknown',
        consumers: group.consumers.map((consumer) => [consumer.name, consumer.pending]),
      }));
    assert.deepStrictEqual(
      { before: brief(before), after: brief(after), length: [before.length, after.length], added: after.entriesAdded, maxDeleted: after.maxDeletedEntryId },
      {
        before: [
          { name: 'late', pending: 0, lastDeliveredId: ids[4], entriesRead: null, lag: 0, consumers: [] },
          { name: 'workers', pending: 2, lastDeliveredId: ids[1], entriesRead: 2, lag: 3, consumers: [['alice', 2]] },
        ],
        after: [
          { name: 'late', pending: 0, lastDeliveredId: ids[4], entriesRead: null, lag: 0, consumers: [] },
          { name: 'workers', pending: 2, lastDeliveredId: ids[1], entriesRead: 2, lag: 'unknown', consumers: [['alice', 2]] },
        ],
        length: [5, 4],
        added: 5,
        maxDeleted: ids[3],
      },
    );
    const unknown = after.groups.find((group) => group.name === 'workers')!.lag;
    assert.match(unknown.kind === 'unknown' ? unknown.reason : '', /deleted or trimmed/);
    assert.match(after.lagExplained, /not yet been given to any consumer/);
  });

  test('under a flood of XADDs the stream counts and each group’s entries-read and lag are of one instant: added = read + lag, every time', async () => {
    const server = await startServer();
    const admin = rawClient(server);
    const writer = rawClient(server);
    await admin.xgroup('CREATE', STREAM, 'idle', '$', 'MKSTREAM');
    const bench = await openBench(server);
    let isWriting = true;
    const writing = (async () => {
      while (isWriting) {
        const pipeline = writer.pipeline();
        for (let index = 0; index < 20; index++) pipeline.xadd(STREAM, '*', 'n', String(index));
        await pipeline.exec();
      }
    })();
    const mismatches: string[] = [];
    try {
      for (let read = 0; read < 60; read++) {
        const groups = valueOf(await call(bench, 'groups:list', { profileId: 'lab', key: STREAM }));
        const group = groups.groups[0]!;
        const lag = group.lag.kind === 'known' ? group.lag.entries : Number.NaN;
        if (groups.entriesAdded !== (group.entriesRead ?? 0) + lag) mismatches.push(`added ${groups.entriesAdded}, read ${group.entriesRead}, lag ${lag}`);
      }
    } finally {
      isWriting = false;
      await writing;
    }
    assert.deepStrictEqual({ mismatches, added: (await admin.xlen(STREAM)) > 0 }, { mismatches: [], added: true });
  });

  test('the pending explorer filters by consumer, idle time and deliveries, previews entries and counts deliveries in a histogram', async () => {
    const server = await startServer();
    const client = rawClient(server);
    const ids = await seed(client);
    await client.xreadgroup('GROUP', 'workers', 'bob', 'COUNT', 2, 'STREAMS', STREAM, '>');
    // Four more deliveries of the first entry (XCLAIM without JUSTID counts one each): a poison message.
    for (let index = 0; index < 4; index++) await client.xclaim(STREAM, 'workers', 'alice', 0, ids[0]!);
    const bench = await openBench(server);
    const page = (extra: Partial<RequestParams<'groups:pending'>> = {}) => call(bench, 'groups:pending', { profileId: 'lab', key: STREAM, group: 'workers', count: 10, ...extra });
    const all = valueOf(await page());
    const bob = valueOf(await page({ consumer: 'bob' }));
    const poison = valueOf(await page({ minDeliveries: 3 }));
    const idleForAnHour = valueOf(await page({ minIdleMs: 3_600_000 }));
    const firstTwo = valueOf(await page({ count: 2 }));
    const nextTwo = valueOf(await page({ count: 2, start: firstTwo.nextStart! }));
    assert.deepStrictEqual(
      {
        total: all.total,
        perConsumer: all.perConsumer,
        rows: all.rows.map((row) => [row.id, row.consumer, row.deliveries]),
        preview: all.rows[0]?.entry && { fieldCount: all.rows[0].entry.fieldCount, fields: all.rows[0].entry.fields.map((field) => `${field.name.text}=${field.value.preview}`) },
        bob: bob.rows.map((row) => row.id),
        poison: poison.rows.map((row) => row.id),
        idle: idleForAnHour.rows.length,
        pages: [firstTwo.rows.map((row) => row.id), nextTwo.rows.map((row) => row.id)],
        histogram: all.histogram,
      },
      {
        total: 4,
        perConsumer: [
          { consumer: 'alice', count: 2 },
          { consumer: 'bob', count: 2 },
        ],
        rows: [
          [ids[0], 'alice', 5],
          [ids[1], 'alice', 1],
          [ids[2], 'bob', 1],
          [ids[3], 'bob', 1],
        ],
        preview: { fieldCount: 2, fields: ['task=t0', 'payload={"n":0}'] },
        bob: [ids[2], ids[3]],
        poison: [ids[0]],
        idle: 0,
        pages: [
          [ids[0], ids[1]],
          [ids[2], ids[3]],
        ],
        histogram: {
          buckets: [
            { label: '1', count: 3 },
            { label: '2', count: 0 },
            { label: '3–5', count: 1 },
            { label: '6–10', count: 0 },
            { label: '11–100', count: 0 },
            { label: 'over 100', count: 0 },
          ],
          covered: 4,
          isComplete: true,
        },
      },
    );
  });

  test('ack, claim to a named consumer and autoclaim change the pending list and are audited with the operator name', async () => {
    const server = await startServer();
    const client = rawClient(server);
    const ids = await seed(client);
    await client.xreadgroup('GROUP', 'workers', 'stalled', 'COUNT', 2, 'STREAMS', STREAM, '>');
    const bench = await openBench(server);
    const base = { profileId: 'lab', key: STREAM, group: 'workers', isConfirmed: true };
    const acked = valueOf(await call(bench, 'groups:ack', { ...base, ids: [ids[0]!, ids[0]!.replace(/-\d+$/, '-99')] }));
    const claimed = valueOf(await call(bench, 'groups:claim', { ...base, consumer: 'carol', minIdleMs: 0, ids: [ids[1]!] }));
    const auto = valueOf(await call(bench, 'groups:autoclaim', { ...base, consumer: 'dave', minIdleMs: 0, start: '0', count: 10 }));
    const pending = (await client.xpending(STREAM, 'workers', '-', '+', 10)) as [string, string][];
    const local = await localAudit(bench.dataDir);
    const remote = await redisAudit(client);
    assert.deepStrictEqual(
      {
        acked: [acked.acknowledged, acked.requested],
        claimed: [claimed.claimed, claimed.notClaimed, claimed.deleted],
        auto: [auto.claimed, auto.deleted, auto.nextStart],
        pending: pending.map(([id, consumer]) => [id, consumer]),
        local: local.map((line) => [line.action, line.operator, line.stream, line.group]),
        remote: remote.map((line) => [line.action, line.operator, line.ids]),
        audits: [acked.audit, claimed.audit, auto.audit],
      },
      {
        acked: [1, 2],
        claimed: [[ids[1]], [], []],
        auto: [[ids[1], ids[2], ids[3]], [], '0-0'],
        pending: [
          [ids[1], 'dave'],
          [ids[2], 'dave'],
          [ids[3], 'dave'],
        ],
        local: [
          ['ack', 'Alex', STREAM, 'workers'],
          ['claim', 'Alex', STREAM, 'workers'],
          ['autoclaim', 'Alex', STREAM, 'workers'],
        ],
        remote: [
          ['ack', 'Alex', `${ids[0]} ${ids[0]!.replace(/-\d+$/, '-99')}`],
          ['claim', 'Alex', ids[1]],
          ['autoclaim', 'Alex', `${ids[1]} ${ids[2]} ${ids[3]}`],
        ],
        audits: Array.from({ length: 3 }, () => ({ isLocalWritten: true, isRedisWritten: true })),
      },
    );
  });

  test('XTRIM under pending entries, then XAUTOCLAIM: the deleted ids reach the answer, the Redis audit stream and the local log', async () => {
    const server = await startServer();
    const client = rawClient(server);
    const ids = await seed(client);
    await client.xtrim(STREAM, 'MAXLEN', 3);
    const bench = await openBench(server, { profile: profile({ operatorName: '' }) });
    const auto = valueOf(
      await call(bench, 'groups:autoclaim', { profileId: 'lab', key: STREAM, group: 'workers', consumer: 'rescuer', minIdleMs: 0, start: '0', count: 10, isConfirmed: true }),
    );
    const [local] = await localAudit(bench.dataDir);
    const [remote] = await redisAudit(client);
    assert.deepStrictEqual(
      {
        answer: [auto.claimed, auto.deleted],
        local: [local?.operator, local?.ids, JSON.parse(String(local?.detail)).deleted, local?.summary],
        remote: [remote?.operator, remote?.ids, JSON.parse(String(remote?.detail)).deleted],
      },
      {
        answer: [[], [ids[0], ids[1]]],
        local: [
          'unnamed operator',
          [ids[0], ids[1]],
          [ids[0], ids[1]],
          `Autoclaimed 0 entries of ${STREAM} (group workers) for rescuer; 2 pending entries had been deleted from the stream and were dropped: their data is lost.`,
        ],
        remote: ['unnamed operator', `${ids[0]} ${ids[1]}`, [ids[0], ids[1]]],
      },
    );
  });

  test('the trim guard counts pending entries a trim would cut and refuses it until the loss is accepted', async () => {
    const server = await startServer();
    const client = rawClient(server);
    await seed(client);
    const bench = await openBench(server);
    const limit = { kind: 'maxLen', maxLen: 4 } as const;
    const check = valueOf(await call(bench, 'groups:trimCheck', { profileId: 'lab', key: STREAM, limit }));
    const refused = await call(bench, 'groups:trim', { profileId: 'lab', key: STREAM, limit, isConfirmed: true, isLossAccepted: false });
    const lengthAfterRefusal = await client.xlen(STREAM);
    const accepted = valueOf(await call(bench, 'groups:trim', { profileId: 'lab', key: STREAM, limit, isConfirmed: true, isLossAccepted: true }));
    const safe = valueOf(await call(bench, 'groups:trimCheck', { profileId: 'lab', key: STREAM, limit: { kind: 'maxLen', maxLen: 10 } }));
    assert.deepStrictEqual(
      {
        check: [check.length, check.wouldRemove, check.totalPendingCut, check.pendingCut.map((group) => [group.group, group.count])],
        refused: codeOf(refused),
        lengthAfterRefusal,
        accepted: [accepted.removed, accepted.pendingCut, await client.xlen(STREAM)],
        safe: [safe.wouldRemove, safe.totalPendingCut],
      },
      {
        check: [5, 1, 1, [['late', 0], ['workers', 1]]],
        refused: 'NEEDS_CONFIRMATION',
        lengthAfterRefusal: 5,
        accepted: [1, 1, 4],
        safe: [0, 0],
      },
    );
    assert.match(check.warning, /1 of them are still pending/);
  });

  test('the bus refuses every action on a read-only profile, unconfirmed actions, and a destroy whose typed name differs', async () => {
    const server = await startServer();
    const client = rawClient(server);
    const ids = await seed(client);
    const readOnly = await openBench(server, { profile: profile({ isReadOnly: true }) });
    const writable = await openBench(server);
    const base = { profileId: 'lab', key: STREAM, group: 'workers', isConfirmed: true };
    const everyAction = (bench: Bench, isConfirmed: boolean) =>
      Promise.all([
        call(bench, 'groups:ack', { ...base, isConfirmed, ids: [ids[0]!] }),
        call(bench, 'groups:claim', { ...base, isConfirmed, consumer: 'x', minIdleMs: 0, ids: [ids[0]!] }),
        call(bench, 'groups:autoclaim', { ...base, isConfirmed, consumer: 'x', minIdleMs: 0, start: '0', count: 10 }),
        call(bench, 'groups:create', { ...base, isConfirmed, group: 'new', startId: '$', isStreamMade: false }),
        call(bench, 'groups:setId', { ...base, isConfirmed, id: '0' }),
        call(bench, 'groups:deleteConsumer', { ...base, isConfirmed, consumer: 'alice' }),
        call(bench, 'groups:destroy', { ...base, isConfirmed, typedName: 'workers' }),
        call(bench, 'groups:trim', { profileId: 'lab', key: STREAM, isConfirmed, limit: { kind: 'maxLen', maxLen: 0 }, isLossAccepted: true }),
      ]);
    const refusedReadOnly = await everyAction(readOnly, true);
    const unconfirmed = await everyAction(writable, false);
    const wrongName = await call(writable, 'groups:destroy', { ...base, typedName: 'Workers' });
    const groups = (await client.xinfo('GROUPS', STREAM)) as unknown[];
    assert.deepStrictEqual(
      {
        readOnly: refusedReadOnly.map(codeOf),
        unconfirmed: unconfirmed.map(codeOf),
        wrongName: codeOf(wrongName),
        groups: groups.length,
        length: await client.xlen(STREAM),
        pending: ((await client.xpending(STREAM, 'workers')) as unknown[])[0],
      },
      { readOnly: Array(8).fill('READ_ONLY'), unconfirmed: Array(8).fill('NEEDS_CONFIRMATION'), wrongName: 'INVALID', groups: 2, length: 5, pending: 2 },
    );
    assert.match(refusedReadOnly[0]!.ok ? '' : refusedReadOnly[0]!.error.message, /"Lab 2" is read-only, so Labwire will not acknowledge 1 entries of lab:tasks/);
  });

  test('a right typed name destroys the group; deleting a consumer says how many pending entries went with it; create and set id work', async () => {
    const server = await startServer();
    const client = rawClient(server);
    const ids = await seed(client);
    const bench = await openBench(server);
    const base = { profileId: 'lab', key: STREAM, isConfirmed: true };
    const deleted = valueOf(await call(bench, 'groups:deleteConsumer', { ...base, group: 'workers', consumer: 'alice' }));
    valueOf(await call(bench, 'groups:create', { ...base, group: 'fresh', startId: ids[2]!, isStreamMade: false }));
    const duplicate = await call(bench, 'groups:create', { ...base, group: 'fresh', startId: '$', isStreamMade: false });
    valueOf(await call(bench, 'groups:setId', { ...base, group: 'fresh', id: ids[3]! }));
    valueOf(await call(bench, 'groups:destroy', { ...base, group: 'late', typedName: 'late' }));
    valueOf(await call(bench, 'groups:create', { ...base, key: 'lab:new', group: 'g', startId: '$', isStreamMade: true }));
    const list = valueOf(await call(bench, 'groups:list', { profileId: 'lab', key: STREAM }));
    assert.deepStrictEqual(
      {
        pendingDropped: deleted.pendingDropped,
        duplicate: codeOf(duplicate),
        groups: list.groups.map((group) => [group.name, group.lastDeliveredId, group.pending]),
        newStream: await client.exists('lab:new'),
        audit: (await localAudit(bench.dataDir)).map((line) => `${line.action} ${line.outcome}`),
      },
      {
        pendingDropped: 2,
        duplicate: 'INVALID',
        groups: [
          ['fresh', ids[3], 0],
          ['workers', ids[1], 0],
        ],
        newStream: 1,
        // The duplicate create that Redis refused (BUSYGROUP) is in the audit too.
        audit: ['consumer-delete done', 'group-create done', 'group-create refused', 'group-set-id done', 'group-destroy done', 'group-create done'],
      },
    );
  });
});

describe('odd entries in the pending explorer', () => {
  test('invalid UTF-8 names, binary and 1 MB values and 10,000 fields are shown as the Entries tab shows them, capped, never thrown', async () => {
    const server = await startServer();
    const client = rawClient(server);
    const manyFields = Array.from({ length: 10_000 }, (_, index) => [`f${index}`, String(index)]).flat();
    const odd = await client.xadd(STREAM, '*', Buffer.from([0x6e, 0xff, 0x6d]), Buffer.from([0x00, 0x01, 0xfe]), 'big', 'x'.repeat(1024 * 1024));
    const many = await client.xadd(STREAM, '*', ...manyFields);
    await client.xgroup('CREATE', STREAM, 'workers', '0');
    await client.xreadgroup('GROUP', 'workers', 'alice', 'COUNT', 2, 'STREAMS', STREAM, '>');
    const bench = await openBench(server);
    const page = valueOf(await call(bench, 'groups:pending', { profileId: 'lab', key: STREAM, group: 'workers', count: 10 }));
    const [first, second] = page.rows;
    // The pending list shows each entry exactly as the Entries tab does (same decoding, same caps).
    const entriesTab = valueOf(await readEntriesPage(client, { profileId: 'lab', key: STREAM, range: { kind: 'newest' }, count: 10 }, 'default'));
    assert.deepStrictEqual(
      {
        ids: [first?.id, second?.id],
        oddName: first?.entry?.fields[0]?.name.text,
        oddKind: first?.entry?.fields[0]?.value.kind,
        oddFields: first?.entry?.fieldCount,
        manyFields: second?.entry?.fieldCount,
        manyShown: second?.entry?.fields.length,
        asEntriesTab: [first?.entry, second?.entry],
      },
      {
        ids: [odd, many],
        oddName: 'n\\xFFm',
        oddKind: 'binary',
        oddFields: 2,
        manyFields: 10_000,
        manyShown: 64,
        asEntriesTab: [entriesTab.entries[1], entriesTab.entries[0]],
      },
    );
  });
});

describe('an ACL user', () => {
  test('NOPERM is explained per action, naming the command and the permission to ask for; nothing changes', async () => {
    const server = await startServer();
    const admin = rawClient(server);
    const ids = await seed(admin);
    await admin.call('ACL', 'SETUSER', 'viewer', 'on', '>pw-viewer', '~*', '+@read', '+@connection', '+info', '+xadd');
    const bench = await openBench(server, { profile: profile({ username: 'viewer' }), endpoint: { username: 'viewer', password: 'pw-viewer' } });
    const base = { profileId: 'lab', key: STREAM, group: 'workers', isConfirmed: true };
    const results = [
      await call(bench, 'groups:ack', { ...base, ids: [ids[0]!] }),
      await call(bench, 'groups:claim', { ...base, consumer: 'x', minIdleMs: 0, ids: [ids[0]!] }),
      await call(bench, 'groups:autoclaim', { ...base, consumer: 'x', minIdleMs: 0, start: '0', count: 10 }),
      await call(bench, 'groups:create', { ...base, group: 'new', startId: '$', isStreamMade: false }),
      await call(bench, 'groups:setId', { ...base, id: '0' }),
      await call(bench, 'groups:deleteConsumer', { ...base, consumer: 'alice' }),
      await call(bench, 'groups:destroy', { ...base, typedName: 'workers' }),
      await call(bench, 'groups:trim', { profileId: 'lab', key: STREAM, isConfirmed: true, limit: { kind: 'maxLen', maxLen: 0 }, isLossAccepted: true }),
    ];
    const list = await call(bench, 'groups:list', { profileId: 'lab', key: STREAM });
    assert.deepStrictEqual(
      {
        codes: results.map(codeOf),
        commands: results.map((result) => (result.ok ? '' : /may not run ([A-Z ]+?) on/.exec(result.error.message)?.[1])),
        list: codeOf(list),
        pending: ((await admin.xpending(STREAM, 'workers')) as unknown[])[0],
        length: await admin.xlen(STREAM),
      },
      {
        codes: Array(8).fill('NOPERM'),
        commands: ['XACK', 'XCLAIM', 'XAUTOCLAIM', 'XGROUP CREATE', 'XGROUP SETID', 'XGROUP DELCONSUMER', 'XGROUP DESTROY', 'XTRIM'],
        list: 'ok',
        pending: 2,
        length: 5,
      },
    );
    assert.match(results[0]!.ok ? '' : results[0]!.error.message, /This Redis user \("viewer"\) may not run XACK on lab:tasks for group "workers". Ask the lab admin to grant \+xack/);
    // Each refusal is audited with Redis's reason: in the audit view (read back from the local log) and in the audit stream.
    const view = valueOf(await call(bench, 'groups:audit', { profileId: 'lab', stream: STREAM, limit: 50 }));
    const inRedis = (await admin.xrange(AUDIT_STREAM_KEY, '-', '+')) as [string, string[]][];
    const field = (fields: string[], name: string): string | undefined => fields[fields.indexOf(name) + 1];
    assert.deepStrictEqual(
      {
        matched: view.matched,
        actions: view.records.map((record) => record.action),
        outcomes: new Set(view.records.map((record) => record.outcome)),
        reasons: view.records.map((record) => /may not run ([A-Z ]+?) on/.exec(record.refusal ?? '')?.[1]),
        firstSummary: view.records.at(-1)?.summary.startsWith('Refused by Redis: could not acknowledge 1 entries of lab:tasks for group "workers".'),
        inRedis: inRedis.map(([, fields]) => [field(fields, 'action'), field(fields, 'outcome')]),
      },
      {
        matched: 8,
        actions: ['trim', 'group-destroy', 'consumer-delete', 'group-set-id', 'group-create', 'autoclaim', 'claim', 'ack'],
        outcomes: new Set(['refused']),
        reasons: ['XTRIM', 'XGROUP DESTROY', 'XGROUP DELCONSUMER', 'XGROUP SETID', 'XGROUP CREATE', 'XAUTOCLAIM', 'XCLAIM', 'XACK'],
        firstSummary: true,
        inRedis: ['ack', 'claim', 'autoclaim', 'group-create', 'group-set-id', 'consumer-delete', 'group-destroy', 'trim'].map((action) => [action, 'refused']),
      },
    );
  });

  test('an audit stream the user may not write: the action is done, the local log has it, the answer says why Redis has not', async () => {
    const server = await startServer();
    const admin = rawClient(server);
    const ids = await seed(admin);
    await admin.call('ACL', 'SETUSER', 'worker', 'on', '>pw-worker', '~lab:*', '+@all');
    const bench = await openBench(server, { profile: profile({ username: 'worker' }), endpoint: { username: 'worker', password: 'pw-worker' } });
    const acked = valueOf(await call(bench, 'groups:ack', { profileId: 'lab', key: STREAM, group: 'workers', ids: [ids[0]!], isConfirmed: true }));
    const local = await localAudit(bench.dataDir);
    assert.deepStrictEqual(
      {
        acknowledged: acked.acknowledged,
        audit: [acked.audit.isLocalWritten, acked.audit.isRedisWritten],
        local: local.map((line) => [line.action, line.operator, line.ids]),
        remote: await admin.exists(AUDIT_STREAM_KEY),
      },
      { acknowledged: 1, audit: [true, false], local: [['ack', 'Alex', [ids[0]]]], remote: 0 },
    );
    assert.match(acked.audit.problem ?? '', /the Redis user "worker" may not run XADD on it\. Ask the lab admin to grant \+xadd on ~labwire:audit/);
  });
});
