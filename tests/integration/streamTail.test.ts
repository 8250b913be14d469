/**
 * A stream as a message source against a real redis-server: lanes on a
 * stream key receive new entries in order with exact bytes, two lanes share
 * one read, keys come and go while the read is blocked, the tail resumes
 * after a restart and after CLIENT KILL from the last id read, counts what
 * a trim took meanwhile, and refuses WRONGTYPE and NOPERM in plain words.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pack } from 'msgpackr';
import type { ConnectionTiming } from '../../src/bus/connections/connectionTiming';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import { PlotService } from '../../src/bus/plots/plotService';
import type { BusFrame } from '../../src/shared/contract';
import type { PlotFrame } from '../../src/shared/plots';
import type { TailTiming } from '../../src/bus/sources/redisStream/profileTail';
import type { Lane, LaneSubscription } from '../../src/shared/liveChannels';
import { FrameSink } from '../support/feedFrameSink';
import { openLiveFeed, type OpenLiveFeed } from '../support/openLiveFeed';
import type { TestRedisServer } from '../support/redisServer';
import { connectPlainClient, startSuiteServer } from '../support/suiteRedis';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const QUICK_RETRY: Partial<ConnectionTiming> = { retryBaseMs: 100, retryMaxMs: 400, connectTimeoutMs: 2_000 };
/** A block far longer than any wait below: a key change that waited for the block to end would time the test out. */
const LONG_BLOCK: Partial<TailTiming> = { blockMs: 60_000 };

const cleanups = suiteCleanups();

interface OpenTail extends OpenLiveFeed {
  plots: PlotService;
  plotFrames: PlotFrame[];
}

const startServer = (args: string[] = []): Promise<TestRedisServer> => startSuiteServer(cleanups, args);
const plainClient = (server: TestRedisServer): Promise<Redis> => connectPlainClient(cleanups, server);

async function openTail(server: TestRedisServer, extra: Partial<RedisEndpoint> = {}, tailTiming: Partial<TailTiming> = LONG_BLOCK): Promise<OpenTail> {
  const feed = await openLiveFeed(cleanups, 'lab', { host: '127.0.0.1', port: server.port, db: 0, ...extra }, { timing: QUICK_RETRY, tailTiming });
  const plotFrames: PlotFrame[] = [];
  const plots = new PlotService({
    source: feed.router,
    emitFrame: (frame: BusFrame) => {
      if (frame.kind === 'plot') plotFrames.push(frame);
    },
  });
  cleanups.push(() => plots.dispose());
  return { ...feed, plots, plotFrames };
}

function previewsOf(sink: FrameSink, laneId: string): string[] {
  return sink
    .messages()
    .filter((message) => message.laneIds.includes(laneId))
    .map((message) => message.preview);
}

/** The one field's value of each entry the lane showed (entries of one plain field are shown as {"n":"a1"}). */
function valuesOf(sink: FrameSink, laneId: string): string[] {
  return previewsOf(sink, laneId).map((preview) => {
    const fields = JSON.parse(preview) as Record<string, string>;
    return Object.values(fields).join(' ');
  });
}

function payloadsOf(open: OpenTail, laneId: string): Buffer[] {
  return open.sink
    .messages()
    .filter((message) => message.laneIds.includes(laneId))
    .map((message) => Buffer.from(valueOf(open.live.messageDetail(open.profileId, message.seq)).payloadBase64, 'base64'));
}

function stateOf(lane: Lane | undefined): LaneSubscription['state'] | undefined {
  return lane?.subscription.state;
}

/** The id of the blocking connection, found by its name in CLIENT LIST. */
async function blockingClientId(admin: Redis): Promise<string> {
  const list = String(await admin.call('CLIENT', 'LIST'));
  const line = list.split('\n').find((row) => row.includes('name=labwire-blocking'));
  assert.ok(line, 'a labwire-blocking connection exists');
  return /id=(\d+)/.exec(line)![1]!;
}

