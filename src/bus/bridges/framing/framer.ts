/**
 * Cuts a byte stream into records and encodes outgoing records, for each
 * Framing kind (shared/bridges.ts). Owned by the framing work; this is the
 * interface the runtime codes against.
 */
import type { Framing } from '../../../shared/bridges';

/** No record is longer than this; longer input is cut, counted as bad and resynchronised. */
export const MAX_RECORD_BYTES = 1024 * 1024;

export interface FrameOutput {
  /** Whole records, in order, without their delimiters or stuffing. */
  records: Buffer[];
  /** Pieces thrown away while resynchronising (oversized, bad COBS/SLIP), each with why, for the bad-record count. */
  rejected: { reason: string; bytes: number }[];
}

export interface Framer {
  /** Feeds bytes as they arrive. */
  push(bytes: Buffer, receivedAt: number): FrameOutput;
  /** A timer tick for 'silence' framing: ends the pending record when `now` is past the gap. Others return nothing. */
  tick(now: number): FrameOutput;
  /** Bytes held for an unfinished record (a half record at unplug is dropped and counted by the caller). */
  pendingBytes(): number;
  /** Forgets a half record (on reopen). Returns how many bytes it dropped. */
  reset(): number;
  /** One outgoing record (a command) framed for the wire. */
  encode(record: Buffer): Buffer;
}

export function createFramer(framing: Framing): Framer {
  throw new Error(`framing ${framing.kind} is not built yet`);
}
