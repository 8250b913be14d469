/**
 * Reads the bytes a Redis server sends, ahead of the client's own parser, and
 * says when they stop being Redis replies the console can hold. ioredis speaks
 * RESP2 (it never sends HELLO 3), and its parser trusts the server: a bulk
 * length of 4 GiB makes it buffer until 4 GiB arrived, an array nested
 * 100,000 deep overflows its recursive descent (an exception in a socket
 * callback), a huge array length throws from `new Array`. This scanner keeps
 * one small state across chunks, skips bulk bodies by count (no per-byte work
 * on payloads), and reports the first thing that is not a RESP2 reply or is
 * over a limit, in words for the error message.
 *
 * Limits: one reply (with everything nested in it) at most
 * MAX_REPLY_BYTES, lists nested at most MAX_NESTING_DEPTH deep.
 */

/** Four times the largest payload Labwire publishes (16 MiB); Redis itself allows 512 MiB. */
export const MAX_REPLY_BYTES = 64 * 1024 * 1024;
/** Real replies nest a few levels (XREAD, COMMAND DOCS); 64 leaves room and keeps any parser's stack safe. */
export const MAX_NESTING_DEPTH = 64;
/** A length line is a sign and at most 19 digits; anything longer is not Redis. */
const MAX_LENGTH_DIGITS = 19;
/** The smallest element ("+\r\n") takes 3 bytes, so a list of more items cannot fit in one reply. */
const MIN_ELEMENT_BYTES = 3;
const BYTES_PER_MIB = 1024 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;
const DOLLAR = 0x24;
const STAR = 0x2a;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;

/**
 * Where the scanner is in the byte stream. Plain numbers and fields rather
 * than a union of objects: this runs on every byte of every reply header.
 * Motivation: 50,000 pub/sub messages (7.4 MB, 64 KiB chunks) took 690 ms
 * in a first pass with a union of phase objects, 176 ms with this layout
 * (35 ms once warm), on a 2-core machine at load average 24.
 */
const AT_TYPE = 0;
const IN_LINE = 1;
const IN_LENGTH = 2;
const IN_BULK = 3;
type Phase = typeof AT_TYPE | typeof IN_LINE | typeof IN_LENGTH | typeof IN_BULK;

export class ReplyScanner {
  private phase: Phase = AT_TYPE;
  /** IN_LENGTH: whether the length is of a text ($) or a list (*), and what was read of it. */
  private isListLength = false;
  private lengthValue = 0;
  private lengthDigits = 0;
  private isNegativeLength = false;
  private hasCarriageReturn = false;
  /** IN_BULK: bytes of the text and its CRLF still to come. */
  private bulkRemainingBytes = 0;
  /** For each open list, how many elements it still expects. */
  private readonly openLists: number[] = [];
  /** Bytes of the reply being read so far. */
  private replyBytes = 0;
  private problem: string | null = null;

  /** The first problem found, or null while everything was RESP2 within the limits. Once set it stays. */
  scan(chunk: Uint8Array): string | null {
    if (this.problem !== null) return this.problem;
    const length = chunk.length;
    let index = 0;
    while (index < length) {
      if (this.phase === IN_BULK) {
        const taken = Math.min(this.bulkRemainingBytes, length - index);
        this.bulkRemainingBytes -= taken;
        index += taken;
        this.replyBytes += taken;
        if (this.bulkRemainingBytes === 0) this.endElement();
      } else if (this.phase === IN_LINE) {
        const end = chunk.indexOf(LF, index);
        const next = end < 0 ? length : end + 1;
        this.replyBytes += next - index;
        index = next;
        if (end >= 0) this.endElement();
      } else {
        const byte = chunk[index] as number;
        index += 1;
        this.replyBytes += 1;
        if (this.phase === AT_TYPE) this.readType(byte);
        else this.readLengthByte(byte);
        if (this.problem !== null) return this.problem;
      }
      if (this.replyBytes > MAX_REPLY_BYTES) {
        this.problem = `a reply of more than ${MAX_REPLY_BYTES / BYTES_PER_MIB} MiB, more than Labwire accepts`;
        return this.problem;
      }
    }
    return null;
  }

  private readType(byte: number): void {
    if (byte === PLUS || byte === MINUS || byte === COLON) {
      this.phase = IN_LINE;
    } else if (byte === DOLLAR || byte === STAR) {
      this.phase = IN_LENGTH;
      this.isListLength = byte === STAR;
      this.lengthValue = 0;
      this.lengthDigits = 0;
      this.isNegativeLength = false;
      this.hasCarriageReturn = false;
    } else {
      this.problem = `a reply that starts with ${describeByte(byte)}`;
    }
  }

  private readLengthByte(byte: number): void {
    if (this.hasCarriageReturn) {
      if (byte === LF && this.lengthDigits > 0) this.endLength(this.isNegativeLength ? -this.lengthValue : this.lengthValue);
      else this.problem = 'a length that is not a number';
    } else if (byte === CR) {
      this.hasCarriageReturn = true;
    } else if (byte === MINUS && this.lengthDigits === 0 && !this.isNegativeLength) {
      this.isNegativeLength = true;
    } else if (byte >= DIGIT_ZERO && byte <= DIGIT_NINE && this.lengthDigits < MAX_LENGTH_DIGITS) {
      this.lengthValue = this.lengthValue * 10 + (byte - DIGIT_ZERO);
      this.lengthDigits += 1;
    } else {
      this.problem = 'a length that is not a number';
    }
  }

  private endLength(length: number): void {
    if (length === -1 || (length === 0 && this.isListLength)) {
      this.endElement();
      return;
    }
    if (length < 0) {
      this.problem = 'a negative length';
      return;
    }
    if (!this.isListLength) {
      if (length > MAX_REPLY_BYTES) {
        this.problem = `a text of ${Math.ceil(length / BYTES_PER_MIB)} MiB, more than the ${MAX_REPLY_BYTES / BYTES_PER_MIB} MiB Labwire accepts in one reply`;
        return;
      }
      this.phase = IN_BULK;
      this.bulkRemainingBytes = length + 2;
      return;
    }
    if (length * MIN_ELEMENT_BYTES > MAX_REPLY_BYTES) {
      this.problem = `a list of ${length} items, more than fit in the ${MAX_REPLY_BYTES / BYTES_PER_MIB} MiB Labwire accepts in one reply`;
      return;
    }
    if (this.openLists.length >= MAX_NESTING_DEPTH) {
      this.problem = `lists nested more than ${MAX_NESTING_DEPTH} deep`;
      return;
    }
    this.openLists.push(length);
    this.phase = AT_TYPE;
  }

  /** One element is complete: count it against the lists it closes; a complete top-level reply starts the byte count again. */
  private endElement(): void {
    this.phase = AT_TYPE;
    const openLists = this.openLists;
    while (openLists.length > 0) {
      const last = openLists.length - 1;
      const remaining = (openLists[last] as number) - 1;
      if (remaining > 0) {
        openLists[last] = remaining;
        return;
      }
      openLists.pop();
    }
    this.replyBytes = 0;
  }
}

function describeByte(byte: number): string {
  return byte >= 0x21 && byte <= 0x7e ? `"${String.fromCharCode(byte)}"` : `byte 0x${byte.toString(16).padStart(2, '0')}`;
}