describe('a lane on a stream', () => {
  test('receives the entries added after it, in order, with the bytes exact', async () => {
    const server = await startServer();
    const open = await openTail(server);
    const writer = await plainClient(server);
    await writer.xadd('lab:tasks', '*', 'data', '{"old":true}');
    const lane = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:tasks' }, 'auto'));
    const binary = Buffer.from([0xff, 0x00, 0xfe, 0x41]);
    const msgpackDocument = pack({ step: 2, raw: binary });
    await writer.xadd('lab:tasks', '*', 'data', '{"step":1}');
    await writer.xadd('lab:tasks', '*', 'payload', msgpackDocument);
    await writer.xadd('lab:tasks', '*', 'type', 'measure', 'celsius', '21.5', 'raw', binary);
    const payloads = await until('three entries', () => {
      const found = payloadsOf(open, lane.id);
      return found.length === 3 && found;
    });
    const entryIds = open.sink
      .messages()
      .filter((message) => message.laneIds.includes(lane.id))
      .map((message) => valueOf(open.live.messageDetail(open.profileId, message.seq)).streamEntryId);
    const addedIds = (await writer.xrange('lab:tasks', '-', '+')).slice(1).map(([id]) => id);
    assert.deepStrictEqual(entryIds, addedIds);
    assert.deepStrictEqual(
      { payloads: payloads.map((payload) => payload.toString('base64')), previews: previewsOf(open.sink, lane.id), laneKind: lane.target },
      {
        payloads: [
          Buffer.from('{"step":1}').toString('base64'),
          msgpackDocument.toString('base64'),
          Buffer.from(`{"type":"measure","celsius":"21.5","raw":{"$base64":"${binary.toString('base64')}"}}`).toString('base64'),
        ],
        previews: ['{"step":1}', '{"step":2,"raw":{"$binary":"ff00fe41"}}', `{"type":"measure","celsius":"21.5","raw":{"$base64":"${binary.toString('base64')}"}}`],
        laneKind: { kind: 'stream', key: 'lab:tasks' },
      },
    );
  });

  test('two lanes on one key share one read and both receive each entry', async () => {
    const server = await startServer();
    const open = await openTail(server);
    const writer = await plainClient(server);
    const first = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:shared' }, 'auto'));
    const second = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:shared' }, 'text'));
    await writer.xadd('lab:shared', '*', 'value', 'one');
    await writer.xadd('lab:shared', '*', 'value', 'two');
    // One plain field is written as a field map: {"value":"one"}.
    await until('both lanes', () => valuesOf(open.sink, first.id).length === 2 && valuesOf(open.sink, second.id).length === 2);
    const admin = await plainClient(server);
    const blockedReads = String(await admin.call('CLIENT', 'LIST'))
      .split('\n')
      .filter((row) => row.includes('cmd=xread') && row.includes('name=labwire-blocking'));
    assert.deepStrictEqual(
      { first: valuesOf(open.sink, first.id), second: valuesOf(open.sink, second.id), feedRows: open.sink.messages().length, blockingReaders: blockedReads.length },
      // The feed shows a row per lane, as for two lanes on one channel.
      { first: ['one', 'two'], second: ['one', 'two'], feedRows: 4, blockingReaders: 1 },
    );
  });

  test('a key added or removed while the read is blocked joins or leaves without waiting for the block to end', async () => {
    const server = await startServer();
    const open = await openTail(server);
    const writer = await plainClient(server);
    const alpha = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:alpha' }, 'auto'));
    await writer.xadd('lab:alpha', '*', 'n', 'a1');
    await until('a1', () => valuesOf(open.sink, alpha.id).length === 1);
    // The loop is now blocked on lab:alpha alone for up to a minute.
    const beta = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:beta' }, 'auto'));
    await writer.xadd('lab:beta', '*', 'n', 'b1');
    await until('b1', () => valuesOf(open.sink, beta.id).length === 1);
    valueOf(await open.live.removeLane(open.profileId, alpha.id));
    await writer.xadd('lab:alpha', '*', 'n', 'a2');
    await writer.xadd('lab:beta', '*', 'n', 'b2');
    await until('b2', () => valuesOf(open.sink, beta.id).length === 2);
    assert.deepStrictEqual(
      { rows: open.sink.messages().map((message) => message.preview) },
      { rows: ['{"n":"a1"}', '{"n":"b1"}', '{"n":"b2"}'] },
    );
  });

  test('a stream written faster than one read (COUNT 7): every entry once, in order, and a key added meanwhile joins', async () => {
    const server = await startServer();
    const open = await openTail(server, {}, { ...LONG_BLOCK, entriesPerRead: 7 });
    const writer = await plainClient(server);
    const alpha = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:fast' }, 'auto'));
    const written = Array.from({ length: 600 }, (_, index) => `f${index}`);
    const flood = writer.pipeline();
    for (const value of written) flood.xadd('lab:fast', '*', 'n', value);
    await flood.exec();
    await until('the flood has begun arriving', () => valuesOf(open.sink, alpha.id).length > 0);
    const beta = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:late' }, 'auto'));
    await writer.xadd('lab:late', '*', 'n', 'l1');
    await writer.xadd('lab:fast', '*', 'n', 'last');
    await until('every entry', () => valuesOf(open.sink, alpha.id).length >= 601 && valuesOf(open.sink, beta.id).length === 1);
    assert.deepStrictEqual({ fast: valuesOf(open.sink, alpha.id), late: valuesOf(open.sink, beta.id) }, { fast: [...written, 'last'], late: ['l1'] });
  });

  test('the next read is on the server while a reply is handed out (read ahead), and every entry still arrives once, in order', async () => {
    const server = await startServer();
    const open = await openTail(server, {}, { ...LONG_BLOCK, entriesPerRead: 7 });
    const writer = await plainClient(server);
    // XREADs the server has answered, asked synchronously from inside the consumer: what the tail had sent by then.
    const xreadCalls = (): number => {
      const info = execFileSync('redis-cli', ['-p', String(server.port), 'INFO', 'commandstats'], { encoding: 'utf8' });
      return Number(/cmdstat_xread:calls=(\d+)/.exec(info)?.[1] ?? 0);
    };
    const seen: { value: string; calls: number }[] = [];
    const subscription = open.router.subscribe(open.profileId, { kind: 'stream', key: 'lab:ahead' }, (message) => {
      seen.push({ value: message.payload.toString('utf8'), calls: xreadCalls() });
    });
    cleanups.push(() => subscription.unsubscribe());
    assert.equal((await subscription.whenSettled()).state, 'active');
    const before = xreadCalls();
    const written = Array.from({ length: 30 }, (_, index) => `e${index}`);
    const flood = writer.pipeline();
    for (const value of written) flood.xadd('lab:ahead', '*', 'data', value);
    await flood.exec();
    await until('every entry', () => seen.length >= written.length);
    // One field that holds no JSON document: the payload is the entry's field map.
    assert.deepStrictEqual(
      seen.map((entry) => entry.value),
      written.map((value) => `{"data":"${value}"}`),
    );
    // The first reply is being handed out: it was answered, and so was the read sent on its arrival (30 entries, COUNT 7: more were waiting).
    assert.ok(seen[0]!.calls - before >= 2, `XREADs answered while the first reply was handed out: ${seen[0]!.calls - before}`);
  });

  test('a missing key waits for the stream to appear and then shows its first entries', async () => {
    const server = await startServer();
    const open = await openTail(server);
    const writer = await plainClient(server);
    const lane = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:later' }, 'auto'));
    await writer.xadd('lab:later', '*', 'n', 'first');
    await until('the first entry', () => valuesOf(open.sink, lane.id).length === 1);
    assert.deepStrictEqual({ state: lane.subscription.state, previews: valuesOf(open.sink, lane.id) }, { state: 'active', previews: ['first'] });
  });
});

