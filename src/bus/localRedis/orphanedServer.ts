/**
 * Finds a managed redis-server left running by a Labwire that did not exit
 * cleanly (a crash, a kill -9). Starting a second server on the same folder
 * would let two processes overwrite one snapshot file, so the old one is
 * adopted instead: it must answer on the remembered port and report our
 * folder as its working directory. A server from before the managed Redis had
 * a password is given one (`freshPassword`) as it is adopted.
 */
import { realpath } from 'node:fs/promises';
import { Redis } from 'ioredis';

const PROBE_TIMEOUT_MS = 1000;

function secondOf(reply: unknown): string | null {
  return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : null;
}

export async function findOrphanedServer(
  port: number,
  folder: string,
  knownPassword: string | null,
  freshPassword: string,
): Promise<{ pid: number; password: string } | null> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    password: knownPassword ?? undefined,
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
    const dir = secondOf(await client.config('GET', 'dir'));
    if (dir === null || (await realpath(dir)) !== (await realpath(folder))) return null;
    const pidLine = (await client.info('server')).split(/\r?\n/).find((line) => line.startsWith('process_id:'));
    const pid = Number(pidLine?.slice('process_id:'.length));
    if (!Number.isInteger(pid) || pid <= 0) return null;
    const required = secondOf(await client.config('GET', 'requirepass'));
    if (required !== null && required !== '' && required === knownPassword) return { pid, password: knownPassword };
    if (required !== '') return null;
    await client.config('SET', 'requirepass', freshPassword);
    return { pid, password: freshPassword };
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}
