/**
 * Entry of the bus worker thread (built to out/main/busWorker.js). Both hosts
 * start it through busThread.ts; it answers their requests with BusCore and
 * streams events and frames back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BusCore } from './busCore';
import type { BusWorkerData } from './busWorkerData';
import { installCrashGuards, runBusWorkerLoop } from './busWorkerLoop';
import { silenceRedisClientDebug } from './connections/redisClientDebug';
import { describeTightenedFolder, securePrivateFolder } from './secrets/privateFile';

const log = (line: string): void => console.error(`[labwire bus] ${line}`);

installCrashGuards(log);
// Before any client exists: with DEBUG set, ioredis would print passwords.
if (!silenceRedisClientDebug()) log('Could not switch off the Redis client\'s debug output; do not set DEBUG while using Labwire.');

/** The data folder holds profiles, sealed secrets and the audit log: owner-only, before anything is written there. */
async function secureDataFolder(dataDir: string): Promise<void> {
  try {
    const check = await securePrivateFolder(dataDir);
    if (check.state === 'tightened') log(describeTightenedFolder(dataDir, check.previousMode));
  } catch (error) {
    // Not fatal: the profile and key files are 0600 on their own; the next step reports a folder that cannot be used at all.
    log(`Could not make the folder ${dataDir} private to you: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (parentPort) {
  const data = workerData as BusWorkerData;
  runBusWorkerLoop({
    port: parentPort,
    startCore: async (emit) => {
      await secureDataFolder(data.dataDir);
      return BusCore.create({ ...data, emit });
    },
    exit: () => process.exit(0),
    log,
  });
} else {
  log('busWorker runs only as a worker thread started by a Labwire host.');
  process.exitCode = 1;
}