describe('a plot on a stream', () => {
  test('a telemetry chart draws a numeric field of the entries (Redis keeps it as text) and skips the entries without it', async () => {
    const server = await startServer();
    const open = await openTail(server);
    const writer = await plainClient(server);
    const opened = valueOf(
      await open.plots.open(open.profileId, {
        kind: 'telemetry',
        target: { kind: 'stream', key: 'lab:readings' },
        fieldPaths: ['celsius'],
        match: null,
        timeSource: 'receive',
        windowSeconds: 600,
        pixelWidth: 300,
      }),
    );
    await writer.xadd('lab:readings', '*', 'device', 'oven1', 'celsius', '21.5');
    await writer.xadd('lab:readings', '*', 'device', 'oven1', 'note', 'door open');
    await writer.xadd('lab:readings', '*', 'device', 'oven1', 'celsius', '-3e1');
    await writer.xadd('lab:readings', '*', 'celsius', '22');
    const stream = open.plots.streamOf(opened.plotId)!;
    await until('three samples', () => stream.stats().samples === 3);
    // Live frames are a chain of changes: ask for a keyframe so the last frame holds the whole window.
    valueOf(open.plots.requestKeyframe(opened.plotId));
    open.plots.flushFrames(performance.now() + 2_000);
    const frame = open.plotFrames.filter((candidate) => candidate.plotId === opened.plotId && candidate.x.length > 0).at(-1)!;
    const ids = (await writer.xrange('lab:readings', '-', '+')).map(([id]) => Number(id.split('-')[0]) / 1000);
    assert.deepStrictEqual(
      { names: frame.seriesNames, values: [...frame.ys[0]!], x: [...frame.x], samples: stream.stats().samples },
      // Each sample at the time Redis added its entry (the id's milliseconds), not when the tail read them all at once.
      { names: ['celsius'], values: [21.5, -30, 22], x: [ids[0], ids[2], ids[3]], samples: 3 },
    );
  });
});

