/**
 * A pseudo-terminal pair made by socat stands in for a serial device: the
 * bridge opens `devicePath`, the test plays the device on `benchPath`.
 * Killing socat is an unplug (the bridge's reads fail with EIO and the
 * device path goes away); restart() is a replug on the same paths. Stopped
 * by its own pid, and killed when the test process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, rmSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStream } from 'node:tty';
import { until } from './waitUntil';

export interface SocatPty {
  /** What the bridge opens (a symlink to a /dev/pts node). */
  devicePath: string;
  /** The device's end, where the test writes what the device sends and reads what it is sent. */
  benchPath: string;
  pid: number;
  /** SIGTERM, wait for the exit, remove the folder. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: an unplug. The links stay behind, dangling, as a vanished /dev node would. */
  kill(): Promise<void>;
  /** Start again on the same link paths: a replug. */
  restart(): Promise<void>;
}

const runningPairs = new Set<ChildProcess>();
const ownedFolders = new Set<string>();
let isExitHookInstalled = false;

function killOnExit(child: ChildProcess): void {
  runningPairs.add(child);
  child.once('exit', () => runningPairs.delete(child));
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  process.once('exit', () => {
    for (const pair of runningPairs) pair.kill('SIGKILL');
    for (const folder of ownedFolders) rmSync(folder, { recursive: true, force: true });
  });
}

async function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

async function spawnPair(devicePath: string, benchPath: string): Promise<ChildProcess> {
  // Links left by a killed socat would make existsSync lie about the new pair (and socat refuses to replace them).
  rmSync(devicePath, { force: true });
  rmSync(benchPath, { force: true });
  const child = spawn('socat', [`pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${benchPath}`], { stdio: 'ignore' });
  killOnExit(child);
  // existsSync follows the symlink: true only once the pts node behind it is there.
  await until(`socat's pty links in ${devicePath}`, () => {
    if (child.exitCode !== null) throw new Error(`socat exited with code ${child.exitCode}`);
    return existsSync(devicePath) && existsSync(benchPath);
  });
  return child;
}

export async function startSocatPty(): Promise<SocatPty> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-pty-'));
  ownedFolders.add(folder);
  const devicePath = join(folder, 'dev');
  const benchPath = join(folder, 'bench');
  let child = await spawnPair(devicePath, benchPath);
  return {
    devicePath,
    benchPath,
    get pid() {
      return child.pid ?? -1;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await waitForExit(child);
      }
      await rm(folder, { recursive: true, force: true });
      ownedFolders.delete(folder);
    },
    async kill() {
      child.kill('SIGKILL');
      await waitForExit(child);
    },
    async restart() {
      child = await spawnPair(devicePath, benchPath);
    },
  };
}

/** The device's side of the pair, opened by the test. */
export interface BenchEnd {
  write(bytes: Buffer | string): Promise<void>;
  /** Everything received so far. */
  received(): Buffer;
  close(): Promise<void>;
}

/**
 * Reads through a tty stream (libuv polls it, no thread held in a blocking
 * read) and writes through its own descriptor so the writes block on a full
 * pty instead of failing with EAGAIN.
 */
export async function openBenchEnd(benchPath: string): Promise<BenchEnd> {
  const openedFd = openSync(benchPath, constants.O_RDONLY | constants.O_NOCTTY);
  const readStream = new ReadStream(openedFd);
  // libuv reopens a pty's slave end by name and leaves the original descriptor open (see serialDevice.ts): close it.
  const handleFd = (readStream as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof handleFd === 'number' && handleFd >= 0 && handleFd !== openedFd) closeSync(openedFd);
  const chunks: Buffer[] = [];
  readStream.on('data', (chunk: Buffer) => chunks.push(chunk));
  // An unplug (socat killed) fails the read with EIO: the bench end is simply gone then.
  readStream.on('error', () => undefined);
  const writeHandle = await open(benchPath, constants.O_WRONLY | constants.O_NOCTTY);
  return {
    async write(bytes) {
      await writeHandle.write(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    },
    received: () => Buffer.concat(chunks),
    async close() {
      readStream.destroy();
      await writeHandle.close().catch(() => undefined);
    },
  };
}
