/**
 * A load generator in its own process, so publishing never shares an event
 * loop with what is measured. It writes PUBLISH commands as raw RESP on a
 * plain socket: encoding is a memory copy, so the publisher costs the shared
 * CPU far less than a client library would, and Redis takes them as fast as
 * it can (pipelined, flow-controlled by the socket).
 *
 *   node --import tsx bench/publisher.ts flood <port> <channel> <json|msgpack-eeg> <count>
 *     `count` messages as fast as Redis takes them (1,024 distinct payloads, cycled).
 *   node --import tsx bench/publisher.ts rate <port> <channel> json <perSecond> <durationMs>
 *     JSON payloads at a steady rate, each carrying its send time (payloads.ts SENT_AT_FIELD).
 *
 * When every reply is in, it prints one JSON line {sent, replies, elapsedMs} and exits.
 */
import { createConnection, type Socket } from 'node:net';
import { epochNowMs, makeJsonPayload, makePayload, type PayloadKind } from './payloads';

const DISTINCT_PAYLOADS = 1024;
/** Commands joined into one socket write. */
const COMMANDS_PER_WRITE = 256;
/** The rate mode's clock: it sends what is due every tick. */
const RATE_TICK_MS = 1;

const [mode, portText, channel, kindText, amountText, durationText] = process.argv.slice(2);
const port = Number(portText);
const amount = Number(amountText);
if ((mode !== 'flood' && mode !== 'rate') || !channel || (kindText !== 'json' && kindText !== 'msgpack-eeg') || !Number.isInteger(port) || !(amount > 0)) {
  console.error('usage: publisher.ts flood <port> <channel> <json|msgpack-eeg> <count> | rate <port> <channel> json <perSecond> <durationMs>');
  process.exit(2);
}
const kind: PayloadKind = kindText;

function publishCommand(channelBytes: Buffer, payload: Buffer): Buffer {
  const head = Buffer.from(`*3\r\n$7\r\nPUBLISH\r\n$${channelBytes.length}\r\n`);
  const middle = Buffer.from(`\r\n$${payload.length}\r\n`);
  return Buffer.concat([head, channelBytes, middle, payload, Buffer.from('\r\n')]);
}

function countReplies(socket: Socket, onReply: (total: number) => void): void {
  let replies = 0;
  socket.on('data', (chunk: Buffer) => {
    // Every PUBLISH reply is one line (":<receivers>\r\n").
    for (let index = chunk.indexOf(10); index >= 0; index = chunk.indexOf(10, index + 1)) replies++;
    onReply(replies);
  });
}

async function writeAll(socket: Socket, bytes: Buffer): Promise<void> {
  if (socket.write(bytes)) return;
  await new Promise<void>((resolve) => socket.once('drain', () => resolve()));
}

async function flood(socket: Socket, channelBytes: Buffer, count: number): Promise<void> {
  const commands = Array.from({ length: DISTINCT_PAYLOADS }, (_, index) => publishCommand(channelBytes, makePayload(kind, index)));
  for (let sent = 0; sent < count; ) {
    const batch = Math.min(COMMANDS_PER_WRITE, count - sent);
    const parts: Buffer[] = [];
    for (let index = 0; index < batch; index++) parts.push(commands[(sent + index) % DISTINCT_PAYLOADS]!);
    await writeAll(socket, Buffer.concat(parts));
    sent += batch;
  }
}

async function atRate(socket: Socket, channelBytes: Buffer, perSecond: number, durationMs: number): Promise<number> {
  const startedAt = performance.now();
  let sent = 0;
  const total = Math.round((perSecond * durationMs) / 1000);
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - startedAt) * perSecond) / 1000));
    if (due > sent) {
      const parts: Buffer[] = [];
      for (; sent < due; sent++) parts.push(publishCommand(channelBytes, makeJsonPayload(sent, epochNowMs())));
      await writeAll(socket, Buffer.concat(parts));
    }
    await new Promise((resolve) => setTimeout(resolve, RATE_TICK_MS));
  }
  return sent;
}

const socket = createConnection({ port, host: '127.0.0.1' });
socket.setNoDelay(true);
await new Promise<void>((resolve, reject) => {
  socket.once('connect', resolve);
  socket.once('error', reject);
});
const channelBytes = Buffer.from(channel, 'utf8');
const expected = mode === 'flood' ? amount : Math.round((amount * Number(durationText)) / 1000);
const startedAt = performance.now();
const allReplied = new Promise<number>((resolve) => countReplies(socket, (replies) => replies >= expected && resolve(replies)));
if (mode === 'flood') await flood(socket, channelBytes, amount);
else await atRate(socket, channelBytes, amount, Number(durationText));
const replies = await allReplied;
const elapsedMs = performance.now() - startedAt;
socket.end();
console.log(JSON.stringify({ sent: expected, replies, elapsedMs }));
