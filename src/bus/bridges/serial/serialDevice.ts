/**
 * An open serial device that works on the bus's worker thread.
 *
 * serialport's own reads on Linux and macOS wait for bytes through a libuv
 * poll handle it puts on the process's main loop (`uv_default_loop()` in
 * @serialport/bindings-cpp's poller.cpp; Windows reads and writes do the
 * same in serialport_win.cpp). From a worker thread that crashes the whole
 * process: measured here, the first read that had to wait ended in SIGSEGV
 * (serialport/node-serialport#2974). So the binding only opens the device
 * (termios for baud, bits and parity; the exclusive lock) and drains, both
 * thread-pool work that is safe anywhere, and the bytes move through a tty
 * stream: a libuv handle on this thread's own loop.
 */
import { closeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import type { SerialSettings } from '../../../shared/bridges';
import type { LinkDrops } from '../bridgeLink';
import type { NativeOpenOptions, SerialNativeCalls } from './serialPortModule';

export interface SerialDevice {
  /** Each chunk read; the buffer is the listener's to keep. */
  onData(listener: (bytes: Buffer) => void): void;
  /**
   * Called once when the device goes away by itself (a read error, a hang-up,
   * its process ended), not after close(). `reason` is in words when there is
   * more to say than "it went away" (a port process that crashed); else null.
   */
  onGone(listener: (reason: string | null) => void): void;
  /** Resolves when the bytes have left the port (write, then drain); rejects with the system's error. */
  write(bytes: Buffer): Promise<void>;
  /** Closes the device (and releases its lock); never rejects. */
  close(): Promise<void>;
  /** Reads dropped before they reached onData (a queue between processes was full); absent when nothing can drop. */
  drops?(): LinkDrops;
}

export type DeviceSettings = Pick<SerialSettings, 'baudRate' | 'dataBits' | 'stopBits' | 'parity'>;

/** Settings the device cannot take, in words; null when they are fine. */
export function checkDeviceSettings(settings: DeviceSettings): string | null {
  if (!Number.isInteger(settings.baudRate) || settings.baudRate <= 0) return `the baud rate must be a positive whole number (got ${settings.baudRate})`;
  if (![5, 6, 7, 8].includes(settings.dataBits)) return `data bits must be 5, 6, 7 or 8 (got ${settings.dataBits})`;
  if (![1, 2].includes(settings.stopBits)) return `stop bits must be 1 or 2 (got ${settings.stopBits})`;
  if (!['none', 'even', 'odd'].includes(settings.parity)) return `parity must be none, even or odd (got ${settings.parity})`;
  return null;
}

/** The descriptor the stream's libuv handle reads (net.Socket handles expose it as `fd`). */
function streamDescriptor(stream: ReadStream, fallback: number): number {
  const handle = (stream as unknown as { _handle?: { fd?: unknown } })._handle;
  return typeof handle?.fd === 'number' && handle.fd >= 0 ? handle.fd : fallback;
}

/** Rejects with the binding's error when the device cannot be opened. */
export async function openSerialDevice(natives: SerialNativeCalls, path: string, settings: DeviceSettings): Promise<SerialDevice> {
  const options: NativeOpenOptions = {
    path,
    baudRate: settings.baudRate,
    dataBits: settings.dataBits,
    stopBits: settings.stopBits,
    parity: settings.parity,
    lock: true,
    rtscts: false,
    xon: false,
    xoff: false,
    xany: false,
    hupcl: true,
    vmin: 1,
    vtime: 0,
  };
  const openedFd = await natives.asyncOpen(path, options);
  // The stream owns the descriptor from here: closing it closes the fd. Reads, writes and a hang-up (EIO, or EOF) all go through it.
  const stream = new ReadStream(openedFd);
  const fd = streamDescriptor(stream, openedFd);
  // libuv reopens a pseudo-terminal's slave end by name and keeps the original number as a duplicate it never closes; close that one.
  if (fd !== openedFd) closeSync(openedFd);
  let isGone = false;
  const goneListeners: ((reason: null) => void)[] = [];
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  const markGone = (): void => {
    if (isGone) return;
    isGone = true;
    for (const listener of goneListeners) listener(null);
  };
  stream.on('error', markGone);
  stream.on('end', markGone);
  stream.on('close', markGone);
  return {
    onData(listener) {
      stream.on('data', listener);
    },
    onGone(listener) {
      goneListeners.push(listener);
    },
    async write(bytes) {
      await new Promise<void>((resolve, reject) => {
        stream.write(bytes, (error) => (error ? reject(error) : resolve()));
      });
      await natives.asyncDrain(fd);
    },
    async close() {
      isGone = true;
      stream.destroy();
      await closed;
    },
  };
}
