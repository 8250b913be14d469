/**
 * What an XREAD reader's replies leave for the garbage collector, without
 * the bus: one reader on this thread, `XREAD COUNT 1000 BLOCK 1000` in a
 * loop, `JSON.parse` of each entry's value as the check, either through
 * ioredis (`xreadBuffer`, as the bus and the bare loops read) or through a
 * plain socket and redis-parser (the parser ioredis uses, fed by hand). The
 * stream is either filled before reading starts ('prefilled') or written
 * at full speed while it is read by the bench writer process ('flood', as
 * `stream-tail` does).
 *
 * Run it under `node --trace-gc-nvp` and summarize the reading phase (the
 * lines after `reading:`) with bench/streamTailGcTrace.ts; set
 * LABWIRE_GC_PROFILE=<file.json> to write a sampling heap profile of the
 * reading phase that keeps only objects still alive or collected by a
 * mark-compact (includeObjectsCollectedByMajorGC), i.e. the ones that were
 * promoted out of the young generation (or were young at a mark-compact).
 *
 * `node --trace-gc-nvp --import tsx bench/streamTailReaderGc.ts <reader> prefilled|flood`
 * (see bench/README.md, Session 10 (gclead) and Session 11 (tailgc)). The
 * readers and LABWIRE_GC_LOOP, LABWIRE_GC_HANDLER, LABWIRE_GC_DROP and
 * LABWIRE_GC_PATCH are described where they are read; under
 * `--allow-natives-syntax`, LABWIRE_GC_SPACES=1 counts what is already old
 * when an ioredis-handler Command resolves, and LABWIRE_GC_TRACK=n (with
 * `--track-retaining-path`, the 'helper' or 'then' loop) has V8 print what
 * retains every nth reply at mark-compacts (LABWIRE_GC_TRACK_KEEP=1 keeps them:
 * the positive control).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { Command, Redis } from 'ioredis';
import { startRedisServer } from '../tests/support/redisServer';
import { BLOCK_MS, ENTRIES_PER_READ, startWriter } from './streamTail';

type StreamReply = [Buffer, [Buffer, Buffer[]][]][];
type ReadOnce = (lastId: string) => Promise<StreamReply | null>;
interface ParserOptions {
  returnBuffers: boolean;
  returnReply: (reply: unknown) => void;
  returnError: (error: Error) => void;
  returnFatalError: (error: Error) => void;
}
/** redis-parser (ioredis's own dependency) ships no types. */
const RedisParser = createRequire(import.meta.url)('redis-parser') as new (options: ParserOptions) => { execute(chunk: Buffer): void };

const ENTRIES = 400_000;
const KEY = 'reader-gc';
const FILL_BATCH = 10_000;
/**
 * 'ioredis' (callBuffer, as the bus reads), 'socket' (a plain socket and
 * redis-parser), 'ioredis-socket' (an ioredis client's socket with our parser
 * in place of its DataHandler), 'ioredis-command' (a Command made here and
 * sent with sendCommand, its fields dropped once it resolved when
 * LABWIRE_GC_DROP=1), 'ioredis-handler' (ioredis's DataHandler and parser
 * receive; the command is written by hand and an item queued for it, see
 * handlerReader).
 */
const readers = ['ioredis', 'socket', 'ioredis-socket', 'ioredis-command', 'ioredis-handler'] as const;
const reader = readers.find((name) => name === process.argv[2]) ?? 'ioredis';
const isFlood = process.argv[3] !== 'prefilled';
const profileFile = process.env.LABWIRE_GC_PROFILE;
const isEmptied = process.env.LABWIRE_GC_EMPTY === '1';
/**
 * How the read loop is written (LABWIRE_GC_LOOP): 'await' (as the bus and the
 * bare loops: `const reply = await read()` in a while loop of an async
 * function, the reply walked in the loop body), 'helper' (the same loop, the
 * reply walked by a separate function, so the async function's frame holds no
 * iterator or entry of it across the next await), 'then' (no async function:
 * each reply's handler sends the next read with `.then`).
 */
