/**
 * Turns a payload's bytes into a value the console can show: JSON,
 * MessagePack, UTF-8 text or opaque binary. Never throws; time and memory
 * stay proportional to the payload, which is itself capped. A payload that
 * claims an encoding but breaks it (truncated, too deep, hostile lengths)
 * comes back as an error value with a reason, so the UI can show hex and say
 * why.
 */
import { isUtf8 } from 'node:buffer';
import { Unpackr } from 'msgpackr';
import { findJsonStructureProblem } from './jsonPrescan';
import { findMsgpackProblem, type StructureLimits } from './msgpackPrescan';
import { findInvalidUtf8Offset } from './utf8Validation';

export type PayloadEncoding = 'auto' | 'json' | 'msgpack' | 'text' | 'binary';

export type DecodedPayload =
  /** `source`: the JSON text as it arrived (UTF-8 decoded). */
  | { kind: 'json'; value: unknown; source: string }
  /** With the `summarizeMsgpack` option, `value` is undefined and `summary` says what the feed shows. */
  | { kind: 'msgpack'; value: unknown; summary?: MsgpackSummary }
  | { kind: 'text'; text: string }
  /** Bytes that are no known encoding; show them as hex. */
  | { kind: 'binary' }
  /** The payload looked like (or was pinned to) an encoding but could not be decoded as it. */
  | { kind: 'error'; decoder: 'json' | 'msgpack' | 'text'; reason: string };

export interface DecodeOptions {
  /** 'auto' detects; anything else decodes only that way. */
  pinned?: PayloadEncoding;
  /** Larger payloads are not decoded (shown as bytes with the reason). */
  maxBytes?: number;
  /** Deepest nesting of arrays and maps accepted. */
  maxDepth?: number;
  /** Most array elements plus map entries accepted in one payload. */
  maxItems?: number;
  /**
   * Reads what the feed shows of a MessagePack value that passed the
   * structure check, instead of decoding it; null leaves it to msgpackr.
   */
  summarizeMsgpack?: (bytes: Uint8Array) => MsgpackSummary | null;
}

/** What the feed shows of a MessagePack value, read without building it (see decode/msgpackSummary.ts). */
export interface MsgpackSummary {
  preview: string;
  /** The top-level fields envelope recognition reads, decoded; null when the value is not a map. */
  envelopeFields: Record<string, unknown> | null;
}

/** Motivation: JSON.parse of 8 MiB takes roughly 50 ms here; more would stall the bus thread visibly. */
export const DEFAULT_MAX_DECODE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_DECODE_DEPTH = 64;
export const DEFAULT_MAX_DECODE_ITEMS = 100_000;
/** Callers may lower the depth cap, not lift it past what msgpackr's recursion and our walkers survive. */
const HIGHEST_ALLOWED_DEPTH = 1000;
/** How much of an oversized payload is looked at to tell text from binary. */
const OVERSIZE_SNIFF_BYTES = 4096;

const unpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: true,
  // Numbers like JSON.parse gives: exact up to 2^53, which covers epoch-ms timestamps sent as uint64.
  int64AsType: 'number',
});
const textDecoder = new TextDecoder('utf-8');

/** msgpackr with the settings above, for one value that has passed findMsgpackProblem. May throw. */
export function unpackMsgpack(bytes: Uint8Array): unknown {
  return unpackr.unpack(bytes) as unknown;
}

/** Decodes one payload. Never throws. */
export function decodePayload(bytes: Uint8Array, options: DecodeOptions = {}): DecodedPayload {
  const pinned = options.pinned ?? 'auto';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DECODE_BYTES;
  const limits: MsgpackReading = {
    maxDepth: Math.min(options.maxDepth ?? DEFAULT_MAX_DECODE_DEPTH, HIGHEST_ALLOWED_DEPTH),
    maxItems: options.maxItems ?? DEFAULT_MAX_DECODE_ITEMS,
    summarize: options.summarizeMsgpack,
  };
  try {
    if (bytes.length > maxBytes) return oversized(bytes, pinned, maxBytes);
    switch (pinned) {
      case 'json':
        return isUtf8(bytes) ? decodeJson(bytes, limits) : notUtf8('json', bytes);
      case 'msgpack':
        return decodeMsgpack(bytes, limits);
      case 'text':
        return isUtf8(bytes) ? { kind: 'text', text: textDecoder.decode(bytes) } : notUtf8('text', bytes);
      case 'binary':
        return { kind: 'binary' };
      default:
        return detectAndDecode(bytes, limits);
    }
  } catch (error) {
    // The prescans should leave nothing that throws; this is the last guard of the "never throws" promise.
    return { kind: 'error', decoder: pinned === 'json' || pinned === 'text' ? pinned : 'msgpack', reason: describeError('Decoding failed', error) };
  }
}

/** The structure caps, and how a MessagePack value is read. */
interface MsgpackReading extends StructureLimits {
  summarize: DecodeOptions['summarizeMsgpack'];
}

