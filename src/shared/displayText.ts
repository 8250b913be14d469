/**
 * Makes text from the wire safe to show: invisible characters become visible
 * escapes, so a preview cannot hide content (a NUL, an escape sequence) or
 * reorder what the operator reads (bidirectional overrides, the "Trojan
 * Source" trick), and bytes that are not UTF-8 show as `\xFF` instead of
 * vanishing into U+FFFD. Pure: the bus and the renderer share these rules.
 */
import type { DisplayText } from './liveChannels';

const NAMED_ESCAPES: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

/** Bidirectional embeddings, overrides and isolates, and the implicit direction marks. */
export function isBidiControl(code: number): boolean {
  return (
    (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x200e || code === 0x200f || code === 0x061c
  );
}

/** C0 and C1 controls, DEL, bidi controls, and zero-width characters that hide text. */
function isInvisible(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    isBidiControl(code) ||
    code === 0x200b ||
    code === 0x2060 ||
    code === 0xfeff
  );
}

function escapeCode(code: number): string {
  const named = NAMED_ESCAPES[code];
  if (named) return named;
  const hex = code.toString(16).toUpperCase();
  return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

function escapeByte(byte: number): string {
  return `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

export interface VisibleTextOptions {
  /** Keep line feeds and tabs as they are (multi-line views); escape them otherwise. */
  shouldKeepLineBreaks?: boolean;
}

/**
 * The text with every invisible character written as a visible escape
 * (`\n`, `\x1B`, `\u202E`); lone UTF-16 surrogates are escaped too.
 */
export function toVisibleText(text: string, options: VisibleTextOptions = {}): string {
  return toVisibleTextWithin(text, Number.POSITIVE_INFINITY, options).text;
}

/**
 * Like toVisibleText, but stops at `maxChars` characters of output without
 * cutting an escape or a surrogate pair in half.
 */
export function toVisibleTextWithin(
  text: string,
  maxChars: number,
  options: VisibleTextOptions = {},
): { text: string; isTruncated: boolean } {
  const shouldKeepLineBreaks = options.shouldKeepLineBreaks === true;
  let result = '';
  let copiedUpTo = 0;
  let outputLength = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    let isHidden = isInvisible(code) && !(shouldKeepLineBreaks && (code === 0x0a || code === 0x09));
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) width = 2;
      else isHidden = true;
    } else if (code >= 0xdc00 && code <= 0xdfff) isHidden = true;
    const piece = isHidden ? escapeCode(code) : undefined;
    const pieceLength = piece?.length ?? width;
    if (outputLength + pieceLength > maxChars) {
      return { text: result + text.slice(copiedUpTo, index), isTruncated: true };
    }
    outputLength += pieceLength;
    if (piece !== undefined) {
      result += text.slice(copiedUpTo, index) + piece;
      copiedUpTo = index + 1;
    }
    index += width - 1;
  }
  return { text: copiedUpTo === 0 ? text : result + text.slice(copiedUpTo), isTruncated: false };
}

/** True when the text holds any bidirectional control (worth a warning beside the preview). */
export function hasBidiControls(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (isBidiControl(text.charCodeAt(index))) return true;
  }
  return false;
}

/** Byte length of a string's UTF-8 encoding (lone surrogates count as the 3 bytes of U+FFFD). */
export function utf8ByteLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      length += 4;
      index++;
    } else length += 3;
  }
  return length;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A string (a channel name typed by the user) as DisplayText, cut at `maxChars`. */
export function displayTextOfString(text: string, maxChars: number): DisplayText {
  const visible = toVisibleTextWithin(text, maxChars);
  return { text: visible.text, byteLength: utf8ByteLength(text), isTruncated: visible.isTruncated };
}

/**
 * Bytes that may or may not be UTF-8 (channel names, text previews) as
 * DisplayText: valid characters as themselves, invisible ones escaped, each
 * byte that does not fit UTF-8 as `\xHH`, cut at `maxChars`. Only the bytes
 * needed for `maxChars` are looked at, so a 1 MB name costs no more than a
 * short one.
 */
export function displayTextOfBytes(bytes: Uint8Array, maxChars: number): DisplayText {
  // Each character shown consumes at most 4 bytes, so this many bytes always fill the display.
  const end = Math.min(bytes.length, maxChars * 4 + 4);
  let text = '';
  let index = 0;
  let isTruncated = false;
  while (index < end) {
    const { code, length } = readCodePoint(bytes, index, end);
    let piece: string;
    if (code < 0) piece = escapeByte(bytes[index]!);
    else if (isInvisible(code)) piece = escapeCode(code);
    else piece = String.fromCodePoint(code);
    if (text.length + piece.length > maxChars) {
      isTruncated = true;
      break;
    }
    text += piece;
    index += length;
  }
  if (index < bytes.length) isTruncated = true;
  return { text, byteLength: bytes.length, isTruncated };
}

/** The code point starting at `index`, or code -1 (length 1) when the byte there starts no valid UTF-8 sequence. */
function readCodePoint(bytes: Uint8Array, index: number, end: number): { code: number; length: number } {
  const lead = bytes[index]!;
  if (lead < 0x80) return { code: lead, length: 1 };
  let length: number;
  let code: number;
  let secondLow = 0x80;
  let secondHigh = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    code = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    code = lead & 0x0f;
    if (lead === 0xe0) secondLow = 0xa0;
    if (lead === 0xed) secondHigh = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    code = lead & 0x07;
    if (lead === 0xf0) secondLow = 0x90;
    if (lead === 0xf4) secondHigh = 0x8f;
  } else return { code: -1, length: 1 };
  if (index + length > end) return { code: -1, length: 1 };
  for (let step = 1; step < length; step++) {
    const byte = bytes[index + step]!;
    const low = step === 1 ? secondLow : 0x80;
    const high = step === 1 ? secondHigh : 0xbf;
    if (byte < low || byte > high) return { code: -1, length: 1 };
    code = (code << 6) | (byte & 0x3f);
  }
  return { code, length };
}