describe('faults', () => {
  test('a killed and restarted server: the tail resumes from the last id read, nothing twice, and says nothing was missed', async () => {
    const server = await startServer(['--appendonly', 'yes', '--appendfsync', 'always']);
    const open = await openTail(server);
    const before = await plainClient(server);
    const lane = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:persist' }, 'auto'));
    await before.xadd('lab:persist', '*', 'n', 'one');
    await until('one', () => valuesOf(open.sink, lane.id).length === 1);
    await server.kill();
    await until('the lane interrupted', () => stateOf(open.sink.lane(lane.id)) === 'interrupted');
    await server.restart();
    const after = await plainClient(server);
    await after.xadd('lab:persist', '*', 'n', 'two');
    await until('two', () => valuesOf(open.sink, lane.id).length === 2);
    const state = open.sink.lane(lane.id)!.subscription;
    const firstId = String((await after.xrange('lab:persist', '-', '+'))[0]![0]);
    assert.deepStrictEqual(
      { previews: valuesOf(open.sink, lane.id), state: state.state, note: state.state === 'active' ? state.note : undefined, gaps: open.sink.gaps().length },
      { previews: ['one', 'two'], state: 'active', note: `Resumed from ${firstId}, nothing missed.`, gaps: 1 },
    );
  });

  test('entries trimmed while the tail was away are counted, and the rest are read', async () => {
    const server = await startServer();
    const admin = await plainClient(server);
    await admin.call('ACL', 'SETUSER', 'jamie', 'on', '>lab-pass', '~*', '&*', '+@all');
    const open = await openTail(server, { username: 'jamie', password: 'lab-pass' });
    const lane = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:trimmed' }, 'auto'));
    await admin.xadd('lab:trimmed', '*', 'n', '0');
    await until('entry 0', () => valuesOf(open.sink, lane.id).length === 1);
    const lastId = String((await admin.xrange('lab:trimmed', '-', '+')).at(-1)![0]);
    // Keep the tail away: neither its user nor the default user may log in, so the cut read connection cannot come back until allowed.
    await admin.call('ACL', 'SETUSER', 'jamie', 'off');
    await admin.call('ACL', 'SETUSER', 'default', 'off');
    await admin.call('CLIENT', 'KILL', 'ID', await blockingClientId(admin));
    await until('the lane interrupted', () => stateOf(open.sink.lane(lane.id)) === 'interrupted');
    for (let index = 1; index <= 10; index++) await admin.xadd('lab:trimmed', '*', 'n', String(index));
    await admin.xtrim('lab:trimmed', 'MAXLEN', 3);
    await admin.call('ACL', 'SETUSER', 'default', 'on');
    await admin.call('ACL', 'SETUSER', 'jamie', 'on');
    await until('entries 8 to 10', () => valuesOf(open.sink, lane.id).length === 4, 10_000);
    const state = open.sink.lane(lane.id)!.subscription;
    assert.deepStrictEqual(
      { previews: valuesOf(open.sink, lane.id), note: state.state === 'active' ? state.note : state.state },
      { previews: ['0', '8', '9', '10'], note: `Resumed from ${lastId}: 7 entries were trimmed from the stream while Labwire was away and could not be read.` },
    );
  });

  test('CLIENT KILL of the tail connection: it reconnects and resumes from the last id, nothing missed', async () => {
    const server = await startServer();
    const open = await openTail(server);
    const writer = await plainClient(server);
    const admin = await plainClient(server);
    const lane = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:killed' }, 'auto'));
    await writer.xadd('lab:killed', '*', 'n', 'one');
    await until('one', () => valuesOf(open.sink, lane.id).length === 1);
    const lastId = String((await writer.xrange('lab:killed', '-', '+')).at(-1)![0]);
    await admin.call('CLIENT', 'KILL', 'ID', await blockingClientId(admin));
    await until('the lane resumed', () => {
      const state = open.sink.lane(lane.id)?.subscription;
      return state?.state === 'active' && state.note !== undefined;
    });
    await writer.xadd('lab:killed', '*', 'n', 'two');
    await until('two', () => valuesOf(open.sink, lane.id).length === 2);
    const state = open.sink.lane(lane.id)!.subscription;
    assert.deepStrictEqual(
      { previews: valuesOf(open.sink, lane.id), note: state.state === 'active' ? state.note : state.state },
      { previews: ['one', 'two'], note: `Resumed from ${lastId}, nothing missed.` },
    );
  });

  test('a key that is not a stream is refused in plain words', async () => {
    const server = await startServer();
    const open = await openTail(server);
    const writer = await plainClient(server);
    await writer.set('lab:setting', 'x');
    const result = await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:setting' }, 'auto');
    assert.deepStrictEqual(result.ok ? 'added' : { code: result.error.code, message: result.error.message }, {
      code: 'INVALID',
      message: 'lab:setting is not a stream (it holds another kind of value), so Labwire cannot tail it. Check the key\'s name.',
    });
  });

  test('an ACL user without XREAD is refused in plain words, and another key stays readable', async () => {
    const server = await startServer();
    const admin = await plainClient(server);
    await admin.call('ACL', 'SETUSER', 'jamie', 'on', '>lab-pass', '~lab:open*', '&*', '+@all', '-xread');
    const open = await openTail(server, { username: 'jamie', password: 'lab-pass' });
    const result = await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:open' }, 'auto');
    assert.deepStrictEqual(result.ok ? 'added' : { code: result.error.code, message: result.error.message }, {
      code: 'NOPERM',
      message: 'User jamie may not run XREAD on this server, so Labwire cannot tail the stream lab:open (NOPERM). Ask the lab admin to grant +xread and +xinfo on this key.',
    });
    await admin.call('ACL', 'SETUSER', 'jamie', '+xread');
    const denied = await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:secret' }, 'auto');
    const allowed = valueOf(await open.live.addLane(open.profileId, { kind: 'stream', key: 'lab:open' }, 'auto'));
    await admin.xadd('lab:open', '*', 'n', 'visible');
    await until('the allowed entry', () => valuesOf(open.sink, allowed.id).length === 1);
    assert.deepStrictEqual(denied.ok ? 'added' : denied.error.code, 'NOPERM');
  });
});
