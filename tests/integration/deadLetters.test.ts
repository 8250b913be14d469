/**
 * Dead letters against real redis-server processes: replay exactly once
 * (twice, concurrently, with the reply lost by a fault proxy), move once,
 * bytes exact, odd entries shown and never thrown, read-only and NOPERM
 * refusals, bulk plan/run/stop with a summary, and the audit records.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { BulkRuns } from '../../src/bus/streams/deadLetters/bulkRuns';
import { ledgerKeyOf } from '../../src/bus/streams/deadLetters/deadLetterScripts';
import type { BulkRunStatus, DeadLettersEvent } from '../../src/shared/features/deadLettersContract';
import { addPending, deadLetterProfile, FakeStreamAudit, rawEntries, serviceOver } from '../support/deadLetterFixtures';
import { startFaultProxy } from '../support/faultProxy';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const ORIGIN = 'lab:tasks';
const GROUP = 'consumers:task_request';

let server: TestRedisServer;
let keyNumber = 0;

function connect(port = server.port, options: Record<string, unknown> = {}): Redis {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: 1, ...options });
  client.on('error', () => undefined);
  cleanups.push(() => client.disconnect());
  return client;
}

async function ready(client: Redis): Promise<Redis> {
  await until('client ready', () => client.status === 'ready');
  return client;
}

/** A fresh origin/DLQ pair per test, so tests share one server and none another's data. */
function freshKeys(): { origin: string; dlq: string } {
  keyNumber++;
  return { origin: `${ORIGIN}:${keyNumber}`, dlq: `${ORIGIN}:${keyNumber}:dlq` };
}

/** Moves the given field lists into a fresh DLQ through the move script; answers the keys and dead-letter ids. */
async function seedDeadLetters(client: Redis, entries: Array<Array<string | Buffer>>): Promise<{ origin: string; dlq: string; ids: string[] }> {
  const keys = freshKeys();
  const pending = await addPending(client, keys.origin, GROUP, entries);
  const moved = valueOf(await serviceOver(client).move({ profileId: 'lab', origin: keys.origin, group: GROUP, dlqKey: keys.dlq, ids: pending, reason: 'parse error', isConfirmed: true }));
  const ids = moved.outcomes.map((outcome) => (outcome.state === 'moved' ? outcome.deadLetterId : assert.fail(`not moved: ${JSON.stringify(outcome)}`)));
  // The origin keeps its entries: a replay adds new ones after them.
  await client.del(keys.origin);
  return { ...keys, ids };
}

before(async () => {
  server = await startRedisServer();
  cleanups.push(() => server.stop());
});

describe('replay exactly once', () => {
  test('a second replay answers "already" with the same new id, and the origin gets one entry', async () => {
    const client = await ready(connect());
    const { origin, dlq, ids } = await seedDeadLetters(client, [['job', 'a']]);
    const service = serviceOver(client);
    const first = valueOf(await service.replay({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true }));
    const second = valueOf(await service.replay({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true }));
    const replayed = first.outcomes[0]!;
    assert.equal(replayed.state, 'replayed');
    assert.deepEqual(second.outcomes, [{ id: ids[0], state: 'already', newId: replayed.state === 'replayed' ? replayed.newId : '' }]);
    const entries = await rawEntries(client, origin);
    assert.deepEqual(entries.map((entry) => entry.fields.map(String)), [['job', 'a', 'replayed_from', ids[0]]]);
    assert.equal(await client.xlen(dlq), 0);
  });

  test('two clients replaying the same dead letters at once add each entry once', async () => {
    const client = await ready(connect());
    const { origin, dlq, ids } = await seedDeadLetters(client, Array.from({ length: 20 }, (_, index) => ['n', String(index)]));
    const [left, right] = [serviceOver(await ready(connect())), serviceOver(await ready(connect()))];
    const answers = await Promise.all([
      left.replay({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true }),
      right.replay({ profileId: 'lab', dlqKey: dlq, ids: [...ids].reverse(), isConfirmed: true }),
    ]);
    const states = answers.flatMap((answer) => valueOf(answer).outcomes.map((outcome) => outcome.state));
    assert.equal(states.filter((state) => state === 'replayed').length, 20);
    assert.equal(states.filter((state) => state === 'already').length, 20);
    const values = (await rawEntries(client, origin)).map((entry) => entry.fields[1]!.toString()).sort((a, b) => Number(a) - Number(b));
    assert.deepEqual(values, Array.from({ length: 20 }, (_, index) => String(index)));
  });

  test('a reply lost by the network, then a retry: exactly one entry, and the retry names it', async () => {
    const setup = await ready(connect());
    const { origin, dlq, ids } = await seedDeadLetters(setup, [['job', 'lost-reply']]);
    const proxy = await startFaultProxy(server.port);
    cleanups.push(() => proxy.close());
    const client = await ready(connect(proxy.port, { commandTimeout: 1_000, maxRetriesPerRequest: 0 }));
    const service = serviceOver(client);
    // Load the scripts first, so the lost reply is the replay's own and not SCRIPT LOAD's.
    valueOf(await service.replay({ profileId: 'lab', dlqKey: dlq, ids: ['1-1'], isConfirmed: true }));
    proxy.swallowNextReply();
    const lost = await service.replay({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true });
    await proxy.replySwallowed();
    assert.equal(lost.ok ? lost.value.outcomes[0]!.state : 'failed', 'failed', 'the first try does not know what happened');
    proxy.cutConnections();
    await until('reconnected', () => client.status === 'ready');
    const retry = valueOf(await service.replay({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true }));
    const entries = await rawEntries(setup, origin);
    assert.equal(entries.length, 1);
    assert.deepEqual(retry.outcomes, [{ id: ids[0], state: 'already', newId: entries[0]!.id }]);
  });
});

