/**
 * What the feed shows of a MessagePack payload, read straight from its
 * bytes without building the value: the compact JSON preview (the same text
 * compactJsonPreview writes for msgpackr's value) and the few fields the
 * envelope is recognised from. The bytes must already have passed
 * findMsgpackProblem, so every length here fits and nesting is capped.
 *
 * Where msgpackr's object and the wire disagree, the preview shows the wire:
 * a map that repeats a key shows every entry (msgpackr keeps the last), and
 * integer-like keys keep their order (a JavaScript object puts them first).
 * Map keys msgpackr refuses (arrays, maps, binary, extensions) are refused
 * by the structure check already; should one get here anyway, the result
 * is null and the caller decodes with msgpackr.
 *
 * Motivation: a 929-byte, 64-channel EEG frame cost msgpackr's unpack
 * 7.6 µs plus 3.7 µs for the preview of the value, on top of the
 * structure check; the bare subscriber of the ingest benchmark pays only
 * the unpack. Read from the bytes, the preview costs about 2 µs and stops
 * where it is full (tests/unit/msgpackSummary.test.ts holds it to
 * compactJsonPreview of msgpackr's value).
 */
import { unpackMsgpack, type MsgpackSummary } from './decodePayload';
import { ENVELOPE_KEYS, NESTED_ENVELOPE_KEYS, NESTING_ENVELOPE_KEYS } from './envelope';
import { readLength } from './msgpackPrescan';
import { CappedWriter, finishPreview, MAX_PREVIEW_DEPTH, quotedKey, writeBinary, writeValue as writeDecodedValue } from './compactPreview';

const utf8 = new TextDecoder('utf-8');
/** Big-endian floats read through one scratch view. */
const scratch = new DataView(new ArrayBuffer(8));
/** Short text is read byte by byte (most keys and names); longer through TextDecoder. */
const ASCII_KEY_MAX_BYTES = 24;

/**
 * False while everything written from the payload's text was printable
 * ASCII (JSON.stringify escapes the controls below 0x20 itself): then the
 * preview needs no visible-text pass. Reset for each payload.
 */
let hasWrittenNonAscii = false;

/** Thrown (and caught below) when a map has a key msgpackr would refuse. */
class UnsupportedKey extends Error {}

/** Returns null when msgpackr would refuse the value (see the module comment); the bytes must be valid. */
export function summarizeMsgpack(bytes: Uint8Array, maxPreviewChars: number): MsgpackSummary | null {
  try {
    const writer = new CappedWriter(maxPreviewChars + 1);
    hasWrittenNonAscii = false;
    writeValue(bytes, 0, writer, 0);
    return { preview: finishPreview(writer.text, maxPreviewChars, !hasWrittenNonAscii), envelopeFields: readEnvelopeFields(bytes) };
  } catch (error) {
    if (error instanceof UnsupportedKey) return null;
    throw error;
  }
}

/** What starts at an offset: a container's shape, how many elements or entries it has, and where they start. */
interface Header {
  /** SHAPE_SCALAR, SHAPE_ARRAY or SHAPE_MAP. */
  shape: number;
  count: number;
  /** Offset of the first child, or of the scalar's body. */
  body: number;
}

const SHAPE_SCALAR = 0;
const SHAPE_ARRAY = 1;
const SHAPE_MAP = 2;

function containerAt(bytes: Uint8Array, offset: number, header: Header): void {
  const lead = bytes[offset]!;
  header.shape = SHAPE_SCALAR;
  header.count = 0;
  header.body = offset + 1;
  if (lead >= 0x80 && lead <= 0x8f) {
    header.shape = SHAPE_MAP;
    header.count = lead & 0x0f;
  } else if (lead >= 0x90 && lead <= 0x9f) {
    header.shape = SHAPE_ARRAY;
    header.count = lead & 0x0f;
  } else if (lead === 0xdc || lead === 0xde) {
    header.shape = lead === 0xdc ? SHAPE_ARRAY : SHAPE_MAP;
    header.count = (bytes[offset + 1]! << 8) | bytes[offset + 2]!;
    header.body = offset + 3;
  } else if (lead === 0xdd || lead === 0xdf) {
    header.shape = lead === 0xdd ? SHAPE_ARRAY : SHAPE_MAP;
    header.count = uint32At(bytes, offset + 1);
    header.body = offset + 5;
  }
}

/**
 * Writes the value at `offset`; returns the offset after it, or -1 once the
 * writer is full (nothing after that is read: compactJsonPreview would
 * write nothing more either).
 */