function detectAndDecode(bytes: Uint8Array, limits: MsgpackReading): DecodedPayload {
  // A continuation byte (0x80-0xBF: MessagePack's fixmap and fixarray) never starts UTF-8 text; no need to scan the rest.
  const isText = !(bytes[0]! >= 0x80 && bytes[0]! <= 0xbf) && isUtf8(bytes);
  const start = firstSignificantByte(bytes);
  if (isText && isJsonStart(bytes[start]) && !isWordNotJsonLiteral(bytes, start)) {
    const json = decodeJson(bytes, limits);
    // "true story" or "404 not found" are text that merely starts like JSON; "{"a":" cut short is broken JSON.
    if (json.kind === 'json' || looksLikeJsonContainer(bytes, start)) return json;
    return { kind: 'text', text: textDecoder.decode(bytes) };
  }
  const isContainerLead = isMsgpackContainerLead(bytes[0]);
  if (!isText || isContainerLead) {
    const msgpack = decodeMsgpack(bytes, limits);
    if (msgpack.kind === 'msgpack') return msgpack;
    if (isText) return { kind: 'text', text: textDecoder.decode(bytes) };
    return isContainerLead ? msgpack : { kind: 'binary' };
  }
  return { kind: 'text', text: textDecoder.decode(bytes) };
}

function decodeJson(bytes: Uint8Array, limits: StructureLimits): DecodedPayload {
  const problem = findJsonStructureProblem(bytes, limits);
  if (problem) return { kind: 'error', decoder: 'json', reason: problem };
  try {
    const source = textDecoder.decode(bytes);
    return { kind: 'json', value: JSON.parse(source) as unknown, source };
  } catch (error) {
    return { kind: 'error', decoder: 'json', reason: describeError('The payload is not valid JSON', error) };
  }
}

function decodeMsgpack(bytes: Uint8Array, limits: MsgpackReading): DecodedPayload {
  if (bytes.length === 0) return { kind: 'error', decoder: 'msgpack', reason: 'The payload is empty, so it holds no MessagePack value.' };
  const problem = findMsgpackProblem(bytes, limits);
  if (problem) return { kind: 'error', decoder: 'msgpack', reason: problem };
  try {
    const summary = limits.summarize?.(bytes);
    if (summary) return { kind: 'msgpack', value: undefined, summary };
    return { kind: 'msgpack', value: unpackr.unpack(bytes) as unknown };
  } catch (error) {
    return { kind: 'error', decoder: 'msgpack', reason: describeError('The MessagePack decoder stopped', error) };
  }
}

function oversized(bytes: Uint8Array, pinned: PayloadEncoding, maxBytes: number): DecodedPayload {
  const reason = `The payload is ${bytes.length} bytes, more than the ${maxBytes}-byte decode limit, so it is shown as bytes.`;
  if (pinned === 'binary') return { kind: 'binary' };
  if (pinned === 'json' || pinned === 'msgpack' || pinned === 'text') return { kind: 'error', decoder: pinned, reason };
  const sniff = bytes.subarray(0, OVERSIZE_SNIFF_BYTES);
  const isTextPrefix = findInvalidUtf8Offset(sniff, true) < 0;
  if (isTextPrefix && isJsonStart(sniff[firstSignificantByte(sniff)])) return { kind: 'error', decoder: 'json', reason };
  if (isMsgpackContainerLead(bytes[0])) return { kind: 'error', decoder: 'msgpack', reason };
  return isTextPrefix ? { kind: 'error', decoder: 'text', reason } : { kind: 'binary' };
}

function notUtf8(decoder: 'json' | 'text', bytes: Uint8Array): DecodedPayload {
  const offset = findInvalidUtf8Offset(bytes);
  return { kind: 'error', decoder, reason: `The payload is not UTF-8 text: byte ${offset} does not fit.` };
}

/** Index of the first byte after a UTF-8 byte order mark and JSON whitespace. */
function firstSignificantByte(bytes: Uint8Array): number {
  let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (index < bytes.length && isJsonWhitespace(bytes[index]!)) index++;
  return index;
}

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** { [ " digit t f n - */
function isJsonStart(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (
    byte === 0x7b || byte === 0x5b || byte === 0x22 || (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x74 || byte === 0x66 || byte === 0x6e || byte === 0x2d
  );
}

/**
 * Text that starts with t, f or n but is not JSON's true, false or null
 * (`task_request`, `normal`): text, known without JSON.parse throwing.
 * Motivation: a page of 100 orchestrator stream entries spent 51 % of its
 * decoding in that thrown JSON.parse (CPU profile, 6.3 ms a page).
 */
function isWordNotJsonLiteral(bytes: Uint8Array, start: number): boolean {
  const lead = bytes[start];
  const literal = lead === 0x74 ? TRUE_BYTES : lead === 0x66 ? FALSE_BYTES : lead === 0x6e ? NULL_BYTES : null;
  if (literal === null) return false;
  for (let offset = 0; offset < literal.length; offset++) if (bytes[start + offset] !== literal[offset]) return true;
  for (let index = start + literal.length; index < bytes.length; index++) if (!isJsonWhitespace(bytes[index]!)) return true;
  return false;
}

const TRUE_BYTES = Buffer.from('true');
const FALSE_BYTES = Buffer.from('false');
const NULL_BYTES = Buffer.from('null');

/** An object or array whose first inner token is one JSON allows there (so "[INFO] ..." stays text). */
function looksLikeJsonContainer(bytes: Uint8Array, start: number): boolean {
  const open = bytes[start];
  if (open !== 0x7b && open !== 0x5b) return false;
  let index = start + 1;
  while (index < bytes.length && isJsonWhitespace(bytes[index]!)) index++;
  if (index >= bytes.length) return true;
  const inner = bytes[index]!;
  return open === 0x7b ? inner === 0x22 || inner === 0x7d : inner === 0x5d || isJsonStart(inner);
}

/** fixmap, fixarray, array 16/32, map 16/32. */
function isMsgpackContainerLead(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x80 && byte <= 0x9f) || (byte >= 0xdc && byte <= 0xdf));
}

function describeError(prefix: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${prefix}: ${message.replace(/\.$/, '')}.`;
}
