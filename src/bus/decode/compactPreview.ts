/**
 * One-line compact JSON of a decoded value, for the feed preview. It stops
 * writing once the preview is full, so a 100,000-element array costs no
 * more than a short one. MessagePack values that JSON lacks are written
 * the way the detail tree shows them: bytes as {"$binary":"hex"}, big
 * integers and dates as strings, Maps as objects.
 */
import { toVisibleTextWithin } from '../../shared/displayText';
import { toHex } from './hexPreview';

const ELLIPSIS = '…';
/** Deeper than this the preview writes … (the decoder itself stops at 64). */
export const MAX_PREVIEW_DEPTH = 32;

/**
 * Appends to one string (V8 joins the pieces lazily) and ignores writes once
 * full.
 *
 * Motivation: against collecting the pieces in an array and joining them,
 * and always scanning the result for invisible characters (the regex test
 * in compactJsonPreview), the preview of a 64-channel EEG frame went from
 * 12 µs to 5.8 µs and of a 200-byte JSON message from 4.4 µs to 1.8 µs
 * (CPU time, best of 7 × 100,000, with the key cache below).
 */
export class CappedWriter {
  text = '';

  constructor(private readonly maxChars: number) {}

  get isFull(): boolean {
    return this.text.length >= this.maxChars;
  }

  get remaining(): number {
    return Math.max(0, this.maxChars - this.text.length);
  }

  write(text: string): void {
    if (this.text.length < this.maxChars) this.text += text;
  }
}

/**
 * Anything the visible-text rules would escape (and surrogates, which they
 * check in pairs): text without these is shown as it is, without the
 * character-by-character pass of toVisibleTextWithin.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_ESCAPING = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]/;

export function hasCharactersToEscape(text: string): boolean {
  return NEEDS_ESCAPING.test(text);
}

/** Keys longer than this are quoted each time; most keys are field names that repeat in every message. */
const MAX_CACHED_KEY_CHARS = 64;
const MAX_CACHED_KEYS = 1024;
/**
 * Object keys as written (quoted, escaped, with the colon), by key.
 *
 * Motivation: JSON.stringify of a key cost about 170 ns, a third of the
 * preview of an EEG frame (keys Ch0 to Ch63); a lookup here costs a tenth.
 */
const quotedKeys = new Map<string, string>();

export function quotedKey(key: string): string {
  const cached = quotedKeys.get(key);
  if (cached !== undefined) return cached;
  const quoted = `${JSON.stringify(key)}:`;
  if (key.length <= MAX_CACHED_KEY_CHARS) {
    if (quotedKeys.size >= MAX_CACHED_KEYS) quotedKeys.clear();
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Compact JSON of `value`, invisible characters escaped, at most `maxChars` long (ending in … when cut). */
export function compactJsonPreview(value: unknown, maxChars: number): string {
  const writer = new CappedWriter(maxChars + 1);
  writeValue(value, writer, 0);
  return finishPreview(writer.text, maxChars);
}

/**
 * What a writer made with `new CappedWriter(maxChars + 1)` wrote, as the
 * preview: invisible characters escaped, cut to `maxChars` with …
 * `isPrintableAscii`: the writer knows it wrote nothing else (skips the check).
 */
export function finishPreview(text: string, maxChars: number, isPrintableAscii = false): string {
  // Without characters to escape, cutting is slicing (no surrogate pair either: those count as characters to escape).
  if (isPrintableAscii || !NEEDS_ESCAPING.test(text)) return text.length <= maxChars ? text : text.slice(0, maxChars - 1) + ELLIPSIS;
  const visible = toVisibleTextWithin(text, maxChars);
  if (!visible.isTruncated) return visible.text;
  return toVisibleTextWithin(text, maxChars - 1).text + ELLIPSIS;
}

export function writeValue(value: unknown, writer: CappedWriter, depth: number): void {
  if (writer.isFull) return;
  switch (typeof value) {
    case 'string':
      // Only what fits is quoted: a 5 MB string costs as much as the preview.
      writer.write(JSON.stringify(value.length > writer.remaining ? value.slice(0, writer.remaining) : value));
      return;
    case 'number':
      // NaN and ±Infinity (MessagePack floats carry them) are shown as such rather than as JSON's null.
      writer.write(String(value));
      return;
    case 'bigint':
      writer.write(`"${value.toString()}"`);
      return;
    case 'boolean':
      writer.write(value ? 'true' : 'false');
      return;
    case 'undefined':
      writer.write('null');
      return;
    case 'object':
      break;
    default:
      writer.write(JSON.stringify(String(value)));
      return;
  }
  if (value === null) {
    writer.write('null');
    return;
  }
  if (depth >= MAX_PREVIEW_DEPTH) {
    writer.write(ELLIPSIS);
    return;
  }
  if (value instanceof Uint8Array) {
    writeBinary(value, writer);
    return;
  }
  if (value instanceof Date) {
    writer.write(Number.isNaN(value.getTime()) ? '"Invalid Date"' : JSON.stringify(value.toISOString()));
    return;
  }
  if (Array.isArray(value)) {
    writer.write('[');
    for (let index = 0; index < value.length && !writer.isFull; index++) {
      if (index > 0) writer.write(',');
      writeValue(value[index], writer, depth + 1);
    }
    writer.write(']');
    return;
  }
  if (value instanceof Map) {
    writer.write('{');
    let isFirst = true;
    for (const [key, entry] of value) {
      if (writer.isFull) break;
      if (!isFirst) writer.write(',');
      isFirst = false;
      writer.write(`${JSON.stringify(String(key))}:`);
      writeValue(entry, writer, depth + 1);
    }
    writer.write('}');
    return;
  }
  writer.write('{');
  let isFirst = true;
  for (const key in value) {
    if (writer.isFull) break;
    if (!Object.hasOwn(value, key)) continue;
    if (!isFirst) writer.write(',');
    isFirst = false;
    writer.write(quotedKey(key));
    writeValue((value as Record<string, unknown>)[key], writer, depth + 1);
  }
  writer.write('}');
}

/** Bytes as {"$binary":"hex"}, as many as fit. */
export function writeBinary(bytes: Uint8Array, writer: CappedWriter): void {
  writer.write(`{"$binary":"${toHex(bytes, Math.ceil(writer.remaining / 3)).replace(/ /g, '')}"}`);
}
