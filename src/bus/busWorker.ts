/**
 * Entry of the bus worker thread (built to out/main/busWorker.js). Both hosts
 * start it through busThread.ts; it answers their requests with BusCore and
 * streams events and frames back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BusCore } from './busCore';
import type { BusWorkerData } from './busWorkerData';
import { installCrashGuards, runBusWorkerLoop } from './busWorkerLoop';

const log = (line: string): void => console.error(`[labwire bus] ${line}`);

installCrashGuards(log);

if (parentPort) {
  const data = workerData as BusWorkerData;
  runBusWorkerLoop({
    port: parentPort,
    startCore: (emit) => BusCore.create({ ...data, emit }),
    exit: () => process.exit(0),
    log,
  });
} else {
  log('busWorker runs only as a worker thread started by a Labwire host.');
  process.exitCode = 1;
}