describe('finding and reading', () => {
  test('dead-letter streams are found by both default names, with counts and whether the origin exists', async () => {
    const client = await ready(connect());
    await client.xadd('list:a:dlq', '*', 'x', '1');
    await client.xadd('list:a:dlq', '*', 'x', '2');
    await client.xadd('dlq:list:b', '*', 'x', '1');
    await client.xadd('list:a', '*', 'x', '1');
    await client.set('list:c:dlq', 'not a stream');
    const service = serviceOver(client);
    const found = valueOf(await service.list('lab')).streams.filter((stream) => stream.key.includes('list:'));
    assert.deepEqual(found, [
      { key: 'dlq:list:b', origin: 'list:b', count: 1, isOriginPresent: false },
      { key: 'list:a:dlq', origin: 'list:a', count: 2, isOriginPresent: true },
    ]);
    assert.deepEqual(valueOf(await service.list('lab', 'list:a')).streams, [{ key: 'list:a:dlq', origin: 'list:a', count: 2, isOriginPresent: true }]);
  });

  test('pages go newest first and end with no next page', async () => {
    const client = await ready(connect());
    const { dlq } = freshKeys();
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) ids.push((await client.xadd(dlq, '*', 'n', String(index))) as string);
    const service = serviceOver(client);
    const first = valueOf(await service.entries('lab', dlq, null, 3));
    const second = valueOf(await service.entries('lab', dlq, first.nextBeforeId, 3));
    assert.deepEqual(
      [first.entries.map((entry) => entry.id), first.total, second.entries.map((entry) => entry.id), second.nextBeforeId],
      [[ids[4], ids[3], ids[2]], 5, [ids[1], ids[0]], null],
    );
  });
});

describe('move', () => {
  test('moving twice copies once; the second try says no longer pending', async () => {
    const client = await ready(connect());
    const { origin, dlq } = freshKeys();
    const ids = await addPending(client, origin, GROUP, [['job', 'x']]);
    const service = serviceOver(client);
    const request = { profileId: 'lab', origin, group: GROUP, dlqKey: dlq, ids, reason: 'timeout', isConfirmed: true };
    const first = valueOf(await service.move(request));
    const second = valueOf(await service.move(request));
    assert.equal(first.outcomes[0]!.state, 'moved');
    assert.deepEqual(second.outcomes, [{ id: ids[0], state: 'not-pending' }]);
    assert.equal(await client.xlen(dlq), 1);
    const pending = (await client.xpending(origin, GROUP)) as [number, ...unknown[]];
    assert.equal(pending[0], 0);
    const page = valueOf(await service.entries('lab', dlq, null, 10));
    assert.deepEqual(
      { ...page.entries[0], movedAtMs: 0, id: '' },
      {
        id: '',
        layout: 'labwire',
        reason: 'timeout',
        deliveries: 1,
        origin,
        originalId: ids[0],
        movedAtMs: 0,
        group: GROUP,
        fields: [{ name: { text: 'job', byteLength: 3, isTruncated: false }, value: { text: 'x', byteLength: 1, isTruncated: false }, preview: 'x' }],
        fieldCount: 1,
      },
    );
  });

  test('binary values and invalid UTF-8 names survive move and replay byte for byte', async () => {
    const client = await ready(connect());
    const binary = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 10, 13, 0]);
    const badName = Buffer.from([0x66, 0xc3, 0x28, 0xff]);
    const original: Array<string | Buffer> = [badName, binary, 'dlq:reason', 'an original field that looks like ours', 'text', 'ok'];
    const { origin, dlq, ids } = await seedDeadLetters(client, [original]);
    valueOf(await serviceOver(client).replay({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true }));
    const [replayed] = await rawEntries(client, origin);
    assert.deepEqual(replayed!.fields, [...original.map((part) => Buffer.from(part)), Buffer.from('replayed_from'), Buffer.from(ids[0]!)]);
  });
});

