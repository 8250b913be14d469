/**
 * An open serial device whose port lives in a child process
 * (serialPortProcess.ts), for platforms where serialport cannot read from
 * the bus's worker thread (Windows: its binding calls back through the main
 * thread's loop and its handles are not file descriptors). The same
 * SerialDevice as serialDevice.ts, so the serial link's framing, watchdog,
 * backoff and finding-again work unchanged; what it adds is a way to go
 * away (the process crashed) and a count of reads the process dropped
 * while the bus was busy.
 *
 * Under Electron this is refused in words: a child forked from the bus
 * would run Electron's binary, which runs as Node only with
 * ELECTRON_RUN_AS_NODE, and our packaged app burns the RunAsNode fuse off
 * (electron-builder.yml; Electron's fuses doc: "process.fork in the main
 * process will not function as expected"). Electron's answer is
 * utilityProcess, which only the desktop host's main process can start.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HostKind } from '../../../shared/features/systemContract';
import { fail, ok, type Result } from '../../../shared/result';
import type { LinkDrops } from '../bridgeLink';
import type { DeviceSettings, SerialDevice } from './serialDevice';
import {
  MAX_IN_FLIGHT_BATCHES,
  MAX_IN_FLIGHT_BYTES,
  MAX_PENDING_WRITE_BYTES,
  MAX_PENDING_WRITES,
  toError,
  type InFlightCaps,
  type LinkToPortMessage,
  type PortToLinkMessage,
} from './serialProcessProtocol';

/** The process is started and the port opened within this, or the open failed. */
const OPEN_TIMEOUT_MS = 15_000;
/** After 'close', the process ends by itself within this, or it is killed. */
const CLOSE_TIMEOUT_MS = 3_000;
/** What is kept of the process's stderr, to name why it died. */
const MAX_STDERR_BYTES = 2_048;

/** A SerialDevice with what only the process link has. */
export interface ProcessSerialDevice extends SerialDevice {
  /** Reads the process dropped because the bus had not taken earlier ones (totals since this open). */
  drops(): LinkDrops;
}

export interface ProcessDeviceOptions {
  caps?: InFlightCaps;
}

interface PortScript {
  path: string;
  execArgv: string[];
}

/**
 * Built (electron-vite): out/main/serialPortProcess.js, beside the code
 * starting it or one folder up (from out/main/chunks/). From source (tsx, in
 * tests): serialPortProcess.ts beside this file, with tsx's loader.
 */
function findPortScript(): PortScript {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) {
    return { path: fileURLToPath(new URL('serialPortProcess.ts', here)), execArgv: ['--import', import.meta.resolve('tsx')] };
  }
  const beside = fileURLToPath(new URL('serialPortProcess.js', here));
  const above = fileURLToPath(new URL('../serialPortProcess.js', here));
  return { path: existsSync(beside) || !existsSync(above) ? beside : above, execArgv: [] };
}

export interface PortProcessHost {
  /** The host the bus serves, when known: 'desktop' is Electron. */
  hostKind?: HostKind | undefined;
  /** process.versions unless a test says: a worker thread under Electron may not show `electron` here, hence hostKind too. */
  versions?: Partial<Record<string, string>>;
}

/** Why the process link cannot run here, in words; ok when it can. Checked before each open. */
export function checkPortProcessAvailable(host: PortProcessHost = {}): Result<void> {
  const versions = host.versions ?? process.versions;
  if (host.hostKind === 'desktop' || versions['electron'] !== undefined) {
    return fail(
      'INTERNAL',
      'This serial bridge needs its port in a separate process, which the desktop app cannot start yet; run the console in the browser (npm run serve) to use it.',
    );
  }
  const script = findPortScript();
  if (!existsSync(script.path)) {
    return fail('INTERNAL', 'Serial ports are not available in this build of Labwire (its serial port process is missing).', { detail: script.path });
  }
  return ok(undefined);
}

function describeExit(code: number | null, signal: NodeJS.Signals | null, stderrTail: string): string {
  const how = signal !== null ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`;
  const lastLine = stderrTail.trim().split('\n').pop()?.trim() ?? '';
  return lastLine === '' ? how : `${how}: ${lastLine}`;
}

/** Starts the port's process and opens `path` in it; rejects with the port's error (as the binding words it) when it cannot be opened. */
export function openSerialDeviceInProcess(path: string, settings: DeviceSettings, options: ProcessDeviceOptions = {}): Promise<ProcessSerialDevice> {
  const script = findPortScript();
  const child = fork(script.path, [], { execArgv: script.execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-MAX_STDERR_BYTES);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the serial port process did not open it within ${OPEN_TIMEOUT_MS / 1000} s`));
    }, OPEN_TIMEOUT_MS);
    const onOpening = (message: PortToLinkMessage): void => {
      if (message.type === 'openFailed') {
        clearTimeout(timer);
        reject(toError(message.error));
      } else if (message.type === 'opened') {
        clearTimeout(timer);
        detach();
        resolve(openedDevice(child, path, () => stderrTail));
      }
    };
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      reject(new Error(`the serial port process ended before opening it (${describeExit(code, signal, stderrTail)})`));
    };
    const onSpawnError = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const detach = (): void => {
      child.off('message', onOpening);
      child.off('exit', onEarlyExit);
      child.off('error', onSpawnError);
    };
    child.on('message', onOpening);
    child.once('exit', onEarlyExit);
    child.once('error', onSpawnError);
    sendTo(child, { type: 'open', path, settings, caps: options.caps ?? { maxInFlightBytes: MAX_IN_FLIGHT_BYTES, maxInFlightBatches: MAX_IN_FLIGHT_BATCHES } });
  });
}