function writeValue(bytes: Uint8Array, offset: number, writer: CappedWriter, depth: number): number {
  if (writer.isFull) return -1;
  const lead = bytes[offset]!;
  if (lead <= 0x7f) {
    writer.write(String(lead));
    return offset + 1;
  }
  if (lead >= 0xe0) {
    writer.write(String(lead - 0x100));
    return offset + 1;
  }
  if (lead >= 0xa0 && lead <= 0xbf) return writeString(bytes, offset + 1, lead & 0x1f, writer);
  if (lead <= 0x9f || (lead >= 0xdc && lead <= 0xdf)) return writeContainer(bytes, offset, writer, depth);
  switch (lead) {
    case 0xc0:
      writer.write('null');
      return offset + 1;
    case 0xc2:
      writer.write('false');
      return offset + 1;
    case 0xc3:
      writer.write('true');
      return offset + 1;
    case 0xd9:
      return writeString(bytes, offset + 2, bytes[offset + 1]!, writer);
    case 0xda:
      return writeString(bytes, offset + 3, (bytes[offset + 1]! << 8) | bytes[offset + 2]!, writer);
    case 0xdb:
      return writeString(bytes, offset + 5, uint32At(bytes, offset + 1), writer);
    case 0xc4:
    case 0xc5:
    case 0xc6: {
      const sizeBytes = lead === 0xc4 ? 1 : lead === 0xc5 ? 2 : 4;
      const length = readLength(bytes, offset + 1, sizeBytes);
      const start = offset + 1 + sizeBytes;
      writeBinary(bytes.subarray(start, start + length), writer);
      return start + length;
    }
    default: {
      // Numbers and the timestamp extension (the only extension findMsgpackProblem lets through).
      const end = scalarEnd(bytes, offset);
      const number = numberAt(bytes, offset);
      if (number !== undefined) writer.write(String(number));
      else writeDecoded(bytes.subarray(offset, end), writer, depth);
      return end;
    }
  }
}

function writeContainer(bytes: Uint8Array, offset: number, writer: CappedWriter, depth: number): number {
  if (depth >= MAX_PREVIEW_DEPTH) {
    // compactJsonPreview writes … for a container this deep and reads nothing more.
    writer.write('…');
    return writer.isFull ? -1 : skipValue(bytes, offset);
  }
  const header: Header = { shape: SHAPE_SCALAR, count: 0, body: 0 };
  containerAt(bytes, offset, header);
  let at = header.body;
  if (header.shape === SHAPE_ARRAY) {
    writer.write('[');
    for (let index = 0; index < header.count; index++) {
      if (writer.isFull) return -1;
      if (index > 0) writer.write(',');
      at = writeValue(bytes, at, writer, depth + 1);
      if (at < 0) return -1;
    }
    writer.write(']');
    return at;
  }
  writer.write('{');
  for (let index = 0; index < header.count; index++) {
    if (writer.isFull) return -1;
    if (index > 0) writer.write(',');
    const read = keyAt(bytes, at);
    writer.write(read.quoted);
    at = writeValue(bytes, read.end, writer, depth + 1);
    if (at < 0) return -1;
  }
  writer.write('}');
  return at;
}

function writeString(bytes: Uint8Array, start: number, length: number, writer: CappedWriter): number {
  const remaining = writer.remaining;
  // Each UTF-16 unit takes at most 3 bytes: this many bytes give more units than fit, and a cut character lands past the slice.
  const readBytes = Math.min(length, remaining * 3 + 4);
  let text = textAt(bytes, start, start + readBytes);
  if (text.length > remaining) text = text.slice(0, remaining);
  writer.write(JSON.stringify(text));
  return start + length;
}

function writeDecoded(valueBytes: Uint8Array, writer: CappedWriter, depth: number): void {
  hasWrittenNonAscii = true;
  writeDecodedValue(unpackMsgpack(valueBytes), writer, depth);
}

/** The key keyAt read last (one object, refilled: a map of 64 channels reads 64 keys). */
const key = { text: '', quoted: '', end: 0 };

/** A map key as msgpackr's object gets it (strings as they are, numbers, booleans and nil as text, `__proto__` renamed), into `key`. */
function keyAt(bytes: Uint8Array, offset: number): typeof key {
  const lead = bytes[offset]!;
  let start = offset + 1;
  let end: number;
  if (lead >= 0xa0 && lead <= 0xbf) end = start + (lead & 0x1f);
  else if (lead === 0xd9 || lead === 0xda || lead === 0xdb) {
    const sizeBytes = lead === 0xd9 ? 1 : lead === 0xda ? 2 : 4;
    start = offset + 1 + sizeBytes;
    end = start + readLength(bytes, offset + 1, sizeBytes);
  } else {
    let text: string;
    if (lead === 0xc0 || lead === 0xc2 || lead === 0xc3) {
      end = offset + 1;
      text = lead === 0xc0 ? 'null' : lead === 0xc2 ? 'false' : 'true';
    } else {
      const number = numberAt(bytes, offset);
      if (number === undefined) throw new UnsupportedKey();
      end = scalarEnd(bytes, offset);
      text = String(number);
    }
    return fillKey(text, quotedKey(text), end);
  }
  const known = knownKeyAt(bytes, start, end);
  if (known) return fillKey(known.text, known.quoted, end);
  const text = textAt(bytes, start, end);
  const name = text === '__proto__' ? '__proto_' : text;
  return fillKey(name, quotedKey(name), end);
}

