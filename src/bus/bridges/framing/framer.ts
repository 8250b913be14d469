/**
 * Cuts a byte stream into records and frames outgoing records (commands),
 * for each Framing kind (shared/bridges.ts). One file per framing beside
 * this one; this is the interface the bridge runtime codes against.
 *
 * Every framer caps a record at MAX_RECORD_BYTES: a longer one is dropped,
 * reported in `rejected` with the reason, and reading resumes at the next
 * record end. Empty records are never handed on (see recordAssembler.ts).
 */
import type { Framing } from '../../../shared/bridges';
import { fail, ok, type Result } from '../../../shared/result';
import { AnyLineEndFramer } from './anyLineEndFramer';
import { decodeCobs, encodeCobs } from './cobs';
import { DelimitedFramer } from './delimitedFramer';
import { parseDelimiterText } from './delimiterText';
import { FixedLengthFramer } from './fixedLengthFramer';
import { MAX_RECORD_BYTES } from './recordAssembler';
import { SilenceFramer } from './silenceFramer';
import { decodeSlip, encodeSlip, SLIP_END } from './slip';

export { MAX_RECORD_BYTES } from './recordAssembler';

export interface FrameOutput {
  /** Whole records, in order, without their delimiters or stuffing. Each buffer is the caller's to keep. */
  records: Buffer[];
  /** Pieces thrown away (oversized, bad COBS/SLIP), each with why in words: one entry is one bad record. */
  rejected: { reason: string; bytes: number }[];
}

export interface Framer {
  /** Feeds bytes as they arrive (`receivedAt` epoch ms; the silence framing needs it). */
  push(bytes: Buffer, receivedAt: number): FrameOutput;
  /** A timer tick for 'silence' framing: ends the pending record when `now` is past the gap. Others return nothing. */
  tick(now: number): FrameOutput;
  /** Bytes held for an unfinished record (a half record at unplug is dropped and counted by the caller). */
  pendingBytes(): number;
  /** Forgets a half record (on reopen). Returns how many bytes it dropped. */
  reset(): number;
  /**
   * One outgoing record (a command) framed for the wire, or why it cannot be
   * sent in this framing (a line break inside a line, the wrong length for a
   * fixed-length device) in words. Changed from `Buffer` so such a command is
   * refused and reported instead of reaching the device cut in two.
   */
  encode(record: Buffer): Result<Buffer>;
}

const MIB = 1024 * 1024;
const CAP_IN_WORDS = `${MAX_RECORD_BYTES / MIB} MiB`;
/** A COBS frame of a MAX_RECORD_BYTES record: one code byte per 254 data bytes, plus the first. */
const MAX_COBS_FRAME_BYTES = MAX_RECORD_BYTES + Math.ceil(MAX_RECORD_BYTES / 254) + 1;
/** A SLIP frame doubles at worst (every byte escaped). */
const MAX_SLIP_FRAME_BYTES = MAX_RECORD_BYTES * 2;

/** Why this framing cannot be used, in words; null when it can. The bus checks this when a bridge is saved. */
export function framingProblem(framing: Framing): string | null {
  switch (framing.kind) {
    case 'delimiter': {
      const parsed = parseDelimiterText(framing.delimiter);
      return parsed.ok ? null : parsed.error.message;
    }
    case 'fixedLength':
      return Number.isInteger(framing.length) && framing.length >= 1 && framing.length <= MAX_RECORD_BYTES
        ? null
        : `A fixed record length must be a whole number of bytes from 1 to ${MAX_RECORD_BYTES}.`;
    case 'silence':
      return Number.isFinite(framing.gapMs) && framing.gapMs > 0 ? null : 'The silence that ends a record must be more than 0 ms.';
    default:
      return null;
  }
}

