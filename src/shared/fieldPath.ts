/**
 * Field paths: how a person names one place inside a decoded JSON or
 * MessagePack message (`data.telemetry.co2`, `data.channels[3]`,
 * `data["sensor.temp"]`, `channels.*`). One syntax and one set of error
 * sentences for the plots' series, the charts' match filter, the lanes'
 * feed filter and the renderer that checks what is typed.
 *
 * Syntax (docs/ARCHITECTURE.md, "Field paths"):
 * - Keys are joined by dots. A bare key is any run of characters except
 *   `.` `[` `]` quotes, spaces and `= ! < >` (the feed filter's operators).
 * - Any other key goes in brackets and quotes, `["sensor temp"]` or
 *   `['sensor temp']`, with JSON's backslash escapes (`\"`, `\\`, `\n`, `\u00e9`), and `\'`.
 * - `[3]` is position 3 of a list (from 0, no sign, no leading zeros).
 *   Positions and numeric keys are interchangeable: `.3` reaches element 3
 *   of a list and `[3]` reaches key "3" of an object, as publishers send both.
 * - `*` (or `[*]`) stands for every key or element; only the plots accept it.
 *
 * Resolution reads own properties only, so `__proto__` or `constructor`
 * reach a key the message really holds, never an object's prototype.
 */
import { fail, ok, type Result } from './result';

/** One step of a path that names exactly one field. */
export type FieldPathStep = { kind: 'key'; key: string } | { kind: 'index'; index: number };
export type FieldPathSegment = FieldPathStep | { kind: 'wildcard' };

/** The plots' request check caps a path at 1,000 characters; the parser agrees. */
export const MAX_FIELD_PATH_CHARS = 1000;
export const MAX_FIELD_PATH_SEGMENTS = 64;
/** The largest position a JavaScript array can hold. */
export const MAX_ARRAY_POSITION = 2 ** 32 - 2;

