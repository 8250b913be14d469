/**
 * Checks JSON nesting and item counts before JSON.parse. V8 parses deep
 * nesting without trouble, but the value it returns would then break every
 * recursive walker after it (field extraction, structured clone, rendering).
 * Scans bytes: UTF-8 multi-byte sequences never contain ASCII bytes, so
 * brackets and quotes are found without decoding.
 */
import type { StructureLimits } from './msgpackPrescan';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Returns why the JSON text is too deep or too large to decode, or null when it is within the limits.
 *
 * Most payloads are settled without the scan: items are counted at distinct
 * bytes, so a payload of at most maxItems bytes cannot hold more, and one
 * with at most maxDepth opening brackets cannot nest deeper. Counting the
 * brackets is a native byte search.
 * Motivation: 0.09-0.14 µs instead of 0.36-0.47 µs for a 231-byte telemetry message.
 */
export function findJsonStructureProblem(bytes: Uint8Array, limits: StructureLimits): string | null {
  if (bytes.length <= limits.maxItems && countAtMost(bytes, OPEN_BRACE, OPEN_BRACKET, limits.maxDepth + 1) <= limits.maxDepth) return null;
  let depth = 0;
  let items = 0;
  let isInString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (isInString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) isInString = false;
      continue;
    }
    if (byte === QUOTE) isInString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
      items++;
      if (depth > limits.maxDepth) return `The JSON nests deeper than ${limits.maxDepth} levels, the decode limit.`;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
    else if (byte === COMMA) items++;
    else continue;
    if (items > limits.maxItems) return `The JSON holds more than ${limits.maxItems} items, the decode limit.`;
  }
  return null;
}

/** Occurrences of `first` and `second` in `bytes`, counting stops at `limit`. */
function countAtMost(bytes: Uint8Array, first: number, second: number, limit: number): number {
  let count = 0;
  for (let at = bytes.indexOf(first); at >= 0 && count < limit; at = bytes.indexOf(first, at + 1)) count++;
  for (let at = bytes.indexOf(second); at >= 0 && count < limit; at = bytes.indexOf(second, at + 1)) count++;
  return count;
}