function sendTo(child: ChildProcess, message: LinkToPortMessage): void {
  // A channel that closed meanwhile is the process's exit, which 'exit' reports.
  if (child.connected) child.send(message, (error) => void error);
}

interface PendingWrite {
  bytes: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

function openedDevice(child: ChildProcess, path: string, stderrTail: () => string): ProcessSerialDevice {
  const dataListeners: ((bytes: Buffer) => void)[] = [];
  const goneListeners: ((reason: string | null) => void)[] = [];
  const pendingWrites = new Map<number, PendingWrite>();
  let pendingWriteBytes = 0;
  let nextWriteId = 1;
  let drops: LinkDrops = { chunks: 0, bytes: 0 };
  let isGone = false;
  let hasSaidGone = false;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  const markGone = (reason: string | null): void => {
    for (const pending of pendingWrites.values()) pending.reject(new Error('the serial port process stopped before the device took them'));
    pendingWrites.clear();
    pendingWriteBytes = 0;
    if (isGone) return;
    isGone = true;
    for (const listener of goneListeners) listener(reason);
  };

  const deliver = (bytes: Uint8Array): void => {
    try {
      if (bytes.byteLength === 0) return;
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (const listener of dataListeners) listener(buffer);
    } finally {
      // Delivered (or thrown by a listener): either way the process has room again.
      sendTo(child, { type: 'delivered', batches: 1, bytes: bytes.byteLength });
    }
  };

  child.on('message', (message: PortToLinkMessage) => {
    if (isGone) return;
    switch (message.type) {
      case 'bytes':
        drops = { chunks: message.droppedReads, bytes: message.droppedBytes };
        deliver(message.bytes);
        return;
      case 'wrote': {
        const pending = pendingWrites.get(message.id);
        if (pending === undefined) return;
        pendingWrites.delete(message.id);
        pendingWriteBytes -= pending.bytes;
        if (message.error === null) pending.resolve();
        else pending.reject(toError(message.error));
        return;
      }
      case 'gone':
        hasSaidGone = true;
        markGone(null);
        return;
      default:
        return;
    }
  });
  child.on('error', () => undefined);
  child.once('exit', (code, signal) => {
    // An exit that said nothing first is a crash: the words name it, and the link reopens as after an unplug.
    if (!hasSaidGone) markGone(`The serial port process for ${path} stopped unexpectedly (${describeExit(code, signal, stderrTail())})`);
  });

  return {
    onData(listener) {
      dataListeners.push(listener);
    },
    onGone(listener) {
      goneListeners.push(listener);
    },
    drops: () => ({ ...drops }),
    write(bytes) {
      if (isGone) return Promise.reject(new Error('the port is closed'));
      if (pendingWrites.size >= MAX_PENDING_WRITES || pendingWriteBytes + bytes.length > MAX_PENDING_WRITE_BYTES) {
        const earlier = pendingWrites.size === 1 ? '1 earlier command' : `${pendingWrites.size} earlier commands`;
        const limit = `at most ${MAX_PENDING_WRITES} commands or ${MAX_PENDING_WRITE_BYTES / (1024 * 1024)} MiB may wait`;
        return Promise.reject(new Error(`the device has not taken ${earlier} yet (${pendingWriteBytes} bytes); ${limit}`));
      }
      const id = nextWriteId++;
      return new Promise<void>((resolve, reject) => {
        pendingWrites.set(id, { bytes: bytes.length, resolve, reject });
        pendingWriteBytes += bytes.length;
        sendTo(child, { type: 'write', id, bytes });
      });
    },
    async close() {
      // Closed on purpose: pending writes are answered, the gone listeners are not called (as serialDevice.ts).
      isGone = true;
      for (const pending of pendingWrites.values()) pending.reject(new Error('the port was closed before the device took them'));
      pendingWrites.clear();
      pendingWriteBytes = 0;
      sendTo(child, { type: 'close' });
      const killTimer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
      await exited;
      clearTimeout(killTimer);
    },
  };
}