function fillKey(text: string, quoted: string, end: number): typeof key {
  key.text = text;
  key.quoted = quoted;
  key.end = end;
  return key;
}

interface KnownKey {
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly quoted: string;
}

/** Keys of printable ASCII up to this length are remembered by their bytes. */
const MAX_KNOWN_KEY_BYTES = 32;
const MAX_KNOWN_KEYS = 1024;
/**
 * Keys seen before, by a hash of their bytes (checked byte for byte): most
 * keys are field names that repeat in every message.
 * Motivation: with a new string per key, the summary of a 64-channel EEG
 * frame took 2.1-2.5 µs; with this cache 1.7-2.2 µs (same process, the two
 * alternating), and fewer strings for the collector.
 */
const knownKeys = new Map<number, KnownKey>();

function isKnownAt(known: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let index = 0; index < known.length; index++) if (known[index] !== bytes[start + index]) return false;
  return true;
}

function knownKeyAt(bytes: Uint8Array, start: number, end: number): KnownKey | null {
  if (end - start > MAX_KNOWN_KEY_BYTES) return null;
  let hash = end - start;
  for (let index = start; index < end; index++) {
    const byte = bytes[index]!;
    if (byte < 0x20 || byte >= 0x7f) return null;
    hash = (Math.imul(hash, 31) + byte) | 0;
  }
  const known = knownKeys.get(hash);
  if (known && isKnownAt(known.bytes, bytes, start, end)) return known;
  let text = '';
  for (let index = start; index < end; index++) text += String.fromCharCode(bytes[index]!);
  const name = text === '__proto__' ? '__proto_' : text;
  const entry: KnownKey = { bytes: bytes.slice(start, end), text: name, quoted: quotedKey(name) };
  if (knownKeys.size >= MAX_KNOWN_KEYS) knownKeys.clear();
  knownKeys.set(hash, entry);
  return entry;
}

/** The number at `offset`, or undefined when the value there is not one. */
function numberAt(bytes: Uint8Array, offset: number): number | undefined {
  const lead = bytes[offset]!;
  if (lead <= 0x7f) return lead;
  if (lead >= 0xe0) return lead - 0x100;
  const at = offset + 1;
  switch (lead) {
    case 0xca:
      for (let index = 0; index < 4; index++) scratch.setUint8(index, bytes[at + index]!);
      return scratch.getFloat32(0);
    case 0xcb:
      for (let index = 0; index < 8; index++) scratch.setUint8(index, bytes[at + index]!);
      return scratch.getFloat64(0);
    case 0xcc:
      return bytes[at]!;
    case 0xcd:
      return (bytes[at]! << 8) | bytes[at + 1]!;
    case 0xce:
      return uint32At(bytes, at);
    case 0xcf:
      return uint32At(bytes, at) * 0x100000000 + uint32At(bytes, at + 4);
    case 0xd0:
      return (bytes[at]! << 24) >> 24;
    case 0xd1:
      return (((bytes[at]! << 8) | bytes[at + 1]!) << 16) >> 16;
    case 0xd2:
      return uint32At(bytes, at) | 0;
    case 0xd3:
      return (uint32At(bytes, at) | 0) * 0x100000000 + uint32At(bytes, at + 4);
    default:
      return undefined;
  }
}

/** The end of a scalar (number, fixext or ext) at `offset`. */
function scalarEnd(bytes: Uint8Array, offset: number): number {
  const lead = bytes[offset]!;
  if (lead <= 0x7f || lead >= 0xe0 || lead === 0xc0 || lead === 0xc2 || lead === 0xc3) return offset + 1;
  switch (lead) {
    case 0xcc:
    case 0xd0:
      return offset + 2;
    case 0xcd:
    case 0xd1:
      return offset + 3;
    case 0xca:
    case 0xce:
    case 0xd2:
      return offset + 5;
    case 0xcb:
    case 0xcf:
    case 0xd3:
      return offset + 9;
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
      return offset + 2 + (1 << (lead - 0xd4));
    case 0xc7:
    case 0xc8:
    case 0xc9: {
      const sizeBytes = lead === 0xc7 ? 1 : lead === 0xc8 ? 2 : 4;
      return offset + 2 + sizeBytes + readLength(bytes, offset + 1, sizeBytes);
    }
    default:
      throw new Error(`No scalar starts at byte ${offset}.`);
  }
}