describe('odd entries are shown, never thrown', () => {
  test('no expected fields, a 1 MB field, 10,000 fields and invalid UTF-8 names', async () => {
    const client = await ready(connect());
    const { dlq } = freshKeys();
    await client.xadd(dlq, '*', 'only', 'this');
    await client.xadd(dlq, '*', 'big', Buffer.alloc(1024 * 1024, 0x41));
    await client.xadd(dlq, '*', ...Array.from({ length: 10_000 }, (_, index) => [`f${index}`, String(index)]).flat());
    await client.xadd(dlq, '*', Buffer.from([0xff, 0xfe]), 'v', 'reason', 'boom', 'origin', 'elsewhere');
    const service = serviceOver(client);
    const page = valueOf(await service.entries('lab', dlq, null, 10));
    assert.deepEqual(
      page.entries.map((entry) => [entry.layout, entry.fieldCount, entry.fields.length, entry.reason, entry.origin, entry.fields[0]!.name.text]),
      [
        ['producer', 3, 3, 'boom', 'elsewhere', '\\xFF\\xFE'],
        ['unknown', 10_000, 50, null, 'lab:tasks:' + String(keyNumber), 'f0'],
        ['unknown', 1, 1, null, 'lab:tasks:' + String(keyNumber), 'big'],
        ['unknown', 1, 1, null, 'lab:tasks:' + String(keyNumber), 'only'],
      ],
    );
    assert.equal(page.entries[2]!.fields[0]!.value.byteLength, 1024 * 1024);
    const tooWide = page.entries[1]!.id;
    const replay = valueOf(await service.replay({ profileId: 'lab', dlqKey: dlq, ids: [tooWide], isConfirmed: true }));
    assert.match(replay.outcomes[0]!.state === 'failed' ? replay.outcomes[0]!.message : '', /10000 fields; a move or replay handles at most 3900/);
  });
});

describe('refusals', () => {
  test('a read-only profile refuses move, replay and discard in the bus, changing nothing', async () => {
    const client = await ready(connect());
    const { origin, dlq, ids } = await seedDeadLetters(client, [['job', 'r']]);
    const audit = new FakeStreamAudit();
    const service = serviceOver(client, deadLetterProfile({ isReadOnly: true }), audit);
    const answers = [
      await service.replay({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true }),
      await service.discard({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true, typedConfirmation: dlq }),
      await service.move({ profileId: 'lab', origin, group: GROUP, dlqKey: dlq, ids, reason: '', isConfirmed: true }),
    ];
    assert.deepEqual(answers.map((answer) => (answer.ok ? 'ok' : answer.error.code)), ['READ_ONLY', 'READ_ONLY', 'READ_ONLY']);
    assert.equal(await client.xlen(dlq), 1);
    assert.equal(await client.exists(origin), 0);
  });

  test('discard needs the stream name typed, and unconfirmed writes are refused', async () => {
    const client = await ready(connect());
    const { dlq, ids } = await seedDeadLetters(client, [['job', 'd']]);
    const service = serviceOver(client);
    const wrongName = await service.discard({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true, typedConfirmation: 'lab:tasks' });
    const unconfirmed = await service.replay({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: false });
    assert.deepEqual([wrongName.ok ? 'ok' : wrongName.error.code, unconfirmed.ok ? 'ok' : unconfirmed.error.code], ['NEEDS_CONFIRMATION', 'NEEDS_CONFIRMATION']);
    assert.equal(await client.xlen(dlq), 1);
    assert.deepEqual(valueOf(await service.discard({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true, typedConfirmation: dlq })), { deleted: 1 });
  });

  test('a move to a stream the naming does not tie to the origin is refused, nothing moved', async () => {
    const client = await ready(connect());
    const { origin } = freshKeys();
    const ids = await addPending(client, origin, GROUP, [['job', 'y']]);
    const refused = await serviceOver(client).move({ profileId: 'lab', origin, group: GROUP, dlqKey: 'somewhere:else', ids, reason: '', isConfirmed: true });
    assert.deepEqual(refused.ok ? 'ok' : [refused.error.code, refused.error.field], ['INVALID', 'dlqKey']);
    assert.equal(await client.exists('somewhere:else'), 0);
  });

  test('an ACL user without XADD is told what to ask the lab admin for, per dead letter', async () => {
    const admin = await ready(connect());
    const { origin, dlq, ids } = await seedDeadLetters(admin, [['job', 'p']]);
    await admin.call('ACL', 'SETUSER', 'reader', 'on', '>secret-pass', '~*', '+@all', '-xadd');
    const limited = await ready(connect(server.port, { username: 'reader', password: 'secret-pass' }));
    const replay = valueOf(await serviceOver(limited).replay({ profileId: 'lab', dlqKey: dlq, ids, isConfirmed: true }));
    const outcome = replay.outcomes[0]!;
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.state === 'failed' ? outcome.message : '', /^This Redis user may not replay dead letters on lab:tasks:\d+:dlq: ask the lab admin to grant .*\+xadd/);
    assert.equal(await admin.exists(origin), 0);
    assert.equal(await admin.xlen(dlq), 1);
  });
});

