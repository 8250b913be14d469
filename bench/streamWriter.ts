/**
 * The stream benches' load generator, in its own process like
 * bench/publisher.ts: raw RESP `XADD <key> * data <json>` on a plain socket,
 * pipelined. Each entry has one field holding a JSON document (the tail hands
 * those bytes on exactly), stamped with its send time in `rate` mode.
 *
 *   node --import tsx bench/streamWriter.ts flood <port> <key> <count>
 *   node --import tsx bench/streamWriter.ts rate <port> <key> <perSecond> <durationMs>
 *
 * When every reply is in, it prints one JSON line {sent, replies, elapsedMs,
 * cpuMicros} and exits (cpuMicros: this process's user + system CPU time from
 * the first write on, not its start-up, for the stream-tail machine-CPU row).
 */
import { createConnection, type Socket } from 'node:net';
import { epochNowMs, makeJsonPayload } from './payloads';

const DISTINCT_ENTRIES = 1024;
const COMMANDS_PER_WRITE = 256;
const RATE_TICK_MS = 1;

const [mode, portText, key, amountText, durationText] = process.argv.slice(2);
const port = Number(portText);
const amount = Number(amountText);
if ((mode !== 'flood' && mode !== 'rate') || !key || !Number.isInteger(port) || !(amount > 0)) {
  console.error('usage: streamWriter.ts flood <port> <key> <count> | rate <port> <key> <perSecond> <durationMs>');
  process.exit(2);
}

function xaddCommand(keyBytes: Buffer, value: Buffer): Buffer {
  const head = Buffer.from(`*5\r\n$4\r\nXADD\r\n$${keyBytes.length}\r\n`);
  const middle = Buffer.from(`\r\n$1\r\n*\r\n$4\r\ndata\r\n$${value.length}\r\n`);
  return Buffer.concat([head, keyBytes, middle, value, Buffer.from('\r\n')]);
}

function countReplies(socket: Socket, onReply: (total: number) => void): void {
  let lines = 0;
  socket.on('data', (chunk: Buffer) => {
    // Every XADD reply is a bulk string: two lines ("$15", the id).
    for (let index = chunk.indexOf(10); index >= 0; index = chunk.indexOf(10, index + 1)) lines++;
    onReply(Math.floor(lines / 2));
  });
}

async function writeAll(socket: Socket, bytes: Buffer): Promise<void> {
  if (socket.write(bytes)) return;
  await new Promise<void>((resolve) => socket.once('drain', () => resolve()));
}

async function flood(socket: Socket, keyBytes: Buffer, count: number): Promise<void> {
  const commands = Array.from({ length: DISTINCT_ENTRIES }, (_, index) => xaddCommand(keyBytes, makeJsonPayload(index)));
  for (let sent = 0; sent < count; ) {
    const batch = Math.min(COMMANDS_PER_WRITE, count - sent);
    const parts: Buffer[] = [];
    for (let index = 0; index < batch; index++) parts.push(commands[(sent + index) % DISTINCT_ENTRIES]!);
    await writeAll(socket, Buffer.concat(parts));
    sent += batch;
  }
}

async function atRate(socket: Socket, keyBytes: Buffer, perSecond: number, durationMs: number): Promise<void> {
  const startedAt = performance.now();
  const total = Math.round((perSecond * durationMs) / 1000);
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - startedAt) * perSecond) / 1000));
    if (due > sent) {
      const parts: Buffer[] = [];
      for (; sent < due; sent++) parts.push(xaddCommand(keyBytes, makeJsonPayload(sent, epochNowMs())));
      await writeAll(socket, Buffer.concat(parts));
    }
    await new Promise((resolve) => setTimeout(resolve, RATE_TICK_MS));
  }
}

const socket = createConnection({ port, host: '127.0.0.1' });
socket.setNoDelay(true);
await new Promise<void>((resolve, reject) => {
  socket.once('connect', resolve);
  socket.once('error', reject);
});
const keyBytes = Buffer.from(key, 'utf8');
const expected = mode === 'flood' ? amount : Math.round((amount * Number(durationText)) / 1000);
const startedAt = performance.now();
const cpuAtStart = process.cpuUsage();
const allReplied = new Promise<number>((resolve) => countReplies(socket, (replies) => replies >= expected && resolve(replies)));
if (mode === 'flood') await flood(socket, keyBytes, amount);
else await atRate(socket, keyBytes, amount, Number(durationText));
const replies = await allReplied;
socket.end();
const cpu = process.cpuUsage(cpuAtStart);
console.log(JSON.stringify({ sent: expected, replies, elapsedMs: performance.now() - startedAt, cpuMicros: cpu.user + cpu.system }));
