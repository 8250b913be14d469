/**
 * A redis-server that Labwire starts and stops itself, for labs that have no
 * Redis yet and for demos. It listens on 127.0.0.1 only, on its own port
 * (never 6379, where a lab's real server usually runs), with protected mode
 * on and a random password (localRedisPassword.ts), and keeps its snapshots
 * and log in `<dataDir>/local-redis`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalRedisStatus } from '../../shared/simulator';
import { fail, ok, type Result } from '../../shared/result';
import { ensurePrivateFolder } from '../secrets/privateFile';
import { forgetOnExit, stopOnExit } from './exitCleanup';
import { findExecutable, processSearchPath } from './findExecutable';
import { generateLocalRedisPassword, stdinConfigFor } from './localRedisPassword';
import { chooseLocalRedisPort, PREFERRED_LOCAL_REDIS_PORT, readRememberedPort, rememberPort } from './localRedisPort';
import { OutputTail, readLogTail } from './logTail';
import { findOrphanedServer } from './orphanedServer';
import { pingRedis } from './redisPing';

export const LOCAL_REDIS_FOLDER_NAME = 'local-redis';
const LOG_FILE_NAME = 'redis.log';
const PORT_FILE_NAME = 'port';
const READY_TIMEOUT_MS = 10_000;
const READY_POLL_INTERVAL_MS = 100;
const PING_TIMEOUT_MS = 1000;
/** Redis writes its final snapshot on SIGTERM; a large one takes a few seconds. */
const STOP_GRACE_MS = 8000;
const KILL_WAIT_MS = 2000;
const EXIT_POLL_INTERVAL_MS = 50;
/** The log is appended to across runs; beyond this it is rotated once at start. */
const MAX_LOG_BYTES = 1024 * 1024;

export interface LocalRedisServerOptions {
  dataDir: string;
  onDidChangeStatus(status: LocalRedisStatus): void;
  /** Tried when no port is remembered from an earlier run. Default 6390. */
  preferredPort?: number;
  /** Folders to look for redis-server in, PATH-style. Default: this process's PATH. */
  searchPath?: string;
}

interface ServerProcess {
  port: number;
  pid: number;
  /** Held in memory only; the profile store keeps the sealed copy. */
  password: string;
  /** Null for a server adopted from an earlier run: no exit event, so it is watched by pid. */
  child: ChildProcess | null;
}

/** `password` is what the managed profile must send; it is never part of a status or an event. */
type Started = { port: number; pid: number; password: string };

