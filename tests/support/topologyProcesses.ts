/**
 * Shared parts of the Sentinel and Cluster test topologies: a short-lived
 * admin client, polling a condition, and sentinel processes (which need a
 * config file as their first argument, so redisServer.ts cannot start them).
 * Every process is stopped by its own pid, and killed at exit if a test could not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Polls `probe` every 100 ms until it resolves true; throws naming `what` after `timeoutMs`. */
export async function pollUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${lastError instanceof Error ? ` (last error: ${lastError.message})` : ''}`);
}

/** Runs one command on 127.0.0.1:port with a throwaway client that never retries. */
export async function runOn<T>(port: number, run: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await run(client);
  } finally {
    client.disconnect();
  }
}

const runningSentinels = new Set<ChildProcess>();
let isExitHookInstalled = false;

export interface SentinelProcess {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** A `redis-server <conf> --sentinel` watching `masterName` at masterPort, quorum 2, with quick failover timings. */
export async function startSentinel(port: number, dir: string, masterName: string, masterPort: number): Promise<SentinelProcess> {
  const configPath = join(dir, `sentinel-${port}.conf`);
  await writeFile(
    configPath,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `logfile ${join(dir, `sentinel-${port}.log`)}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 2`,
      `sentinel down-after-milliseconds ${masterName} 1000`,
      `sentinel failover-timeout ${masterName} 5000`,
      `sentinel parallel-syncs ${masterName} 1`,
      '',
    ].join('\n'),
  );
  return startSentinelProcess(configPath, port);
}

/** `redis-server <configPath> --sentinel`, ready once it answers PING on `port` (plain TCP). */
export async function startSentinelProcess(configPath: string, port: number): Promise<SentinelProcess> {
  const child = spawn('redis-server', [configPath, '--sentinel'], { stdio: 'ignore' });
  runningSentinels.add(child);
  child.once('exit', () => runningSentinels.delete(child));
  if (!isExitHookInstalled) {
    isExitHookInstalled = true;
    process.once('exit', () => {
      for (const sentinel of runningSentinels) sentinel.kill('SIGKILL');
    });
  }
  await pollUntil(`sentinel on ${port}`, () => runOn(port, async (client) => (await client.ping()) === 'PONG'), 10_000);
  return {
    port,
    get pid() {
      return child.pid ?? -1;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Removes a folder synchronously at exit, for folders a test could not clean up itself. */
export function removeAtExit(dir: string): void {
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}