const CANONICAL_POSITION = /^(0|[1-9][0-9]*)$/;
/** Characters that end a bare key. */
const BARE_KEY_STOP = /[\s.[\]"'=!<>]/;
const SHOWN_PATH_CHARS = 80;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Reads a path. Errors are INVALID results on field `path`, one plain sentence each. */
export function parseFieldPath(text: string): Result<FieldPathSegment[]> {
  if (text.length === 0) return broken(text, 'is empty; enter a path such as data.telemetry.co2');
  if (text.length > MAX_FIELD_PATH_CHARS) return broken(text, `is longer than ${MAX_FIELD_PATH_CHARS.toLocaleString('en-US')} characters`);
  const segments: FieldPathSegment[] = [];
  let index = 0;
  while (index < text.length) {
    if (segments.length === MAX_FIELD_PATH_SEGMENTS) return broken(text, `has more than ${MAX_FIELD_PATH_SEGMENTS} parts`);
    if (text[index] === '[') {
      const bracket = readBracket(text, index);
      if (!bracket.ok) return bracket;
      segments.push(bracket.value.segment);
      index = bracket.value.end;
      continue;
    }
    if (segments.length === 0 && text[index] === '.') return broken(text, 'starts with a dot');
    if (segments.length > 0) {
      if (text[index] !== '.') return unexpected(text, index);
      index++;
      if (index === text.length) return broken(text, 'ends with a dot');
      if (text[index] === '.') return broken(text, `has two dots in a row at character ${index + 1}`);
      if (text[index] === '[') return broken(text, `has a dot before [ at character ${index}; write it without: ${text.slice(0, index - 1)}${text.slice(index)}`);
    }
    let end = index;
    while (end < text.length && !BARE_KEY_STOP.test(text[end]!)) end++;
    if (end === index) return unexpected(text, index);
    const key = text.slice(index, end);
    segments.push(key === '*' ? { kind: 'wildcard' } : { kind: 'key', key });
    index = end;
  }
  return ok(segments);
}

/** Reads a path that must name one field (a filter compares one value): a wildcard is refused. */
export function parseSingleFieldPath(text: string): Result<FieldPathStep[]> {
  const parsed = parseFieldPath(text);
  if (!parsed.ok) return parsed;
  const steps: FieldPathStep[] = [];
  for (const segment of parsed.value) {
    if (segment.kind === 'wildcard') return broken(text, 'has a *, which stands for many fields; name one field here, such as data.device_id');
    steps.push(segment);
  }
  return ok(steps);
}

/** The path back as text; parsing the text gives the same segments. */
export function formatFieldPath(segments: readonly FieldPathSegment[]): string {
  let text = '';
  for (const segment of segments) text += formatFieldPathSegment(segment, text === '');
  return text;
}

/** One segment as it is written after others (`.key`, `[3]`, `["a b"]`, `.*`), or first in a path. */
export function formatFieldPathSegment(segment: FieldPathSegment, isFirst: boolean): string {
  switch (segment.kind) {
    case 'index':
      return `[${segment.index}]`;
    case 'wildcard':
      return isFirst ? '*' : '.*';
    case 'key': {
      const { key } = segment;
      const isBare = key !== '' && key !== '*' && !BARE_KEY_STOP.test(key) && !hasControlCharacter(key);
      if (!isBare) return `[${JSON.stringify(key)}]`;
      return isFirst ? key : `.${key}`;
    }
  }
}

/** `prefix` followed by a key, for code that builds paths while walking a value. */
export function appendFieldPathKey(prefix: string, key: string): string {
  return prefix + formatFieldPathSegment({ kind: 'key', key }, prefix === '');
}

/** The list position a key also names (`"3"` -> 3), or -1. */
export function positionOfKey(key: string): number {
  const first = key.charCodeAt(0);
  // Most keys are words: skip the pattern for them, as the feed filter runs per message.
  if (!(first >= 0x30 && first <= 0x39) || !CANONICAL_POSITION.test(key)) return -1;
  const position = Number(key);
  return position <= MAX_ARRAY_POSITION ? position : -1;
}

/** Lists and typed arrays (Float32Array samples); a DataView has no elements. */
export function isIndexable(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * The child of `value` at `key` (whose list position is `position`, -1 when
 * it names none); undefined when there is none. Own properties only.
 */
export function childAt(value: unknown, key: string, position: number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (isIndexable(value)) return position >= 0 && position < value.length ? value[position] : undefined;
  // msgpackr gives a Map for maps with non-string keys, so 3 may be a number key there.
  if (value instanceof Map) return value.has(key) ? value.get(key) : position >= 0 ? value.get(position) : undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The value a one-field path reaches, or undefined when the message has no such field. */
export function resolveFieldPath(value: unknown, steps: readonly FieldPathStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      const position = step.kind === 'index' ? step.index : positionOfKey(step.key);
      current = position >= 0 && position < current.length ? current[position] : undefined;
    } else {
      const key = step.kind === 'key' ? step.key : String(step.index);
      // Objects, and typed arrays whose elements are own properties named "0", "1" ..., get the
      // same answer as childAt without working out a position: the feed filter runs per message.
      if (current instanceof Map) current = childAt(current, key, step.kind === 'index' ? step.index : positionOfKey(key));
      else current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}

function readBracket(text: string, open: number): Result<{ segment: FieldPathSegment; end: number }> {
  const first = text[open + 1];
  if (first === '"' || first === "'") {
    const quoted = readQuotedKey(text, open + 1);
    if (!quoted.ok) return quoted;
    if (text[quoted.value.end] !== ']') return broken(text, `needs a ] after the quoted key ending at character ${quoted.value.end}`);
    return ok({ segment: { kind: 'key', key: quoted.value.key }, end: quoted.value.end + 1 });
  }
  const close = text.indexOf(']', open);
  if (close < 0) return broken(text, `has a [ without its ] at character ${open + 1}`);
  const inner = text.slice(open + 1, close);
  if (inner === '*') return ok({ segment: { kind: 'wildcard' }, end: close + 1 });
  const position = positionOfKey(inner);
  if (position >= 0) return ok({ segment: { kind: 'index', index: position }, end: close + 1 });
  if (/^-\d+$/.test(inner)) return broken(text, `has [${inner}] at character ${open + 1}; list positions count from 0 and cannot be negative`);
  return broken(text, `needs a list position (0, 1, 2 ...), * or a quoted key inside the [ ] at character ${open + 1}`);
}

/** A quoted key starting at `start` (the quote); `end` is the index after the closing quote. */
function readQuotedKey(text: string, start: number): Result<{ key: string; end: number }> {
  const quote = text[start];
  let key = '';
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index]!;
    if (char === quote) return ok({ key, end: index + 1 });
    if (char !== '\\') {
      key += char;
      continue;
    }
    const escape = text[index + 1] ?? '';
    const hex = text.slice(index + 2, index + 6);
    if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
      key += String.fromCharCode(parseInt(hex, 16));
      index += 5;
    } else if (Object.hasOwn(ESCAPES, escape)) {
      key += ESCAPES[escape];
      index++;
    } else {
      return broken(text, `has an unknown escape \\${escape} at character ${index + 1}; write \\\\ for a backslash`);
    }
  }
  return broken(text, `has a quoted key without its closing ${quote} (opened at character ${start + 1})`);
}

function unexpected(text: string, index: number): Result<never> {
  const char = text[index]!;
  const at = `at character ${index + 1}`;
  if (!BARE_KEY_STOP.test(char)) return broken(text, `needs a dot or [ before the key ${at}`);
  if (char === ']') return broken(text, `has a ] without a matching [ ${at}`);
  if (char === '"' || char === "'") return broken(text, `has a quote ${at}; a quoted key goes in brackets, such as data["sensor temp"]`);
  if (/\s/.test(char)) return broken(text, `has a space ${at}; a key with spaces goes in brackets and quotes: ${quotedAround(text, index)}`);
  return broken(text, `has ${char} ${at}; a key holding ${char} goes in brackets and quotes: ${quotedAround(text, index)}`);
}

/** The path with the key around `index` (up to the dots or brackets either side) quoted, as the fix to offer. */
function quotedAround(text: string, index: number): string {
  let start = index;
  while (start > 0 && text[start - 1] !== '.' && text[start - 1] !== ']') start--;
  let end = index;
  while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
  const before = text[start - 1] === '.' ? text.slice(0, start - 1) : text.slice(0, start);
  return `${before}[${JSON.stringify(text.slice(start, end))}]${text.slice(end)}`;
}

function broken(text: string, reason: string): Result<never> {
  const shown = text.length > SHOWN_PATH_CHARS ? `${text.slice(0, SHOWN_PATH_CHARS)}...` : text;
  return fail('INVALID', `The field path "${shown}" ${reason}.`, { field: 'path' });
}

/** Control characters are quoted so JSON's escapes make them visible. */
function hasControlCharacter(key: string): boolean {
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