const loops = ['await', 'helper', 'then'] as const;
type Loop = (typeof loops)[number];
const loop: Loop = loops.find((name) => name === process.env.LABWIRE_GC_LOOP) ?? 'await';

interface Counts {
  lastId: string;
  received: number;
  parsed: number;
  replies: number;
}

/** The check every variant does per reply: parse each value, count, move the last id on; empties the reply under LABWIRE_GC_EMPTY=1. */
function consume(reply: StreamReply, counts: Counts): void {
  if (trackRetainingPath && counts.replies % trackEvery === 0) {
    trackRetainingPath(reply);
    // LABWIRE_GC_TRACK_KEEP=1: the positive control, every tracked reply kept in a list.
    if (process.env.LABWIRE_GC_TRACK_KEEP === '1') keptReplies.push(reply);
  }
  const items = reply[0]![1];
  for (const [, fields] of items) if (typeof JSON.parse(fields[1]!.toString('utf8')) === 'object') counts.parsed++;
  counts.lastId = items[items.length - 1]![0].toString('latin1');
  counts.received += items.length;
  counts.replies++;
  // LABWIRE_GC_EMPTY=1: empty the reply's arrays once read, so whatever keeps the reply keeps only its shells.
  if (isEmptied) {
    items.length = 0;
    reply.length = 0;
  }
}

async function readAll(read: ReadOnce, counts: Counts): Promise<void> {
  if (loop === 'await') {
    // consume() written out on purpose: the reply and its items live in this async function's frame, as in the bus's tail loop.
    while (counts.received < ENTRIES) {
      const reply = await read(counts.lastId);
      if (!reply) continue;
      const items = reply[0]![1];
      for (const [, fields] of items) if (typeof JSON.parse(fields[1]!.toString('utf8')) === 'object') counts.parsed++;
      counts.lastId = items[items.length - 1]![0].toString('latin1');
      counts.received += items.length;
      counts.replies++;
      if (isEmptied) {
        items.length = 0;
        reply.length = 0;
      }
    }
  } else if (loop === 'helper') {
    while (counts.received < ENTRIES) {
      const reply = await read(counts.lastId);
      if (reply) consume(reply, counts);
    }
  } else {
    await new Promise<void>((resolve, reject) => {
      const onReply = (reply: StreamReply | null): void => {
        if (reply) consume(reply, counts);
        if (counts.received >= ENTRIES) resolve();
        else read(counts.lastId).then(onReply, reject);
      };
      read(counts.lastId).then(onReply, reject);
    });
  }
}

function readArgs(lastId: string): string[] {
  return ['XREAD', 'COUNT', String(ENTRIES_PER_READ), 'BLOCK', String(BLOCK_MS), 'STREAMS', KEY, lastId];
}