describe('bulk', () => {
  test('plan, then run: every dead letter once, progress events, a summary, audit records', async () => {
    const client = await ready(connect());
    const { origin, dlq, ids } = await seedDeadLetters(client, Array.from({ length: 1_203 }, (_, index) => ['n', String(index)]));
    // One replayed before the run: the plan and run count it as already done.
    const audit = new FakeStreamAudit();
    const service = serviceOver(client, deadLetterProfile(), audit);
    valueOf(await service.replay({ profileId: 'lab', dlqKey: dlq, ids: [ids[0]!], isConfirmed: true }));
    const plan = valueOf(await service.plan('lab', dlq, 'replay', { kind: 'ids', ids }));
    assert.deepEqual(
      { total: plan.total, perOrigin: plan.perOrigin, already: plan.alreadyReplayed, missing: plan.missing, summary: plan.summary },
      { total: 1_202, perOrigin: [{ origin, count: 1_202, isOriginPresent: true, isSameSlot: false }], already: 1, missing: 0, summary: `1,202 entries would go to ${origin}; 1 entry already replayed.` },
    );
    const events: BulkRunStatus[] = [];
    const runs = new BulkRuns(service, (event: DeadLettersEvent) => events.push(event.status));
    const started = valueOf(await runs.start({ profileId: 'lab', dlqKey: dlq, action: 'replay', selection: { kind: 'ids', ids }, isConfirmed: true }));
    const final = await until('run finished', () => events.find((status) => status.state === 'finished'), 20_000);
    assert.deepEqual({ ...final, runId: '' }, { ...started, runId: '', state: 'finished', done: 1_202, already: 1, failed: 0, failures: [] });
    assert.equal(await client.xlen(origin), 1_203);
    assert.equal(await client.hlen(ledgerKeyOf(dlq)), 1_203);
    assert.deepEqual(
      audit.records.map((record) => [record.action, record.summary]),
      [
        ['dlq-replay', `Replayed 1 dead letter from ${dlq}`],
        ['dlq-replay', `Bulk run finished: Replayed 1,202 dead letters of ${dlq}, 1 already done`],
      ],
    );
  });

  test('stop ends a whole-stream run after the chunk in flight; what is left stays, counts agree', async () => {
    const client = await ready(connect());
    const { origin, dlq } = await seedDeadLetters(client, Array.from({ length: 3_000 }, (_, index) => ['n', String(index)]));
    const service = serviceOver(client);
    const events: BulkRunStatus[] = [];
    const runs = new BulkRuns(service, (event) => events.push(event.status));
    const started = valueOf(await runs.start({ profileId: 'lab', dlqKey: dlq, action: 'replay', selection: { kind: 'all' }, isConfirmed: true }));
    valueOf(runs.stop(started.runId));
    const final = await until('run stopped', () => events.find((status) => status.state === 'stopped'), 20_000);
    const [replayed, left] = [await client.xlen(origin).catch(() => 0), await client.xlen(dlq)];
    assert.equal(final.done, replayed);
    assert.equal(replayed + left, 3_000);
    assert.ok(left > 0, 'the stop came before the end');
  });

  test('a bulk discard needs the typed name', async () => {
    const client = await ready(connect());
    const { dlq } = await seedDeadLetters(client, [['a', '1'], ['b', '2']]);
    const runs = new BulkRuns(serviceOver(client), () => undefined);
    const refused = await runs.start({ profileId: 'lab', dlqKey: dlq, action: 'discard', selection: { kind: 'all' }, isConfirmed: true, typedConfirmation: 'nope' });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'NEEDS_CONFIRMATION');
    const started = valueOf(await runs.start({ profileId: 'lab', dlqKey: dlq, action: 'discard', selection: { kind: 'all' }, isConfirmed: true, typedConfirmation: dlq }));
    await until('discard finished', () => valueOf(runs.status(started.runId)).state === 'finished');
    assert.equal(await client.xlen(dlq), 0);
  });
});
