/**
 * `stream-tail-bare-worker`: the bare XREAD BLOCK loop on a worker thread
 * (bench/bareTailWorker.ts), its entries counted on this thread as each
 * reply's postMessage arrives. The rate runs from the first reply's arrival
 * to the last, counting the entries after the first reply, as the bus's rate
 * does from its first frame.
 */
import { Worker } from 'node:worker_threads';
import type { BareTailWorkerData, BareTailWorkerMessage, BareWorkerHandOver } from './bareTailWorker';
import type { CpuCounter } from './serialBenchHarness';
import { BLOCK_MS, ENTRIES_PER_READ, rate, startCpuWindow, startWriter, uniqueKey, waitUntil, type TailRun } from './streamTail';

const WORKER_URL = new URL('./bareTailWorker.ts', import.meta.url);
const READY_TIMEOUT_MS = 20_000;

/** A TypeScript worker needs tsx registered inside it (see createWorker in src/bus/busThread.ts). */
function startWorker(data: BareTailWorkerData): Worker {
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApiUrl)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

export async function measureBareWorkerTail(port: number, count: number, handOver: BareWorkerHandOver = 'strings', redisCpu?: CpuCounter): Promise<TailRun> {
  const key = uniqueKey(`bare-worker-${handOver}`);
  const worker = startWorker({ port, key, entriesPerRead: ENTRIES_PER_READ, blockMs: BLOCK_MS, handOver });
  let delivered = 0;
  let afterFirstReply = 0;
  let firstAt = 0;
  let lastAt = 0;
  let failure: Error | null = null;
  worker.on('error', (error) => (failure = error));
  const isReady = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The bare tail worker was not ready within ${READY_TIMEOUT_MS / 1000} s.`)), READY_TIMEOUT_MS);
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.on('message', (message: BareTailWorkerMessage) => {
      if (message.kind === 'ready') {
        clearTimeout(timer);
        resolve();
        return;
      }
      const now = performance.now();
      if (delivered === 0) firstAt = now;
      else afterFirstReply += message.count;
      lastAt = now;
      delivered += message.count;
    });
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  try {
    await isReady;
    const endCpu = await startCpuWindow(redisCpu);
    const writer = await startWriter(['flood', String(port), key, String(count)]);
    await waitUntil(() => failure !== null || delivered >= count, () => lastAt);
    if (failure) throw failure;
    const cpu = await endCpu(count, writer);
    const entriesPerSecond = rate(afterFirstReply, lastAt - firstAt);
    return { entriesPerSecond, intakePerSecond: entriesPerSecond, delivered, frameCapDrops: 0, cpu };
  } finally {
    worker.postMessage('stop');
    const timer = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
