/**
 * Redis' glob (PSUBSCRIBE, PUBSUB CHANNELS) over bytes, as the server's
 * `stringmatchlen` reads it: `*` any run, `?` one byte, `[abc]`, `[^a]`,
 * `[a-z]` (either order), and `\x` the byte x. An unclosed `[` takes the
 * rest of the pattern as its set, as the server does.
 * Used to know which of Labwire's own pattern subscriptions a PUBLISH reached.
 */
const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const BACKSLASH = 0x5c;

export function matchesRedisGlob(pattern: Uint8Array, subject: Uint8Array): boolean {
  return matchFrom(pattern, 0, subject, 0);
}

function matchFrom(pattern: Uint8Array, patternAt: number, subject: Uint8Array, subjectAt: number): boolean {
  let p = patternAt;
  let s = subjectAt;
  while (p < pattern.length) {
    const byte = pattern[p]!;
    if (byte === STAR) {
      while (p + 1 < pattern.length && pattern[p + 1] === STAR) p++;
      if (p + 1 === pattern.length) return true;
      for (let from = s; from <= subject.length; from++) if (matchFrom(pattern, p + 1, subject, from)) return true;
      return false;
    }
    if (s >= subject.length) return false;
    if (byte === QUESTION) {
      p++;
      s++;
      continue;
    }
    if (byte === OPEN) {
      const set = matchSet(pattern, p + 1, subject[s]!);
      if (!set.isMatch) return false;
      p = set.end;
      s++;
      continue;
    }
    const literal = byte === BACKSLASH && p + 1 < pattern.length ? pattern[++p]! : byte;
    if (literal !== subject[s]) return false;
    p++;
    s++;
  }
  return s === subject.length;
}

/** Reads the set after `[` at `start`; `end` is the index after its `]` (or the pattern's end). */
function matchSet(pattern: Uint8Array, start: number, byte: number): { isMatch: boolean; end: number } {
  let p = start;
  const isNegated = pattern[p] === CARET;
  if (isNegated) p++;
  let isMatch = false;
  while (p < pattern.length && pattern[p] !== CLOSE) {
    if (pattern[p] === BACKSLASH && p + 1 < pattern.length) {
      p++;
      if (pattern[p] === byte) isMatch = true;
    } else if (p + 2 < pattern.length && pattern[p + 1] === DASH && pattern[p + 2] !== CLOSE) {
      const low = Math.min(pattern[p]!, pattern[p + 2]!);
      const high = Math.max(pattern[p]!, pattern[p + 2]!);
      if (byte >= low && byte <= high) isMatch = true;
      p += 2;
    } else if (pattern[p] === byte) isMatch = true;
    p++;
  }
  return { isMatch: isNegated ? !isMatch : isMatch, end: Math.min(p + 1, pattern.length) };
}
