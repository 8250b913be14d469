/**
 * What the serial link (on the bus thread) and its port process say to each
 * other over the child's IPC channel (serialPortProcess.ts). One process
 * holds one open port: it is started for an open and ends with the port, so
 * a crash, an unplug and a close all look the same to the link: the process
 * is gone, and the link reopens with its own backoff.
 *
 * Flow control both ways:
 * - Bytes in: the process sends what it reads in batches and counts what it
 *   has sent and the link has not yet acknowledged; while that plus the
 *   pending batch would pass either cap, new reads are dropped and counted.
 *   A bus thread that stops reading holds at most the caps, never an
 *   unbounded IPC queue.
 * - Writes out: the link keeps at most MAX_PENDING_WRITES commands (and
 *   MAX_PENDING_WRITE_BYTES) unanswered; more are refused in words, never
 *   queued. Each write is answered once with its outcome and never retried.
 */
import type { DeviceSettings } from './serialDevice';

/** Posted at most this long after a batch's first byte. */
export const BATCH_WAIT_MS = 2;
/** A batch is posted once it holds this many bytes. */
export const MAX_BATCH_BYTES = 64 * 1024;
/**
 * Sent and not yet acknowledged. A fast USB serial port carries about
 * 1 MB/s; 4 MiB is seconds of that while the bus thread is busy.
 */
export const MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024;
export const MAX_IN_FLIGHT_BATCHES = 1_024;
export const MAX_PENDING_WRITES = 64;
export const MAX_PENDING_WRITE_BYTES = 1024 * 1024;

export interface InFlightCaps {
  maxInFlightBytes: number;
  maxInFlightBatches: number;
}

export type LinkToPortMessage =
  /** The first message: open this port; answered by 'opened' or 'openFailed'. */
  | { type: 'open'; path: string; settings: DeviceSettings; caps: InFlightCaps }
  /** Write once, then drain; answered by one 'wrote' with the same id. */
  | { type: 'write'; id: number; bytes: Uint8Array }
  /** Batches handed to the link's listeners: room in the process's queue again. */
  | { type: 'delivered'; batches: number; bytes: number }
  /** Close the port and end. */
  | { type: 'close' };

/** An error as the port process saw it: the words in serialErrorWords.ts read both parts. */
export interface DescribedError {
  code: string | null;
  message: string;
}

export type PortToLinkMessage =
  | { type: 'opened' }
  /** The port could not be opened; the process ends after this. */
  | { type: 'openFailed'; error: DescribedError }
  /**
   * Bytes read since the last batch, in order (may be empty when it only
   * carries new drop totals). `droppedReads` and `droppedBytes` are totals
   * since the port opened, so a late batch never miscounts them.
   */
  | { type: 'bytes'; bytes: Uint8Array; droppedReads: number; droppedBytes: number }
  | { type: 'wrote'; id: number; error: DescribedError | null }
  /** The port closed by itself (unplugged, a read error); the process ends after this. */
  | { type: 'gone'; error: DescribedError | null };

export function describeError(error: unknown): DescribedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : null, message: error.message };
  }
  return { code: null, message: String(error) };
}

/** Back into an Error, so the link's words (serialErrorWords.ts) read it as they read the binding's. */
export function toError(described: DescribedError): Error {
  return Object.assign(new Error(described.message), described.code === null ? {} : { code: described.code });
}