const UNAVAILABLE_REASON =
  'redis-server is not installed on this computer (it is not on the PATH). Install Redis, for example with "sudo apt install redis-server", to run a local server from Labwire.';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitForExit(server: ServerProcess, timeoutMs: number): Promise<boolean> {
  const { child } = server;
  if (child) {
    if (hasExited(child)) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
  const deadline = Date.now() + timeoutMs;
  while (isPidAlive(server.pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(EXIT_POLL_INTERVAL_MS);
  }
  return true;
}

function signal(server: ServerProcess, name: NodeJS.Signals): void {
  try {
    if (server.child) server.child.kill(name);
    else process.kill(server.pid, name);
  } catch {
    // Already gone.
  }
}

function describeExit(child: ChildProcess): string {
  return child.signalCode ? `it was ended by ${child.signalCode}` : `exit code ${child.exitCode ?? 'unknown'}`;
}

export class LocalRedisServer {
  private current: LocalRedisStatus;
  private server: ServerProcess | null = null;
  /** The child while it starts, so stop() can end it before it is ready. */
  private launching: ChildProcess | null = null;
  private starting: Promise<Result<Started>> | null = null;
  private stopping: Promise<LocalRedisStatus> | null = null;
  private isStopRequested = false;
  private readonly folder: string;

  constructor(private readonly options: LocalRedisServerOptions) {
    this.folder = join(options.dataDir, LOCAL_REDIS_FOLDER_NAME);
    this.current = this.findBinary() ? { state: 'stopped' } : { state: 'unavailable', reason: UNAVAILABLE_REASON };
  }

  status(): LocalRedisStatus {
    return { ...this.current };
  }

  /**
   * Starts the server, or answers with the one already running or starting.
   * `previousPassword` (the managed profile's) lets a server left running by an
   * earlier session be recognised and adopted; a new server gets a new password.
   */
  start(previousPassword: string | null = null): Promise<Result<Started>> {
    if (this.server) return Promise.resolve(ok({ port: this.server.port, pid: this.server.pid, password: this.server.password }));
    if (!this.starting) {
      this.starting = this.launch(previousPassword).finally(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  /** SIGTERM (Redis saves its snapshot), then SIGKILL if it has not exited after a grace period. */
  async stop(): Promise<LocalRedisStatus> {
    if (this.starting) {
      this.isStopRequested = true;
      this.launching?.kill('SIGKILL');
      await this.starting;
    }
    if (this.stopping) return this.stopping;
    const server = this.server;
    if (!server) {
      if (this.current.state === 'failed') this.setStatus({ state: 'stopped' });
      return this.status();
    }
    this.stopping = this.terminate(server).finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  private findBinary(): string | null {
    return findExecutable('redis-server', this.options.searchPath ?? processSearchPath());
  }

  private setStatus(status: LocalRedisStatus): void {
    this.current = status;
    this.options.onDidChangeStatus({ ...status });
  }

  private async terminate(server: ServerProcess): Promise<LocalRedisStatus> {
    // Cleared first so the exit handler knows this exit was asked for.
    this.server = null;
    signal(server, 'SIGTERM');
    if (!(await waitForExit(server, STOP_GRACE_MS))) {
      signal(server, 'SIGKILL');
      await waitForExit(server, KILL_WAIT_MS);
    }
    forgetOnExit(server.pid);
    this.setStatus({ state: 'stopped' });
    return this.status();
  }

  private async launch(previousPassword: string | null): Promise<Result<Started>> {
    if (this.stopping) await this.stopping;
    this.isStopRequested = false;
    const binary = this.findBinary();
    if (!binary) {
      this.setStatus({ state: 'unavailable', reason: UNAVAILABLE_REASON });
      return fail('NOT_FOUND', UNAVAILABLE_REASON);
    }
    this.setStatus({ state: 'starting' });
    const portFile = join(this.folder, PORT_FILE_NAME);
    try {
      await ensurePrivateFolder(this.folder);
      const remembered = await readRememberedPort(portFile);
      const password = generateLocalRedisPassword();
      const orphan = remembered === null ? null : await findOrphanedServer(remembered, this.folder, previousPassword, password);
      if (orphan && remembered !== null)
        return await this.becomeRunning({ port: remembered, pid: orphan.pid, password: orphan.password, child: null }, portFile);
      await this.rotateLog();
      const port = await chooseLocalRedisPort([remembered, this.options.preferredPort ?? PREFERRED_LOCAL_REDIS_PORT]);
      return await this.spawnServer(binary, port, password, portFile);
    } catch (error) {
      const reason = `Labwire could not prepare the local Redis folder ${this.folder}. Check that it can be written.`;
      this.setStatus({ state: 'failed', reason });
      return fail('INTERNAL', reason, { detail: error instanceof Error ? error.message : String(error) });
    }
  }

  private async rotateLog(): Promise<void> {
    const logPath = join(this.folder, LOG_FILE_NAME);
    const size = await stat(logPath).then(
      (info) => info.size,
      () => 0,
    );
    if (size > MAX_LOG_BYTES) await rename(logPath, `${logPath}.1`);
  }

  private async spawnServer(binary: string, port: number, password: string, portFile: string): Promise<Result<Started>> {
    const logPath = join(this.folder, LOG_FILE_NAME);
    const output = new OutputTail();
    const child = spawn(
      binary,
      [
        // "-" reads the config (the password) from stdin, so it never shows in `ps`.
        '-',
        '--bind', '127.0.0.1',
        '--port', String(port),
        '--protected-mode', 'yes',
        '--dir', this.folder,
        '--dbfilename', 'dump.rdb',
        '--daemonize', 'no',
        '--logfile', logPath,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(stdinConfigFor(password));
    let spawnError: Error | null = null;
    child.once('error', (error) => {
      spawnError = error;
    });
    child.stdout?.on('data', (chunk: Buffer) => output.append(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.append(chunk));
    if (child.pid !== undefined) stopOnExit(child.pid);
    child.once('exit', () => this.onChildExit(child));
    this.launching = child;
    try {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (Date.now() < deadline) {
        if (this.isStopRequested && !hasExited(child)) child.kill('SIGKILL');
        if (hasExited(child) || spawnError) return await this.startFailed(child, port, output, spawnError);
        const answer = await pingRedis(port, PING_TIMEOUT_MS);
        if ((answer === 'pong' || answer === 'auth-required') && !hasExited(child) && child.pid !== undefined)
          return await this.becomeRunning({ port, pid: child.pid, password, child }, portFile);
        await sleep(READY_POLL_INTERVAL_MS);
      }
      child.kill('SIGKILL');
      const reason = `The local Redis did not answer within ${READY_TIMEOUT_MS / 1000} seconds, so Labwire stopped it.`;
      this.setStatus({ state: 'failed', reason });
      return fail('TIMEOUT', reason, { detail: await this.failureDetail(output) });
    } finally {
      this.launching = null;
    }
  }

  private async becomeRunning(server: ServerProcess, portFile: string): Promise<Result<Started>> {
    if (this.isStopRequested) {
      await this.terminate(server);
      return fail('INTERNAL', 'The local Redis was stopped before it finished starting.');
    }
    if (!server.child) stopOnExit(server.pid);
    this.server = server;
    // Only a port that worked is remembered, so the profile keeps pointing at a server that can start.
    await rememberPort(portFile, server.port).catch(() => undefined);
    this.setStatus({ state: 'running', port: server.port, pid: server.pid, dataDir: this.folder });
    return ok({ port: server.port, pid: server.pid, password: server.password });
  }

  private async startFailed(child: ChildProcess, port: number, output: OutputTail, spawnError: Error | null): Promise<Result<Started>> {
    if (child.pid !== undefined) forgetOnExit(child.pid);
    if (this.isStopRequested) {
      this.setStatus({ state: 'stopped' });
      return fail('INTERNAL', 'The local Redis was stopped before it finished starting.');
    }
    const detail = await this.failureDetail(output);
    let reason: string;
    if (spawnError) reason = `Labwire could not run redis-server: ${spawnError.message}.`;
    else if (/address already in use/i.test(detail))
      reason = `Port ${port} is already used by another program, so the local Redis could not start. Try again; Labwire will pick another port.`;
    else if (/permission denied|can't open|can't chdir/i.test(detail))
      reason = `The local Redis could not use its folder ${this.folder}. Check that the folder can be written.`;
    else reason = `The local Redis stopped while starting (${describeExit(child)}). The last lines of its log are in the details.`;
    this.setStatus({ state: 'failed', reason });
    return fail('INTERNAL', reason, { detail });
  }

  private async failureDetail(output: OutputTail): Promise<string> {
    const parts = [await readLogTail(join(this.folder, LOG_FILE_NAME)), output.lines()].filter((part) => part !== '');
    return parts.join('\n') || 'redis-server wrote nothing to its log.';
  }

  private onChildExit(child: ChildProcess): void {
    if (child.pid !== undefined) forgetOnExit(child.pid);
    if (this.server?.child !== child) return;
    this.server = null;
    this.setStatus({ state: 'failed', reason: `The local Redis stopped unexpectedly (${describeExit(child)}). Start it again to continue.` });
  }
}