/** XREAD through a plain socket: one command in flight, its reply parsed by redis-parser as it arrives. */
async function socketReader(port: number): Promise<{ read: ReadOnce; close: () => void }> {
  const socket = connect(port, '127.0.0.1');
  // ioredis sets TCP_NODELAY on its sockets; LABWIRE_GC_NAGLE=1 leaves Nagle's algorithm on here.
  socket.setNoDelay(process.env.LABWIRE_GC_NAGLE !== '1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return parsedReader(socket);
}

/** XREAD on an ioredis client's own socket, once ready, with ioredis's reply handling taken off it: our redis-parser instead of its DataHandler. */
async function ioredisSocketReader(port: number): Promise<{ read: ReadOnce; close: () => void }> {
  const client = new Redis({ port });
  await new Promise<void>((resolve) => client.once('ready', resolve));
  const socket = (client as unknown as { stream: Socket }).stream;
  socket.removeAllListeners('data');
  const { read } = parsedReader(socket);
  return { read, close: () => client.disconnect() };
}

/** XREAD written by hand on a connected socket, one command in flight, its reply parsed by redis-parser as it arrives. */
function parsedReader(socket: Socket): { read: ReadOnce; close: () => void } {
  let answer: ((reply: StreamReply | null) => void) | null = null;
  const parser = new RedisParser({
    returnBuffers: true,
    returnReply: (reply: unknown) => {
      const settle = answer;
      answer = null;
      settle?.(reply as StreamReply | null);
    },
    returnError: (error: Error) => socket.destroy(error),
    returnFatalError: (error: Error) => socket.destroy(error),
  });
  socket.on('data', (chunk: Buffer) => parser.execute(chunk));
  const read = (lastId: string): Promise<StreamReply | null> =>
    new Promise((resolve) => {
      answer = resolve;
      const args = readArgs(lastId);
      socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
    });
  return { read, close: () => socket.destroy() };
}

function ioredisReader(port: number): { read: ReadOnce; close: () => void } {
  const client = new Redis({ port, lazyConnect: false });
  const [command, ...args] = readArgs('');
  return {
    read: (lastId) => client.callBuffer(command!, ...args.slice(0, -1), lastId) as Promise<StreamReply | null>,
    close: () => client.disconnect(),
  };
}

/** Under --allow-natives-syntax and LABWIRE_GC_SPACES=1: whether an object is still in the young generation when its command resolves. */
const isYoung = process.env.LABWIRE_GC_SPACES === '1' ? (new Function('object', 'return %InYoungGeneration(object)') as (object: unknown) => boolean) : null;
const spaces = { replies: 0, oldCommands: 0, oldPromises: 0, oldReplies: 0 };
process.on('exit', () => {
  if (isYoung) console.log(`spaces at resolve: ${JSON.stringify(spaces)}`);
});

/**
 * ioredis 5.11.1's Command#initPromise without its one closure: the promise's
 * own reject is stored rather than `this.reject = (err) => {...}` (an arrow
 * whose context holds the Command). Argument transformers are left out (XREAD
 * has none), and so is the friendly error stack (off by default).
 */
const asCallback = (createRequire(import.meta.url)('standard-as-callback') as { default: (promise: Promise<unknown>, callback: unknown) => Promise<unknown> }).default;
class NativeRejectCommand extends Command {}
(NativeRejectCommand.prototype as unknown as { initPromise: (this: Record<string, unknown>) => void }).initPromise = function initPromise(this: Record<string, unknown>): void {
  const command = this as unknown as { _convertValue(resolve: unknown): unknown; stringifyArguments(): void };
  const promise = new Promise((resolve, reject) => {
    if (!this.transformed) {
      this.transformed = true;
      command.stringifyArguments();
    }
    this.resolve = command._convertValue(resolve);
    this.reject = reject;
  });
  // As ioredis does: a command sent with a callback (its handshake's) settles through it.
  this.promise = asCallback(promise, this.callback);
};

/** Under --allow-natives-syntax --track-retaining-path and LABWIRE_GC_TRACK=n: V8 prints what retains every nth reply at each mark-compact that finds it alive. */
const trackEvery = Number(process.env.LABWIRE_GC_TRACK ?? 0);
const keptReplies: StreamReply[] = [];
const trackRetainingPath = trackEvery > 0 ? (new Function('object', '%DebugTrackRetainingPath(object)') as (object: unknown) => void) : null;

/**
 * XREAD written by hand on an ioredis client's socket, with an item queued in
 * its command queue for ioredis's DataHandler (and its parser) to resolve:
 * LABWIRE_GC_HANDLER=item (default) a bare item holding a plain promise's
 * resolve and reject, 'command' an ioredis Command, 'command-native-reject'
 * the same Command without its reject closure (NativeRejectCommand).
 */
async function handlerReader(port: number): Promise<{ read: ReadOnce; close: () => void }> {
  const client = new Redis({ port });
  await new Promise<void>((resolve) => client.once('ready', resolve));
  const internals = client as unknown as { stream: Socket; commandQueue: { push(item: unknown): void } };
  const handler = process.env.LABWIRE_GC_HANDLER ?? 'item';
  const read = (lastId: string): Promise<StreamReply | null> => {
    const args = readArgs(lastId);
    const write = (): void => void internals.stream.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
    if (handler === 'item') {
      return new Promise((resolve, reject) => {
        internals.commandQueue.push({ command: { name: 'xread', resolve, reject }, stream: undefined, select: 0 });
        write();
      });
    }
    const command = handler === 'command-native-reject' ? new NativeRejectCommand('xread', args.slice(1), { replyEncoding: null }) : new Command('xread', args.slice(1), { replyEncoding: null });
    internals.commandQueue.push({ command, stream: undefined, select: 0 });
    write();
    if (!isYoung) return command.promise as Promise<StreamReply | null>;
    return (command.promise as Promise<StreamReply | null>).then((reply) => {
      spaces.replies++;
      if (!isYoung(command)) spaces.oldCommands++;
      if (!isYoung(command.promise)) spaces.oldPromises++;
      if (reply && !isYoung(reply)) spaces.oldReplies++;
      return reply;
    });
  };
  return { read, close: () => client.disconnect() };
}

/** XREAD as a Command made here, so what holds it after it resolved can be cut (LABWIRE_GC_DROP=1). */
function commandReader(port: number): { read: ReadOnce; close: () => void } {
  const client = new Redis({ port });
  const [, ...args] = readArgs('');
  const isDropped = process.env.LABWIRE_GC_DROP === '1';
  return {
    read: async (lastId) => {
      const command = new Command('xread', [...args.slice(0, -1), lastId], { replyEncoding: null });
      void client.sendCommand(command);
      const reply = (await command.promise) as StreamReply | null;
      if (isDropped) Object.assign(command, { promise: null, resolve: null, reject: null, args: null });
      return reply;
    },
    close: () => client.disconnect(),
  };
}

// LABWIRE_GC_PATCH=1: every ioredis Command of this process made without its reject closure (as NativeRejectCommand).
if (process.env.LABWIRE_GC_PATCH === '1') (Command.prototype as unknown as { initPromise: unknown }).initPromise = (NativeRejectCommand.prototype as unknown as { initPromise: unknown }).initPromise;

const server = await startRedisServer({ args: [] });
const filler = new Redis({ port: server.port });
try {
  const value = JSON.stringify({ t: Date.now(), seq: 1, temperature: 21.53, pressure: 1013.2, label: 'sensor-abcdefgh', values: [1, 2, 3, 4, 5, 6, 7, 8] });
  for (let filled = 0; !isFlood && filled < ENTRIES; filled += FILL_BATCH) {
    const pipeline = filler.pipeline();
    for (let index = 0; index < FILL_BATCH; index++) pipeline.xadd(KEY, '*', 'data', value);
    await pipeline.exec();
  }
  const { read, close } =
    reader === 'socket' ? await socketReader(server.port) : reader === 'ioredis-socket' ? await ioredisSocketReader(server.port) : reader === 'ioredis-command' ? commandReader(server.port) : reader === 'ioredis-handler' ? await handlerReader(server.port) : ioredisReader(server.port);
  console.log(`reading: ${reader}, ${isFlood ? 'flood' : 'prefilled'}`);
  const session = new Session();
  session.connect();
  // Node 20's typings do not list the two include flags V8 takes.
  if (profileFile) await session.post('HeapProfiler.startSampling', { samplingInterval: 2048, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false } as { samplingInterval: number });
  const started = process.cpuUsage();
  const writer = isFlood ? startWriter(['flood', String(server.port), KEY, String(ENTRIES)]) : null;
  const counts = { lastId: '0-0', received: 0, parsed: 0, replies: 0 };
  await readAll(read, counts);
  const cpu = process.cpuUsage(started);
  if (profileFile) writeFileSync(profileFile, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
  session.disconnect();
  close();
  await writer;
  if (counts.parsed !== counts.received) throw new Error(`${counts.received - counts.parsed} entries did not parse to an object.`);
  console.log(`reader ${reader} (${isFlood ? 'flood' : 'prefilled'}, loop ${loop}): ${((cpu.user + cpu.system) / counts.received).toFixed(2)} µs CPU per entry in this process, ${counts.received.toLocaleString('en-US')} entries in ${counts.replies} replies`);
} finally {
  filler.disconnect();
  await server.stop();
}