/** The offset after the value at `offset`, without reading it (the bytes are known to be valid). */
function skipValue(bytes: Uint8Array, offset: number): number {
  let pending = 1;
  let at = offset;
  while (pending > 0) {
    pending--;
    const lead = bytes[at]!;
    if (lead <= 0x7f || lead >= 0xe0) at++;
    else if (lead >= 0xa0 && lead <= 0xbf) at += 1 + (lead & 0x1f);
    else if (lead <= 0x8f) {
      pending += (lead & 0x0f) * 2;
      at++;
    } else if (lead <= 0x9f) {
      pending += lead & 0x0f;
      at++;
    } else if (lead >= 0xdc && lead <= 0xdf) {
      const sizeBytes = lead === 0xdc || lead === 0xde ? 2 : 4;
      const count = readLength(bytes, at + 1, sizeBytes);
      pending += lead >= 0xde ? count * 2 : count;
      at += 1 + sizeBytes;
    } else if (lead >= 0xc4 && lead <= 0xc6) {
      const sizeBytes = lead === 0xc4 ? 1 : lead === 0xc5 ? 2 : 4;
      at += 1 + sizeBytes + readLength(bytes, at + 1, sizeBytes);
    } else if (lead >= 0xd9 && lead <= 0xdb) {
      const sizeBytes = lead === 0xd9 ? 1 : lead === 0xda ? 2 : 4;
      at += 1 + sizeBytes + readLength(bytes, at + 1, sizeBytes);
    } else at = scalarEnd(bytes, at);
  }
  return at;
}

/** The envelope fields of a top-level map, in wire order (a repeated key: the last wins, as in msgpackr's object). */
function readEnvelopeFields(bytes: Uint8Array): Record<string, unknown> | null {
  const header: Header = { shape: SHAPE_SCALAR, count: 0, body: 0 };
  containerAt(bytes, 0, header);
  if (header.shape !== SHAPE_MAP) return null;
  return readFields(bytes, header, ENVELOPE_KEYS, true);
}

function readFields(bytes: Uint8Array, header: Header, wanted: ReadonlySet<string>, isTop: boolean): Record<string, unknown> {
  // Only the wanted keys are set (never __proto__), so a plain object is safe and much faster than a null-prototype one.
  const fields: Record<string, unknown> = {};
  let at = header.body;
  for (let index = 0; index < header.count; index++) {
    // Copied out: keyAt refills one object, and the nested read below calls it again.
    const { text: name, end: keyEnd } = keyAt(bytes, at);
    at = keyEnd;
    if (!wanted.has(name)) {
      // The last entry is not walked past: an EEG frame ends with its 64 channels.
      if (index < header.count - 1) at = skipValue(bytes, at);
      continue;
    }
    const end = skipValue(bytes, at);
    const inner: Header = { shape: SHAPE_SCALAR, count: 0, body: 0 };
    containerAt(bytes, at, inner);
    if (inner.shape === SHAPE_MAP && isTop && NESTING_ENVELOPE_KEYS.has(name)) fields[name] = readFields(bytes, inner, NESTED_ENVELOPE_KEYS, false);
    else if (inner.shape !== SHAPE_SCALAR) fields[name] = []; // present, and not a map: recognizeEnvelopeAt reads nothing inside
    else fields[name] = scalarValue(bytes, at, end);
    at = end;
  }
  return fields;
}

function scalarValue(bytes: Uint8Array, offset: number, end: number): unknown {
  const lead = bytes[offset]!;
  if (lead >= 0xa0 && lead <= 0xbf) return textAt(bytes, offset + 1, end);
  if (lead >= 0xd9 && lead <= 0xdb) return textAt(bytes, offset + 1 + (lead === 0xd9 ? 1 : lead === 0xda ? 2 : 4), end);
  if (lead === 0xc0) return null;
  if (lead === 0xc2 || lead === 0xc3) return lead === 0xc3;
  const number = numberAt(bytes, offset);
  return number !== undefined ? number : unpackMsgpack(bytes.subarray(offset, end));
}

/** UTF-8 text of bytes[start, end); short ASCII (most keys) without TextDecoder. Notes text beyond printable ASCII in hasWrittenNonAscii. */
function textAt(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= ASCII_KEY_MAX_BYTES) {
    let text = '';
    for (let index = start; index < end; index++) {
      const byte = bytes[index]!;
      if (byte >= 0x7f) {
        hasWrittenNonAscii = true;
        return utf8.decode(bytes.subarray(start, end));
      }
      text += String.fromCharCode(byte);
    }
    return text;
  }
  for (let index = start; index < end && !hasWrittenNonAscii; index++) if (bytes[index]! >= 0x7f) hasWrittenNonAscii = true;
  return utf8.decode(bytes.subarray(start, end));
}

function uint32At(bytes: Uint8Array, offset: number): number {
  return readLength(bytes, offset, 4);
}
