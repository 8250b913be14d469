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
 * `node --trace-gc-nvp --import tsx bench/streamTailReaderGc.ts ioredis|socket prefilled|flood`
 * (see bench/README.md, Session 10 (gclead)).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
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
const reader = process.argv[2] === 'socket' ? 'socket' : 'ioredis';
const isFlood = process.argv[3] !== 'prefilled';
const profileFile = process.env.LABWIRE_GC_PROFILE;
const isEmptied = process.env.LABWIRE_GC_EMPTY === '1';

function readArgs(lastId: string): string[] {
  return ['XREAD', 'COUNT', String(ENTRIES_PER_READ), 'BLOCK', String(BLOCK_MS), 'STREAMS', KEY, lastId];
}

/** XREAD through a plain socket: one command in flight, its reply parsed by redis-parser as it arrives. */
async function socketReader(port: number): Promise<{ read: ReadOnce; close: () => void }> {
  const socket = connect(port, '127.0.0.1');
  // ioredis sets TCP_NODELAY on its sockets; LABWIRE_GC_NAGLE=1 leaves Nagle's algorithm on here.
  socket.setNoDelay(process.env.LABWIRE_GC_NAGLE !== '1');
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
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
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

const server = await startRedisServer({ args: [] });
const filler = new Redis({ port: server.port });
try {
  const value = JSON.stringify({ t: Date.now(), seq: 1, temperature: 21.53, pressure: 1013.2, label: 'sensor-abcdefgh', values: [1, 2, 3, 4, 5, 6, 7, 8] });
  for (let filled = 0; !isFlood && filled < ENTRIES; filled += FILL_BATCH) {
    const pipeline = filler.pipeline();
    for (let index = 0; index < FILL_BATCH; index++) pipeline.xadd(KEY, '*', 'data', value);
    await pipeline.exec();
  }
  const { read, close } = reader === 'socket' ? await socketReader(server.port) : ioredisReader(server.port);
  console.log(`reading: ${reader}, ${isFlood ? 'flood' : 'prefilled'}`);
  const session = new Session();
  session.connect();
  // Node 20's typings do not list the two include flags V8 takes.
  if (profileFile) await session.post('HeapProfiler.startSampling', { samplingInterval: 2048, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false } as { samplingInterval: number });
  const started = process.cpuUsage();
  const writer = isFlood ? startWriter(['flood', String(server.port), KEY, String(ENTRIES)]) : null;
  let lastId = '0-0';
  let received = 0;
  let parsed = 0;
  while (received < ENTRIES) {
    const reply = await read(lastId);
    if (!reply) continue;
    const items = reply[0]![1];
    for (const [, fields] of items) if (typeof JSON.parse(fields[1]!.toString('utf8')) === 'object') parsed++;
    lastId = items[items.length - 1]![0].toString('latin1');
    received += items.length;
    // LABWIRE_GC_EMPTY=1: empty the reply's arrays once read, so whatever keeps the reply keeps only its shells.
    if (isEmptied) {
      items.length = 0;
      reply.length = 0;
    }
  }
  const cpu = process.cpuUsage(started);
  if (profileFile) writeFileSync(profileFile, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
  session.disconnect();
  close();
  await writer;
  if (parsed !== received) throw new Error(`${received - parsed} entries did not parse to an object.`);
  console.log(`reader ${reader} (${isFlood ? 'flood' : 'prefilled'}): ${((cpu.user + cpu.system) / received).toFixed(2)} µs CPU per entry in this process, ${received.toLocaleString('en-US')} entries`);
} finally {
  filler.disconnect();
  await server.stop();
}
