/**
 * The least a stream reader with its Redis work on a worker thread must do
 * (`stream-tail-bare-worker`, started by bench/streamTailBareWorker.ts): the
 * bare loop of bench/streamTail.ts (ioredis `XREAD BLOCK`, the same COUNT,
 * `JSON.parse` of each value as the check), in a worker_threads Worker, and
 * one postMessage per XREAD reply handing its entries to the main thread.
 *
 * The hand-over, `workerData.handOver`:
 * - 'strings' (the row's): the value strings already made for JSON.parse, as
 *   one array per reply (structured clone copies each string into the main
 *   thread's heap).
 * - 'bytes': the reply's values copied into one buffer, then their end
 *   offsets; the buffer is transferred, not copied, as the bus's feed frames
 *   are.
 * Both give the main thread every entry's payload. Motivation: 'strings' is
 * the cheaper. Worker and main thread CPU per entry, 1,000-value replies of
 * 200-byte JSON handed over without Redis (bench/bareTailHandOverCpu.ts),
 * medians of 7 interleaved runs of 3,000,000 entries (load 5.8-6.3): no
 * payload 1.24 µs, strings 1.24, bytes 1.55 (bench/README.md, Session 10
 * (tailceiling)).
 *
 * Messages to the main thread: {kind: 'ready'} once the first read is on the
 * server, then {kind: 'entries', count, bytes | values} per reply. The main
 * thread posts 'stop' to end it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Redis } from 'ioredis';

export type BareWorkerHandOver = 'bytes' | 'strings';

export interface BareTailWorkerData {
  port: number;
  key: string;
  entriesPerRead: number;
  blockMs: number;
  handOver: BareWorkerHandOver;
}

export type BareTailWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'entries'; count: number; values: string[] }
  /** `bytes`: the values back to back, then `count` little-endian uint32 end offsets. */
  | { kind: 'entries'; count: number; bytes: ArrayBuffer };

type XreadReply = [Buffer, [Buffer, Buffer[]][]][] | null;

if (!parentPort) throw new Error('bareTailWorker.ts runs only as a worker thread.');
const port = parentPort;
const settings = workerData as BareTailWorkerData;
const client = new Redis({ port: settings.port, host: '127.0.0.1', lazyConnect: true });
await client.connect();
let isRunning = true;
port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  isRunning = false;
  client.disconnect();
});

function packBytes(values: Buffer[], valueBytes: number): ArrayBuffer {
  const packed = new Uint8Array(new ArrayBuffer(valueBytes + values.length * 4));
  const ends = new DataView(packed.buffer, valueBytes);
  let offset = 0;
  for (let index = 0; index < values.length; index++) {
    packed.set(values[index]!, offset);
    offset += values[index]!.length;
    ends.setUint32(index * 4, offset, true);
  }
  return packed.buffer;
}

async function readLoop(): Promise<void> {
  let lastId = '$';
  let isFirstRead = true;
  while (isRunning) {
    const reading = client.xreadBuffer('COUNT', settings.entriesPerRead, 'BLOCK', settings.blockMs, 'STREAMS', settings.key, lastId) as Promise<XreadReply>;
    if (isFirstRead) {
      isFirstRead = false;
      // The first read is on the server (blocked at `$`) before the writer starts, as in the bare loop.
      setTimeout(() => port.postMessage({ kind: 'ready' } satisfies BareTailWorkerMessage), 100);
    }
    const reply = await reading;
    if (!reply) continue;
    for (const [, entries] of reply) {
      const values: Buffer[] = [];
      const texts: string[] = [];
      let valueBytes = 0;
      for (const [, fields] of entries) {
        const value = fields[1]!;
        const text = value.toString('utf8');
        if (typeof JSON.parse(text) !== 'object') throw new Error('A bench entry did not parse to an object.');
        if (settings.handOver === 'bytes') {
          values.push(value);
          valueBytes += value.length;
        } else texts.push(text);
      }
      lastId = entries[entries.length - 1]![0].toString('latin1');
      if (settings.handOver === 'bytes') {
        const bytes = packBytes(values, valueBytes);
        port.postMessage({ kind: 'entries', count: entries.length, bytes } satisfies BareTailWorkerMessage, [bytes]);
      } else port.postMessage({ kind: 'entries', count: entries.length, values: texts } satisfies BareTailWorkerMessage);
    }
  }
}

await readLoop().catch((error: unknown) => {
  // A disconnect on 'stop' rejects the read in flight; anything else is the bench's failure.
  if (isRunning) throw error;
});
// Nothing else keeps the thread alive: it ends here.
port.close();
