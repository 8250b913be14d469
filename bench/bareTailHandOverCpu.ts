/**
 * Which hand-over bench/bareTailWorker.ts uses: CPU µs per entry (this
 * process, both threads) of a worker that decodes 1,000-entry replies of
 * 200-byte JSON (views of one chunk, as ioredis's parser gives them; no
 * Redis) and posts each reply to the main thread, which counts it:
 * - none: only the count (the floor);
 * - strings: the value strings made for JSON.parse, as an array;
 * - bytes: the values copied into one transferred buffer with their end offsets.
 *
 * `node --import tsx bench/bareTailHandOverCpu.ts <none|strings|bytes> [replies]`,
 * one process per run; interleave the kinds and take medians.
 */
import { Worker } from 'node:worker_threads';
import { makeJsonPayload } from './payloads';

const ENTRIES_PER_REPLY = 1_000;
const kind = process.argv[2] ?? 'strings';
const replies = Number(process.argv[3] ?? 3_000);
if (!['none', 'strings', 'bytes'].includes(kind)) throw new Error('usage: bareTailHandOverCpu.ts <none|strings|bytes> [replies]');

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { kind, replies, entriesPerReply, value } = workerData;
const payload = Buffer.from(value);
const chunk = Buffer.alloc((payload.length + 1) * entriesPerReply);
const values = [];
for (let index = 0; index < entriesPerReply; index++) {
  payload.copy(chunk, index * (payload.length + 1));
  values.push(chunk.subarray(index * (payload.length + 1), index * (payload.length + 1) + payload.length));
}
let sent = 0;
function reply() {
  const texts = [];
  let valueBytes = 0;
  for (const bytes of values) {
    const text = bytes.toString('utf8');
    JSON.parse(text);
    texts.push(text);
    valueBytes += bytes.length;
  }
  if (kind === 'strings') parentPort.postMessage({ count: values.length, values: texts });
  else if (kind === 'none') parentPort.postMessage({ count: values.length });
  else {
    const packed = new Uint8Array(new ArrayBuffer(valueBytes + values.length * 4));
    const ends = new DataView(packed.buffer, valueBytes);
    let offset = 0;
    for (let index = 0; index < values.length; index++) {
      packed.set(values[index], offset);
      offset += values[index].length;
      ends.setUint32(index * 4, offset, true);
    }
    parentPort.postMessage({ count: values.length, bytes: packed.buffer }, [packed.buffer]);
  }
  if (++sent < replies) setImmediate(reply);
}
parentPort.once('message', reply);
`;

const worker = new Worker(workerSource, { eval: true, workerData: { kind, replies, entriesPerReply: ENTRIES_PER_REPLY, value: makeJsonPayload(1) } });
let counted = 0;
const cpuAtStart = process.cpuUsage();
await new Promise<void>((resolve) => {
  worker.on('message', (message: { count: number }) => {
    counted += message.count;
    if (counted >= replies * ENTRIES_PER_REPLY) resolve();
  });
  worker.postMessage('go');
});
const cpu = process.cpuUsage(cpuAtStart);
console.log(`${kind}: ${((cpu.user + cpu.system) / counted).toFixed(3)} µs CPU per entry`);
await worker.terminate();
