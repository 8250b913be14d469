/**
 * What a reader of the tail's own for XREAD replies could save: one real
 * reply of 1,000 bench entries (the bytes Redis sent, read off a raw socket)
 * parsed again and again on this thread, two ways, each entry's value made a
 * string and JSON.parse'd as the bare loop does:
 *
 * - ioredis: redis-parser, the parser ioredis feeds every socket chunk to,
 *   with `returnBuffers` as ioredis sets it (a Buffer per field, an array per
 *   entry);
 * - offsets: a walk of the same bytes that keeps each value's start and end
 *   and makes nothing per field.
 *
 * Socket reads cost both the same, so the difference is the most an own
 * reader could take off the worker's CPU per entry. Not a row of run.ts.
 *
 *   node --import tsx bench/tailReplyParse.ts [runs]
 */
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
import { startRedisServer } from '../tests/support/redisServer';
import { makeJsonPayload } from './payloads';
import { ENTRIES_PER_READ } from './streamTail';

/** redis-parser (ioredis's dependency, no types of its own): what this file uses of it. */
interface ParserOptions {
  returnBuffers: boolean;
  returnReply: (reply: unknown) => void;
  returnError: (error: Error) => void;
}
const RedisParser = createRequire(import.meta.url)('redis-parser') as new (options: ParserOptions) => { execute(chunk: Buffer): void };

const REPLIES_PER_RUN = 300;
const CR = 13;

async function captureReply(port: number): Promise<Buffer> {
  const writer = new Redis({ host: '127.0.0.1', port });
  const pipeline = writer.pipeline();
  for (let index = 0; index < ENTRIES_PER_READ; index++) pipeline.xaddBuffer('bench:reply', '*', 'data', makeJsonPayload(index));
  await pipeline.exec();
  writer.disconnect();
  const socket = createConnection({ host: '127.0.0.1', port });
  const command = ['XREAD', 'COUNT', String(ENTRIES_PER_READ), 'STREAMS', 'bench:reply', '0-0'];
  socket.write(`*${command.length}\r\n${command.map((part) => `$${part.length}\r\n${part}\r\n`).join('')}`);
  const chunks: Buffer[] = [];
  // The reply is complete when redis-parser returns it.
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const probe = new RedisParser({ returnBuffers: true, returnReply: () => resolve(Buffer.concat(chunks)), returnError: reject });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      probe.execute(chunk);
    });
  });
  socket.destroy();
  return bytes;
}

type Entries = [Buffer, [Buffer, Buffer[]][]][];

function viaRedisParser(reply: Buffer): number {
  let parsed = 0;
  const parser = new RedisParser({
    returnBuffers: true,
    returnReply: (value: unknown) => {
      for (const [, entries] of value as Entries) for (const [, fields] of entries) parsed += JSON.parse(fields[1]!.toString('utf8')) ? 1 : 0;
    },
    returnError: (error: Error) => {
      throw error;
    },
  });
  parser.execute(reply);
  return parsed;
}

/** Walks `*1 *2 $key *n (*2 $id *2k ($field $value)…)…`, the shape of an XREAD reply for one key. */
function viaOffsets(reply: Buffer): number {
  let at = 0;
  const length = (): number => {
    let value = 0;
    at++;
    while (reply[at] !== CR) value = value * 10 + reply[at++]! - 48;
    at += 2;
    return value;
  };
  const skipBulk = (): void => {
    const bulkLength = length();
    at += bulkLength + 2;
  };
  let parsed = 0;
  length();
  length();
  skipBulk();
  const entries = length();
  for (let entry = 0; entry < entries; entry++) {
    length();
    skipBulk();
    const fields = length();
    for (let field = 0; field < fields; field += 2) {
      skipBulk();
      const valueLength = length();
      parsed += JSON.parse(reply.toString('utf8', at, at + valueLength)) ? 1 : 0;
      at += valueLength + 2;
    }
  }
  return parsed;
}

function microsPerEntry(parse: (reply: Buffer) => number, reply: Buffer): number {
  const started = process.cpuUsage();
  let parsed = 0;
  for (let run = 0; run < REPLIES_PER_RUN; run++) parsed += parse(reply);
  const used = process.cpuUsage(started);
  if (parsed !== REPLIES_PER_RUN * ENTRIES_PER_READ) throw new Error(`Parsed ${parsed} entries, expected ${REPLIES_PER_RUN * ENTRIES_PER_READ}.`);
  return (used.user + used.system) / parsed;
}

const runs = Number(process.argv[2] ?? 5);
const server = await startRedisServer();
try {
  const reply = await captureReply(server.port);
  console.log(`one XREAD reply: ${ENTRIES_PER_READ} entries, ${reply.length.toLocaleString('en-US')} bytes`);
  microsPerEntry(viaRedisParser, reply);
  microsPerEntry(viaOffsets, reply);
  for (let run = 1; run <= runs; run++) {
    const ioredis = microsPerEntry(viaRedisParser, reply);
    const offsets = microsPerEntry(viaOffsets, reply);
    console.log(`run ${run}: redis-parser ${ioredis.toFixed(3)} µs CPU per entry, offsets ${offsets.toFixed(3)}, saved ${(ioredis - offsets).toFixed(3)}`);
  }
} finally {
  await server.stop();
}
