/**
 * A real redis-server for tests: started on a free port in a temp folder,
 * stopped by its own pid. Never 6379, never a server the test did not start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './freePort';

export interface RedisServerOptions {
  /** Extra config lines as redis-server arguments, e.g. ['--requirepass', 'x']. */
  args?: string[];
  /** Reuse this port (for restarts). */
  port?: number;
  /** Reuse this folder (for restarts). */
  dir?: string;
  /** TLS: serve TLS on `port` and plain TCP on nothing (args must carry the tls-* files). */
  isTls?: boolean;
}

export interface TestRedisServer {
  port: number;
  dir: string;
  pid: number;
  /** SIGSTOP: the process hangs with its sockets open. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  /** Start again on the same port and folder with the same arguments. */
  restart(): Promise<void>;
  /** Stop and remove the folder. */
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
}

/** Servers still running: killed when this process exits, even by an uncaught exception, so none is orphaned. */
const runningServers = new Set<ChildProcess>();
/** Temp folders made here, removed at exit if the test could not. */
const ownedFolders = new Set<string>();
let isExitHookInstalled = false;

function killOnExit(child: ChildProcess): void {
  runningServers.add(child);
  child.once('exit', () => runningServers.delete(child));
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  process.once('exit', () => {
    for (const server of runningServers) {
      server.kill('SIGCONT');
      server.kill('SIGKILL');
    }
    for (const folder of ownedFolders) rmSync(folder, { recursive: true, force: true });
  });
}

function spawnRedis(port: number, dir: string, options: RedisServerOptions): ChildProcess {
  const portArgs = options.isTls ? ['--port', '0', '--tls-port', String(port)] : ['--port', String(port)];
  const child = spawn(
    'redis-server',
    [
      '--bind', '127.0.0.1',
      ...portArgs,
      '--dir', dir,
      '--save', '',
      '--appendonly', 'no',
      '--daemonize', 'no',
      '--logfile', join(dir, 'redis.log'),
      ...(options.args ?? []),
    ],
    { stdio: 'ignore' },
  );
  killOnExit(child);
  return child;
}

async function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const port = options.port ?? (await findFreePort());
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'labwire-redis-')));
  if (!options.dir) ownedFolders.add(dir);
  let child = spawnRedis(port, dir, options);
  await waitForPort(port, child);

  const server: TestRedisServer = {
    port,
    dir,
    get pid() {
      return child.pid ?? -1;
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async kill() {
      child.kill('SIGKILL');
      await waitForExit(child);
    },
    async restart() {
      child = spawnRedis(port, dir, options);
      await waitForPort(port, child);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await waitForExit(child);
      }
      if (!options.dir) {
        await rm(dir, { recursive: true, force: true });
        ownedFolders.delete(dir);
      }
    },
  };
  return server;
}
