/**
 * A bus worker entry with FakeBusCore behind the real worker loop, for tests
 * of busThread.ts. workerData carries `fake` settings next to BusWorkerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { installCrashGuards, runBusWorkerLoop } from '../../src/bus/busWorkerLoop';
import type { BusWorkerData } from '../../src/bus/busWorkerData';
import { FakeBusCore, type FakeBusCoreOptions } from './fakeBusCore';

export interface FakeBusWorkerSettings extends FakeBusCoreOptions {
  /** Milliseconds before the core is ready. */
  startDelayMs?: number;
  /** The core fails to start with this message. */
  startFailure?: string;
}

export type FakeBusWorkerData = BusWorkerData & { fake?: FakeBusWorkerSettings };

const data = workerData as FakeBusWorkerData;
const settings = data.fake ?? {};
const log = (line: string): void => console.error(`[fake bus] ${line}`);
installCrashGuards(log);

if (parentPort) {
  runBusWorkerLoop({
    port: parentPort,
    startCore: async (emit) => {
      if (settings.startDelayMs) await new Promise((resolve) => setTimeout(resolve, settings.startDelayMs));
      if (settings.startFailure) throw new Error(settings.startFailure);
      return new FakeBusCore(data, emit, settings);
    },
    exit: () => process.exit(0),
    log,
  });
}
