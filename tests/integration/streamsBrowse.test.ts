/**
 * The streams browser against a real redis-server: listing by pattern and
 * page among keys of other types, each stream's facts, entries paged both
 * ways and by time, bytes exact in the detail, huge entries capped, the
 * envelope in both shapes, a bounded stoppable search, and NOPERM explained.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { readEntriesPage, readEntryDetail } from '../../src/bus/streams/browse/streamEntriesReader';
import { listStreams } from '../../src/bus/streams/browse/streamList';
import { runSearch, type SearchControl } from '../../src/bus/streams/browse/streamSearch';
import { createStreamsFeature } from '../../src/bus/streams/browse/streamsFeature';
import type { BusServices } from '../../src/bus/busFeature';
import type { BusEvent } from '../../src/shared/contract';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import { DEFAULT_DEAD_LETTER_TEMPLATES } from '../../src/shared/deadLetterNames';
import type { EntriesRange, StreamSearchProgress, StreamSummary } from '../../src/shared/features/streamsContract';
import { MAX_LISTED_FIELDS } from '../../src/shared/streamEntries';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
let server: TestRedisServer;
let client: Redis;

function connect(options: { username?: string; password?: string } = {}): Redis {
  const redis = new Redis({ host: '127.0.0.1', port: server.port, ...options, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  cleanups.push(() => void redis.disconnect());
  return redis;
}

async function listAll(pattern: string, count: number): Promise<{ streams: StreamSummary[]; pages: number }> {
  const streams: StreamSummary[] = [];
  let cursor = '0';
  let pages = 0;
  do {
    const page = valueOf(await listStreams(client, { profileId: 'lab', pattern, cursor, count }, DEFAULT_DEAD_LETTER_TEMPLATES, ''));
    streams.push(...page.streams);
    cursor = page.nextCursor;
    pages++;
    assert.equal(page.hasMore, cursor !== '0');
  } while (cursor !== '0');
  return { streams, pages };
}

async function page(key: string, range: EntriesRange, count: number) {
  return valueOf(await readEntriesPage(client, { profileId: 'lab', key, range, count }, ''));
}

before(async () => {
  server = await startRedisServer();
  cleanups.push(() => server.stop());
  client = connect();
  const pipeline = client.pipeline();
  for (let index = 0; index < 3000; index++) pipeline.set(`other:${index}`, 'x');
  for (let index = 0; index < 300; index++) pipeline.hset(`hash:${index}`, 'a', '1');
  for (let index = 0; index < 25; index++) pipeline.xadd(`lab:s:${index}`, '*', 'n', String(index));
  pipeline.xadd('lab:tasks', '1000-1', 'a', '1');
  await pipeline.exec();
});

describe('streams:list', () => {
  test('finds only streams matching the pattern, across pages, among thousands of other keys', async () => {
    const { streams, pages } = await listAll('lab:s:*', 4);
    assert.equal(streams.length, 25);
    assert.ok(pages > 1, 'a page asks for 4 streams, so 25 take several pages');
    assert.deepEqual(new Set(streams.map((stream) => stream.openKey)), new Set(Array.from({ length: 25 }, (_, index) => `lab:s:${index}`)));
  });

  test('reports length, first and last, groups, memory, trimmed count and a dead-letter origin', async () => {
    for (let index = 1; index <= 10; index++) await client.xadd('facts', `${1_700_000_000_000 + index}-0`, 'n', String(index));
    await client.xgroup('CREATE', 'facts', 'workers', '0');
    await client.xtrim('facts', 'MAXLEN', 6);
    // Redis 7.0 records the newest removed id for XDEL, not for trims.
    await client.xdel('facts', '1700000000007-0');
    await client.xadd('facts:dlq', '*', 'reason', 'failed');
    const { streams } = await listAll('facts*', 50);
    const facts = streams.find((stream) => stream.openKey === 'facts')!;
    assert.equal(facts.length, 5);
    assert.equal(facts.first?.id, '1700000000005-0');
    assert.equal(facts.first?.timeMs, 1_700_000_000_005);
    assert.equal(facts.last?.id, '1700000000010-0');
    assert.equal(facts.groups, 1);
    assert.ok(facts.memoryBytes !== null && facts.memoryBytes > 0);
    assert.deepEqual(facts.retention, { entriesAdded: 10, removed: 5, maxDeletedId: '1700000000007-0', recordedFirstId: '1700000000005-0' });
    assert.equal(facts.deadLetterOf, null);
    assert.equal(streams.find((stream) => stream.openKey === 'facts:dlq')?.deadLetterOf, 'facts');
  });

  test('a stream whose name is not UTF-8 is listed with its exact bytes and opens by them: entries, one entry, a search', async () => {
    const name = Buffer.from([0x62, 0x69, 0x6e, 0xff]);
    const id = await client.xadd(name, '*', 'a', '1');
    // The text shown ("bin\xFF") names another key, which must not be read instead.
    await client.xadd('bin\\xFF', '*', 'decoy', 'wrong stream');
    const { streams } = await listAll('bin*', 10);
    const listed = streams.find((stream) => stream.openKey === null)!;
    const target = { key: listed.key.text, keyBase64: listed.keyBase64 };
    const page = valueOf(await readEntriesPage(client, { profileId: 'lab', ...target, range: { kind: 'newest' }, count: 5 }, ''));
    const detail = valueOf(await readEntryDetail(client, target.key, id!, '', target.keyBase64));
    const found = valueOf(await runSearch(client, { profileId: 'lab', ...target, searchId: 's-bytes', window: { kind: 'ids', fromId: '-', toId: '+' }, query: 'a == 1', maxEntries: 10 }, { isStopped: false }, '', () => undefined));
    const mangled = await readEntriesPage(client, { profileId: 'lab', key: listed.key.text, keyBase64: 'not base64!', range: { kind: 'newest' }, count: 5 }, '');
    assert.deepStrictEqual(
      {
        listed: [streams.length, listed.key.text, Buffer.from(listed.keyBase64, 'base64').equals(name)],
        entries: page.entries.map((entry) => [entry.id, entry.fields.map((field) => `${field.name.text}=${field.value.preview}`)]),
        detail: detail.fields.map((field) => field.name.text),
        found: found.matches.map((entry) => entry.id),
        mangled: mangled.ok ? 'read' : mangled.error.code,
      },
      { listed: [2, 'bin\\xFF', true], entries: [[id, ['a=1']]], detail: ['a'], found: [id], mangled: 'INVALID' },
    );
  });
});

describe('streams:entries', () => {
  before(async () => {
    const pipeline = client.pipeline();
    for (let index = 1; index <= 25; index++) pipeline.xadd('paged', `${1_700_000_000_000 + index * 1000}-0`, 'n', String(index));
    await pipeline.exec();
  });

  test('pages newest first, then older, then newer again', async () => {
    const newest = await page('paged', { kind: 'newest' }, 10);
    assert.deepEqual(newest.entries.map((entry) => entry.fields[0]!.value.preview), ['25', '24', '23', '22', '21', '20', '19', '18', '17', '16']);
    assert.equal(newest.hasOlder, true);
    assert.equal(newest.hasNewer, false);
    assert.equal(newest.length, 25);
    const older = await page('paged', { kind: 'olderThan', id: newest.entries.at(-1)!.id }, 10);
    assert.equal(older.entries[0]!.fields[0]!.value.preview, '15');
    const oldest = await page('paged', { kind: 'olderThan', id: older.entries.at(-1)!.id }, 10);
    assert.deepEqual(oldest.entries.map((entry) => entry.fields[0]!.value.preview), ['5', '4', '3', '2', '1']);
    assert.equal(oldest.hasOlder, false);
    const newer = await page('paged', { kind: 'newerThan', id: oldest.entries[0]!.id }, 10);
    assert.deepEqual(newer.entries.map((entry) => entry.fields[0]!.value.preview), ['15', '14', '13', '12', '11', '10', '9', '8', '7', '6']);
    assert.equal(newer.hasNewer, true);
  });

  test('reads a time range, both ends included, and jumps to an id', async () => {
    const range = await page('paged', { kind: 'time', fromMs: 1_700_000_005_000, toMs: 1_700_000_008_000 }, 50);
    assert.deepEqual(range.entries.map((entry) => entry.id), ['1700000008000-0', '1700000007000-0', '1700000006000-0', '1700000005000-0']);
    assert.equal(range.entries[0]!.timeMs, 1_700_000_008_000);
    assert.equal(range.hasOlder, true);
    assert.equal(range.hasNewer, true);
    const jumped = await page('paged', { kind: 'atOrBefore', id: '1700000003000' }, 2);
    assert.deepEqual(jumped.entries.map((entry) => entry.id), ['1700000003000-0', '1700000002000-0']);
  });

  test('says plainly when the key is missing, of another type, or the id is not an id', async () => {
    const missing = await readEntriesPage(client, { profileId: 'lab', key: 'nope', range: { kind: 'newest' }, count: 5 }, '');
    assert.equal(!missing.ok && missing.error.code, 'NOT_FOUND');
    const hash = await readEntriesPage(client, { profileId: 'lab', key: 'hash:1', range: { kind: 'newest' }, count: 5 }, '');
    assert.ok(!hash.ok && /holds a hash, not a stream/.test(hash.error.message));
    const badId = await readEntriesPage(client, { profileId: 'lab', key: 'paged', range: { kind: 'olderThan', id: 'yesterday' }, count: 5 }, '');
    assert.ok(!badId.ok && badId.error.code === 'INVALID' && /entry id like/.test(badId.error.message));
  });

  test('keeps binary values and invalid UTF-8 field names byte for byte in the detail', async () => {
    const name = Buffer.from([0x66, 0xff, 0xfe, 0x00]);
    const value = Buffer.from([0x00, 0x01, 0x80, 0xff, 0xc3, 0x28]);
    const id = await client.xadd('binary', '*', name, value, 'text', 'héllo');
    const detail = valueOf(await readEntryDetail(client, 'binary', id!, ''));
    assert.equal(Buffer.from(detail.fields[0]!.nameBase64, 'base64').compare(name), 0);
    assert.equal(Buffer.from(detail.fields[0]!.valueBase64, 'base64').compare(value), 0);
    assert.equal(detail.fields[0]!.name.text, 'f\\xFF\\xFE\\x00');
    assert.equal(detail.fields[0]!.value.kind, 'binary');
    assert.ok(detail.fields[0]!.hexDump[0]!.includes('00 01 80 ff c3 28'));
    assert.equal(detail.fields[1]!.tree, 'héllo');
    const gone = await readEntryDetail(client, 'binary', '1-1', '');
    assert.ok(!gone.ok && /trimmed or deleted/.test(gone.error.message));
  });

  test('shows an entry of 10,000 fields and a 1 MB field capped and counted', async () => {
    const args: string[] = [];
    for (let index = 0; index < 10_000; index++) args.push(`f${index}`, String(index));
    await client.xadd('wide', '*', ...args);
    await client.xadd('big', '*', 'blob', 'x'.repeat(1024 * 1024), 'note', 'ok');
    const wide = (await page('wide', { kind: 'newest' }, 1)).entries[0]!;
    assert.equal(wide.fieldCount, 10_000);
    assert.equal(wide.fields.length, MAX_LISTED_FIELDS);
    assert.equal(wide.areFieldsTruncated, true);
    const big = (await page('big', { kind: 'newest' }, 1)).entries[0]!;
    assert.equal(big.fields[0]!.value.byteLength, 1024 * 1024);
    assert.ok(big.fields[0]!.value.preview.length <= 256);
    assert.equal(big.totalBytes, 'blob'.length + 1024 * 1024 + 'note'.length + 2);
    const detail = valueOf(await readEntryDetail(client, 'big', big.id, ''));
    assert.equal(Buffer.from(detail.fields[0]!.valueBase64, 'base64').length, 1024 * 1024);
  });

  test('finds the envelope spread over fields and as JSON in one field', async () => {
    await client.xadd('env', '1-1', 'id', 'm-1', 'from', 'planner', 'to', 'worker-2', 'type', 'task_request', 'priority', 'high', 'ttl', '30', 'correlation_id', 'c-9', 'timestamp', '1714000000.5', 'payload', '{"x":1}');
    const json = JSON.stringify({ id: 'm-2', from: 'planner', to: 'broadcast', type: 'event', payload: {}, priority: 'low', ttl: 60, correlation_id: 'c-10', timestamp: '2024-04-25T00:00:00Z' });
    await client.xadd('env', '1-2', 'data', json);
    const [asJson, spread] = (await page('env', { kind: 'newest' }, 2)).entries;
    assert.deepEqual(spread!.envelope, { foundIn: { kind: 'fields' }, id: 'm-1', from: 'planner', to: 'worker-2', type: 'task_request', priority: 'high', ttl: '30', correlationId: 'c-9', timestampMs: 1_714_000_000_500 });
    assert.deepEqual(asJson!.envelope, { foundIn: { kind: 'field', fieldName: 'data' }, id: 'm-2', from: 'planner', to: 'broadcast', type: 'event', priority: 'low', ttl: '60', correlationId: 'c-10', timestampMs: Date.UTC(2024, 3, 25) });
  });
});

describe('streams:search', () => {
  before(async () => {
    const pipeline = client.pipeline();
    for (let index = 1; index <= 3000; index++) {
      pipeline.xadd('searched', `${index}-0`, 'payload', JSON.stringify({ status: index % 1000 === 0 ? 'failed' : 'ok', n: index }));
    }
    await pipeline.exec();
  });

  const search = (window: { fromId: string; toId: string }, query: string, maxEntries: number, control: SearchControl = { isStopped: false }, onProgress: (progress: StreamSearchProgress) => void = () => undefined) =>
    runSearch(client, { profileId: 'lab', key: 'searched', searchId: 's1', window: { kind: 'ids', ...window }, query, maxEntries }, control, '', onProgress);

  test('finds matches by field path inside the window and reports the exact range read', async () => {
    const result = valueOf(await search({ fromId: '500', toId: '2500' }, 'payload.status == failed', 100_000));
    assert.deepEqual(result.matches.map((entry) => entry.id), ['2000-0', '1000-0']);
    assert.equal(result.scanned, 2001);
    assert.equal(result.newestId, '2500-0');
    assert.equal(result.oldestId, '500-0');
    assert.equal(result.outcome, 'done');
  });

  test('stops at maxEntries and says so, with plain text matching too', async () => {
    const result = valueOf(await search({ fromId: '-', toId: '+' }, '"n":2999', 100));
    assert.equal(result.scanned, 100);
    assert.equal(result.outcome, 'limit');
    assert.equal(result.oldestId, '2901-0');
    assert.deepEqual(result.matches.map((entry) => entry.id), ['2999-0']);
  });

  test('stops mid-way when asked, answering with what it read', async () => {
    const control: SearchControl = { isStopped: false };
    const result = valueOf(
      await search({ fromId: '-', toId: '+' }, 'nothing matches this', 100_000, control, (progress) => {
        if (progress.scanned >= 1000) control.isStopped = true;
      }),
    );
    assert.equal(result.outcome, 'stopped');
    assert.ok(result.scanned >= 1000 && result.scanned < 3000, `scanned ${result.scanned}`);
    assert.equal(result.oldestId, `${3000 - result.scanned + 1}-0`);
  });

  test('refuses a filter it cannot read', async () => {
    const result = await search({ fromId: '-', toId: '+' }, 'payload.n >', 10);
    assert.ok(!result.ok && result.error.code === 'INVALID');
  });
});

describe('permissions', () => {
  test('NOPERM names the command to grant', async () => {
    await client.call('ACL', 'SETUSER', 'viewer', 'on', '>pw', '~*', '+@all', '-xrange', '-xrevrange');
    const viewer = connect({ username: 'viewer', password: 'pw' });
    const refused = await readEntriesPage(viewer, { profileId: 'lab', key: 'paged', range: { kind: 'newest' }, count: 5 }, 'viewer');
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'NOPERM');
    assert.match(refused.error.message, /viewer\) may not run XREVRANGE on "paged": ask the lab admin to grant \+xrevrange/);
  });
});

describe('the streams feature', () => {
  const profile: Profile = { ...defaultProfileFields(), id: 'lab', name: 'Lab 2', hasPassword: false, isManagedLocal: false, createdAt: 0, updatedAt: 0 };

  /** The services the feature uses: profiles, the data connection, events. */
  function feature(connected: boolean, events: BusEvent[]) {
    const services = {
      profiles: { get: (id: string) => (id === 'lab' ? profile : undefined) },
      connections: { dataClient: () => (connected ? client : undefined) },
      emitEvent: (event: BusEvent) => events.push(event),
    } as unknown as BusServices;
    return createStreamsFeature(services);
  }

  test('says so when the profile is not connected', async () => {
    const result = await feature(false, []).handlers['streams:list']({ profileId: 'lab', pattern: '*', cursor: '0', count: 10 }, 'client');
    assert.ok(!result.ok && result.error.code === 'NOT_CONNECTED' && /not connected to "Lab 2"/.test(result.error.message));
  });

  test('streams:facts reads listed streams again by their exact bytes, in order, and says when one is gone', async () => {
    const streams = feature(true, []);
    const odd = Buffer.from([0x66, 0x61, 0x63, 0x74, 0xff]);
    await client.xadd(odd, '5-1', 'n', '1');
    await client.xadd('facts:live', '1-1', 'n', '1');
    const keysBase64 = [Buffer.from('facts:live').toString('base64'), odd.toString('base64'), Buffer.from('facts:gone').toString('base64')];
    const before = valueOf(await streams.handlers['streams:facts']({ profileId: 'lab', keysBase64 }, 'client')).streams;
    await client.xadd('facts:live', '1-2', 'n', '2');
    const after = valueOf(await streams.handlers['streams:facts']({ profileId: 'lab', keysBase64 }, 'client')).streams;
    assert.deepStrictEqual(
      after.map((stream) => [stream.keyBase64, stream.length, stream.last?.id ?? null]),
      [[keysBase64[0], 2, '1-2'], [keysBase64[1], 1, '5-1'], [keysBase64[2], 0, null]],
    );
    assert.equal(before[0]?.length, 1);
    assert.match(after[2]?.problem ?? '', /no longer exists/);
    const refused = await streams.handlers['streams:facts']({ profileId: 'lab', keysBase64: ['not base64!'] }, 'client');
    assert.ok(!refused.ok && refused.error.field === 'keyBase64');
  });

  test("a search's progress and stop belong to the window that started it; nothing is broadcast", async () => {
    // 100,000 entries: the search is still reading when the two windows ask (it stops only between chunks).
    for (let chunk = 0; chunk < 10; chunk++) {
      const pipeline = client.pipeline();
      for (let index = 0; index < 10_000; index++) pipeline.xadd('long-search', '*', 'n', String(index));
      await pipeline.exec();
    }
    const events: BusEvent[] = [];
    const streams = feature(true, events);
    const running = streams.handlers['streams:search'](
      { profileId: 'lab', key: 'long-search', searchId: 'stop-me', window: { kind: 'ids', fromId: '-', toId: '+' }, query: 'no such text anywhere', maxEntries: 100_000 },
      'client',
    );
    const progressOf = async (clientId: string) => valueOf(await streams.handlers['streams:searchProgress']({ searchId: 'stop-me' }, clientId)).progress;
    // `until` polls a value: the answer is kept by a reader that keeps asking.
    let scanned = 0;
    const asking = setInterval(() => void progressOf('client').then((progress) => (scanned = progress?.scanned ?? scanned)), 20);
    await until('progress for the searching window', () => scanned > 0).finally(() => clearInterval(asking));
    const otherSees = await progressOf('other-window');
    const otherStops = valueOf(await streams.handlers['streams:searchStop']({ searchId: 'stop-me' }, 'other-window'));
    const stopped = valueOf(await streams.handlers['streams:searchStop']({ searchId: 'stop-me' }, 'client'));
    const result = valueOf(await running);
    assert.deepStrictEqual(
      { otherSees, otherStops: otherStops.wasRunning, stopped: stopped.wasRunning, outcome: result.outcome, events },
      { otherSees: null, otherStops: false, stopped: true, outcome: 'stopped', events: [] },
    );
    assert.equal(valueOf(await streams.handlers['streams:searchStop']({ searchId: 'stop-me' }, 'client')).wasRunning, false);
  });
});