/** A framer for `framing`. Throws only for a framing that framingProblem refuses; check that first. */
export function createFramer(framing: Framing): Framer {
  const problem = framingProblem(framing);
  if (problem !== null) throw new Error(problem);
  switch (framing.kind) {
    case 'lines':
      return linesFramer(framing.ending);
    case 'delimiter': {
      const delimiter = parseDelimiterText(framing.delimiter);
      if (!delimiter.ok) throw new Error(delimiter.error.message);
      const cut = new DelimitedFramer(delimiter.value, MAX_RECORD_BYTES, `a record longer than ${CAP_IN_WORDS} without the delimiter`);
      return streamFramer(cut, (record) => encodeDelimited(record, delimiter.value, 'the delimiter'));
    }
    case 'cobs': {
      const cut = new DelimitedFramer(Buffer.of(0), MAX_COBS_FRAME_BYTES, `a COBS frame longer than ${CAP_IN_WORDS} without its 0x00`, decodeCobs);
      return streamFramer(cut, (record) => checkedSize(record, () => ok(encodeCobs(record))));
    }
    case 'slip': {
      const cut = new DelimitedFramer(Buffer.of(SLIP_END), MAX_SLIP_FRAME_BYTES, `a SLIP frame longer than ${CAP_IN_WORDS} without its 0xC0`, decodeSlip);
      return streamFramer(cut, (record) => checkedSize(record, () => ok(encodeSlip(record))));
    }
    case 'fixedLength': {
      const length = framing.length;
      return streamFramer(new FixedLengthFramer(length), (record) =>
        record.length === length
          ? ok(Buffer.from(record))
          : fail('INVALID', `The command is ${record.length} bytes but this device takes records of exactly ${length} bytes.`),
      );
    }
    case 'silence': {
      const silence = new SilenceFramer(framing.gapMs, MAX_RECORD_BYTES, `a burst longer than ${CAP_IN_WORDS} without a pause`);
      return {
        push: (bytes, receivedAt) => silence.push(bytes, receivedAt),
        tick: (now) => silence.tick(now),
        pendingBytes: () => silence.pendingBytes(),
        reset: () => silence.reset(),
        encode: (record) => checkedSize(record, () => ok(Buffer.from(record))),
      };
    }
    default:
      return unhandledFraming(framing);
  }
}

interface StreamCutter {
  push(chunk: Buffer): FrameOutput;
  pendingBytes(): number;
  reset(): number;
}

function streamFramer(cutter: StreamCutter, encode: (record: Buffer) => Result<Buffer>): Framer {
  return {
    push: (bytes) => cutter.push(bytes),
    tick: () => ({ records: [], rejected: [] }),
    pendingBytes: () => cutter.pendingBytes(),
    reset: () => cutter.reset(),
    encode,
  };
}

const LINE_ENDINGS = { lf: Buffer.from('\n'), cr: Buffer.from('\r'), crlf: Buffer.from('\r\n') } as const;

function linesFramer(ending: 'lf' | 'cr' | 'crlf' | 'any'): Framer {
  const oversize = `a line longer than ${CAP_IN_WORDS} without its line ending`;
  // 'any' sends \n: the ending every line-reading firmware (Arduino readStringUntil('\n'), Python readline) accepts.
  const sent = ending === 'any' ? LINE_ENDINGS.lf : LINE_ENDINGS[ending];
  const cutter = ending === 'any' ? new AnyLineEndFramer(MAX_RECORD_BYTES, oversize) : new DelimitedFramer(LINE_ENDINGS[ending], MAX_RECORD_BYTES, oversize);
  return streamFramer(cutter, (record) => encodeLine(record, sent));
}

/**
 * A command as one line. A line ending the sender already put at the end is
 * replaced by the bridge's; one inside would reach the device as two
 * commands, so it is refused.
 */
function encodeLine(record: Buffer, ending: Buffer): Result<Buffer> {
  let end = record.length;
  while (end > 0 && (record[end - 1] === 0x0a || record[end - 1] === 0x0d)) end--;
  const body = record.subarray(0, end);
  if (body.indexOf(0x0a) >= 0 || body.indexOf(0x0d) >= 0) {
    return fail('INVALID', 'The command has a line break inside it, so the device would read it as two commands; send one line per command.');
  }
  return encodeDelimited(body, ending, 'a line ending');
}

function encodeDelimited(record: Buffer, delimiter: Buffer, delimiterInWords: string): Result<Buffer> {
  if (record.indexOf(delimiter) >= 0) {
    return fail('INVALID', `The command contains ${delimiterInWords}, so the device would read it as two records; remove it or choose COBS or SLIP framing.`);
  }
  return checkedSize(record, () => ok(Buffer.concat([record, delimiter])));
}

function checkedSize(record: Buffer, encode: () => Result<Buffer>): Result<Buffer> {
  if (record.length === 0) return fail('INVALID', 'The command is empty; there is nothing to send to the device.');
  if (record.length > MAX_RECORD_BYTES) return fail('INVALID', `The command is ${record.length} bytes, more than the ${CAP_IN_WORDS} a record may hold.`);
  return encode();
}

function unhandledFraming(framing: never): never {
  throw new Error(`no framer for framing ${(framing as { kind: string }).kind}`);
}
