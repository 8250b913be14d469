/**
 * Measures how fast one subscriber in this process takes in N messages that a
 * publisher process sends as fast as Redis takes them.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { PayloadKind } from './payloads';

const PUBLISHER_PATH = fileURLToPath(new URL('./publisher.ts', import.meta.url));

export interface IngestMeasurement {
  messagesPerSecond: number;
  received: number;
}

/** `consume` is the work done per message; its result is kept so the work is not optimised away. */
export async function measureIngest(
  port: number,
  kind: PayloadKind,
  count: number,
  consume: (payload: Buffer) => unknown,
): Promise<IngestMeasurement> {
  const channel = `bench:${kind}:${Math.random().toString(36).slice(2)}`;
  const subscriber = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  await subscriber.connect();
  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  let sink = 0;
  const finished = new Promise<void>((resolve) => {
    subscriber.on('messageBuffer', (_channel: Buffer, payload: Buffer) => {
      if (received === 0) firstAt = performance.now();
      if (consume(payload) !== undefined) sink++;
      received++;
      if (received === count) {
        lastAt = performance.now();
        resolve();
      }
    });
  });
  await subscriber.subscribe(channel);
  const publisher = spawn(process.execPath, ['--import', 'tsx', PUBLISHER_PATH, String(port), channel, kind, String(count)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const publisherExited = new Promise<number>((resolve) => publisher.once('exit', (code) => resolve(code ?? 1)));
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 120_000).unref());
  const outcome = await Promise.race([finished, timeout]);
  await publisherExited;
  await subscriber.quit();
  if (outcome === 'timeout') throw new Error(`ingest ${kind}: received ${received} of ${count} in 120 s`);
  if (sink < 0) console.log(sink);
  return { messagesPerSecond: (received - 1) / ((lastAt - firstAt) / 1000), received };
}
