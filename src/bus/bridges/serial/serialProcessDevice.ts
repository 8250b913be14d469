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
 * Who starts the process is portProcess.ts's business
 * (choosePortProcessLauncher): the bus forks it under plain Node; under
 * Electron the desktop host starts a utilityProcess when asked, and without
 * that host's relay the link refuses in words.
 */
import type { LinkDrops } from '../bridgeLink';
import type { DeviceSettings, SerialDevice } from './serialDevice';
import {
  MAX_IN_FLIGHT_BATCHES,
  MAX_IN_FLIGHT_BYTES,
  MAX_PENDING_WRITE_BYTES,
  MAX_PENDING_WRITES,
  toError,
  type InFlightCaps,
  type PortToLinkMessage,
} from './serialProcessProtocol';
import type { PortProcess, PortProcessLauncher } from './portProcess';
import { countWords } from '../../../shared/countWords';

/** The process is started and the port opened within this, or the open failed. */
const OPEN_TIMEOUT_MS = 15_000;
/** After 'close', the process ends by itself within this, or it is killed. */
const CLOSE_TIMEOUT_MS = 3_000;

/** A SerialDevice with what only the process link has. */
export interface ProcessSerialDevice extends SerialDevice {
  /** Reads the process dropped because the bus had not taken earlier ones (totals since this open). */
  drops(): LinkDrops;
}

export interface ProcessDeviceOptions {
  caps?: InFlightCaps;
  /** Who starts the process (portProcess.ts choosePortProcessLauncher): the desktop host's relay under Electron, a fork of our own under Node. */
  launch: PortProcessLauncher;
}

/** Starts the port's process and opens `path` in it; rejects with the port's error (as the binding words it) when it cannot be opened. */
export function openSerialDeviceInProcess(path: string, settings: DeviceSettings, options: ProcessDeviceOptions): Promise<ProcessSerialDevice> {
  let child: PortProcess;
  try {
    child = options.launch();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return new Promise((resolve, reject) => {
    let isSettled = false;
    const settle = (then: () => void): void => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      then();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new Error(`the serial port process did not open it within ${OPEN_TIMEOUT_MS / 1000} s`)));
      child.kill();
    }, OPEN_TIMEOUT_MS);
    child.onMessage((message) => {
      if (message.type === 'openFailed') settle(() => reject(toError(message.error)));
      else if (message.type === 'opened') settle(() => resolve(openedDevice(child, path)));
    });
    child.onExit((how) => settle(() => reject(new Error(`the serial port process ended before opening it (${how})`))));
    child.send({ type: 'open', path, settings, caps: options.caps ?? { maxInFlightBytes: MAX_IN_FLIGHT_BYTES, maxInFlightBatches: MAX_IN_FLIGHT_BATCHES } });
  });
}

interface PendingWrite {
  bytes: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

function openedDevice(child: PortProcess, path: string): ProcessSerialDevice {
  const dataListeners: ((bytes: Buffer) => void)[] = [];
  const goneListeners: ((reason: string | null) => void)[] = [];
  const pendingWrites = new Map<number, PendingWrite>();
  let pendingWriteBytes = 0;
  let nextWriteId = 1;
  let drops: LinkDrops = { chunks: 0, bytes: 0 };
  let isGone = false;
  let hasSaidGone = false;
  const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));

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
      child.send({ type: 'delivered', batches: 1, bytes: bytes.byteLength });
    }
  };

  child.onMessage((message: PortToLinkMessage) => {
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
  child.onExit((how) => {
    // An exit that said nothing first is a crash: the words name it, and the link reopens as after an unplug.
    if (!hasSaidGone) markGone(`The serial port process for ${path} stopped unexpectedly (${how})`);
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
        const earlier = countWords(pendingWrites.size, 'earlier command');
        const limit = `at most ${MAX_PENDING_WRITES} commands or ${MAX_PENDING_WRITE_BYTES / (1024 * 1024)} MiB may wait`;
        return Promise.reject(new Error(`the device has not taken ${earlier} yet (${pendingWriteBytes} bytes); ${limit}`));
      }
      const id = nextWriteId++;
      return new Promise<void>((resolve, reject) => {
        pendingWrites.set(id, { bytes: bytes.length, resolve, reject });
        pendingWriteBytes += bytes.length;
        child.send({ type: 'write', id, bytes });
      });
    },
    async close() {
      // Closed on purpose: pending writes are answered, the gone listeners are not called (as serialDevice.ts).
      isGone = true;
      for (const pending of pendingWrites.values()) pending.reject(new Error('the port was closed before the device took them'));
      pendingWrites.clear();
      pendingWriteBytes = 0;
      child.send({ type: 'close' });
      const killTimer = setTimeout(() => child.kill(), CLOSE_TIMEOUT_MS);
      await exited;
      clearTimeout(killTimer);
    },
  };
}
