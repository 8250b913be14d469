/**
 * Finds a managed redis-server left running by a Labwire that did not exit
 * cleanly (a crash, a kill -9). Starting a second server on the same folder
 * would let two processes overwrite one snapshot file, so the old one is
 * adopted instead: it must answer on the remembered port and report our
 * folder as its working directory.
 */
import { realpath } from 'node:fs/promises';
import { Redis } from 'ioredis';

const PROBE_TIMEOUT_MS = 1000;

export async function findOrphanedServer(port: number, folder: string): Promise<{ pid: number } | null> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    commandTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const dirReply = (await client.config('GET', 'dir')) as unknown;
    const dir = Array.isArray(dirReply) && typeof dirReply[1] === 'string' ? dirReply[1] : null;
    if (dir === null || (await realpath(dir)) !== (await realpath(folder))) return null;
    const pidLine = (await client.info('server')).split(/\r?\n/).find((line) => line.startsWith('process_id:'));
    const pid = Number(pidLine?.slice('process_id:'.length));
    return Number.isInteger(pid) && pid > 0 ? { pid } : null;
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}
