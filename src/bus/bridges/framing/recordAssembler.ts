/**
 * Holds the pieces of one unfinished record and joins them once when it
 * ends: every framer collects through this, so the record cap, the
 * "thrown away" accounting and the no-empty-records rule are written once.
 *
 * Pieces are kept as views on the chunks that arrived (no copy until the
 * record ends), so a line split over many serial reads costs one concat.
 */
import type { FrameOutput } from './framer';

/** No record is longer than this; longer input is cut, counted as bad and resynchronised. */
export const MAX_RECORD_BYTES = 1024 * 1024;
/** Longer than any delimiter (delimiterText.ts allows 16 bytes). */
const TAIL_KEPT_BYTES = 16;

export class RecordAssembler {
  private pieces: Buffer[] = [];
  private heldBytes = 0;
  /** Bytes dropped since the record overflowed; -1 while the record is within the cap. */
  private discardedBytes = -1;
  /** While dropping: the last bytes dropped, so a delimiter split across reads still ends the oversized record. */
  private discardedTail: Buffer = Buffer.alloc(0);

  constructor(
    private readonly maxBytes: number,
    /** Says why an oversized record was dropped, e.g. "a line longer than 1 MiB without its end". */
    private readonly oversizeReason: string,
  ) {}

  /** Adds bytes to the unfinished record; an overflow drops it (reported once per maxBytes dropped) until the next end. */
  append(piece: Buffer, output: FrameOutput): void {
    if (piece.length === 0) return;
    if (this.discardedBytes >= 0) {
      this.keepDiscardedTail(piece);
      this.discard(piece.length, output);
      return;
    }
    if (this.heldBytes + piece.length > this.maxBytes) {
      const held = this.heldBytes;
      this.pieces = [];
      this.heldBytes = 0;
      this.discardedBytes = 0;
      this.discardedTail = Buffer.alloc(0);
      this.keepDiscardedTail(piece);
      this.discard(held + piece.length, output);
      return;
    }
    this.pieces.push(piece);
    this.heldBytes += piece.length;
  }

  /**
   * The record ended here: returns its bytes, or null when there is nothing
   * to hand on (an empty record, or the end of an oversized one, already
   * counted). Empty records are never records: a CRLF read as two ends, a
   * SLIP END sent before each frame to flush line noise (RFC 1055), a COBS
   * 0x00 sent as a sync marker.
   */
  end(): Buffer | null {
    if (this.discardedBytes >= 0) {
      this.discardedBytes = -1;
      this.discardedTail = Buffer.alloc(0);
      return null;
    }
    if (this.heldBytes === 0) return null;
    const record = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces, this.heldBytes);
    this.pieces = [];
    this.heldBytes = 0;
    return record;
  }

  /** Ends the record with `last` as its final piece, without holding `last` first when nothing is pending. */
  endWith(last: Buffer, output: FrameOutput): Buffer | null {
    if (this.heldBytes === 0 && this.discardedBytes < 0) {
      if (last.length > this.maxBytes) {
        output.rejected.push({ reason: this.oversizeReason, bytes: last.length });
        return null;
      }
      return last.length === 0 ? null : last;
    }
    this.append(last, output);
    return this.end();
  }

  pendingBytes(): number {
    return this.heldBytes;
  }

  /** True when a record is under way: bytes held, or an oversized record being dropped up to its end. */
  isInRecord(): boolean {
    return this.heldBytes > 0 || this.discardedBytes >= 0;
  }

  /** The last `count` bytes of the record under way (fewer when less came), for finding a delimiter split across chunks. */
  tail(count: number): Buffer {
    if (this.discardedBytes >= 0) return this.discardedTail.subarray(Math.max(0, this.discardedTail.length - count));
    const take = Math.min(count, this.heldBytes);
    if (take === 0) return Buffer.alloc(0);
    const last = this.pieces[this.pieces.length - 1]!;
    if (last.length >= take) return last.subarray(last.length - take);
    return Buffer.concat(this.pieces, this.heldBytes).subarray(this.heldBytes - take);
  }

  /** Drops the last `count` held bytes (the start of a delimiter that turned out to end the record). */
  trimEnd(count: number): void {
    if (this.discardedBytes >= 0) return;
    let left = count;
    while (left > 0 && this.pieces.length > 0) {
      const last = this.pieces[this.pieces.length - 1]!;
      if (last.length <= left) {
        this.pieces.pop();
        left -= last.length;
        this.heldBytes -= last.length;
      } else {
        this.pieces[this.pieces.length - 1] = last.subarray(0, last.length - left);
        this.heldBytes -= left;
        left = 0;
      }
    }
  }

  /** Forgets the unfinished record; returns how many bytes were held. */
  reset(): number {
    const held = this.heldBytes;
    this.pieces = [];
    this.heldBytes = 0;
    this.discardedBytes = -1;
    this.discardedTail = Buffer.alloc(0);
    return held;
  }

  private keepDiscardedTail(piece: Buffer): void {
    const tail = piece.length >= TAIL_KEPT_BYTES ? piece : Buffer.concat([this.discardedTail, piece]);
    this.discardedTail = Buffer.from(tail.subarray(Math.max(0, tail.length - TAIL_KEPT_BYTES)));
  }

  private discard(bytes: number, output: FrameOutput): void {
    // One bad record when the cap is passed, then one more per further maxBytes thrown away,
    // so a device that never sends an end keeps the count moving instead of going quiet.
    const isFirst = this.discardedBytes === 0;
    const before = Math.floor(this.discardedBytes / this.maxBytes);
    this.discardedBytes += bytes;
    const after = Math.floor(this.discardedBytes / this.maxBytes);
    if (isFirst) output.rejected.push({ reason: this.oversizeReason, bytes });
    else if (after > before) output.rejected.push({ reason: this.oversizeReason, bytes: (after - before) * this.maxBytes });
  }
}
