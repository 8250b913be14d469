/**
 * Finds where JSON text first goes wrong, in words for the person who typed
 * it. V8's JSON.parse stays the judge of validity; this only explains a
 * failure, because V8's message gives no position for some errors
 * ("Unexpected token '}', ... is not valid JSON") and never a line.
 * Iterative (an explicit stack), so 50,000-deep nesting cannot overflow it.
 */

export interface JsonErrorLocation {
  /** UTF-16 offset of the first character that cannot be right. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters of that line. */
  column: number;
  /** What is wrong there, as a phrase ("expected a comma or a closing }"). */
  problem: string;
}

type Expecting =
  /** Any value; `canClose` right after `[`. */
  | { kind: 'value'; canClose: boolean }
  /** A property name; `canClose` right after `{`. */
  | { kind: 'key'; canClose: boolean }
  | { kind: 'colon' }
  /** A value ended: a comma, a closing bracket, or the end of the text. */
  | { kind: 'next' };

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX_DIGIT = /^[0-9a-fA-F]{4}$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;
const VALUE_WORDS = 'a value (a number, text in double quotes, true, false, null, { or [)';

/** The first error in `text`, or null when it found none (V8's verdict then stands). */
export function locateJsonError(text: string): JsonErrorLocation | null {
  const openers: string[] = [];
  let expecting: Expecting = { kind: 'value', canClose: false };
  let index = 0;
  const at = (offset: number, problem: string): JsonErrorLocation => locate(text, offset, problem);

  for (;;) {
    while (index < text.length && WHITESPACE.has(text[index]!)) index++;
    if (index >= text.length) {
      if (expecting.kind === 'next' && openers.length === 0) return null;
      if (text.trim() === '') return at(index, 'the payload is empty');
      const opener = openers.at(-1);
      return at(index, opener ? `the text ends before the ${opener} is closed` : `the text ends where ${VALUE_WORDS} should follow`);
    }
    const char = text[index]!;
    switch (expecting.kind) {
      case 'value': {
        if (char === ']' && expecting.canClose) {
          openers.pop();
          index++;
          expecting = { kind: 'next' };
          break;
        }
        if (char === ']' || char === '}') {
          return at(index, previousToken(text, index) === ',' ? `a comma may not come right before a closing ${char}` : `expected ${VALUE_WORDS}`);
        }
        if (char === '{' || char === '[') {
          openers.push(char);
          index++;
          expecting = char === '{' ? { kind: 'key', canClose: true } : { kind: 'value', canClose: true };
          break;
        }
        const scanned = scanScalar(text, index);
        if (typeof scanned === 'object') return scanned;
        index = scanned;
        expecting = { kind: 'next' };
        break;
      }
      case 'key': {
        if (char === '}' && expecting.canClose) {
          openers.pop();
          index++;
          expecting = { kind: 'next' };
          break;
        }
        if (char === '}') return at(index, 'a comma may not come right before a closing }');
        if (char !== '"') return at(index, 'expected a property name in double quotes');
        const end = scanString(text, index);
        if (typeof end === 'object') return end;
        index = end;
        expecting = { kind: 'colon' };
        break;
      }
      case 'colon':
        if (char !== ':') return at(index, 'expected a colon after the property name');
        index++;
        expecting = { kind: 'value', canClose: false };
        break;
      case 'next': {
        const opener = openers.at(-1);
        if (!opener) return at(index, 'there is more text after the end of the JSON value');
        const closer = opener === '{' ? '}' : ']';
        if (char === closer) {
          openers.pop();
          index++;
          break;
        }
        if (char !== ',') return at(index, `expected a comma or a closing ${closer}`);
        index++;
        expecting = opener === '{' ? { kind: 'key', canClose: false } : { kind: 'value', canClose: false };
        break;
      }
    }
  }
}

/** Scans a string, number or literal at `start`; returns the index after it, or the error. */
function scanScalar(text: string, start: number): number | JsonErrorLocation {
  const char = text[start]!;
  if (char === '"') return scanString(text, start);
  if (char === '-' || (char >= '0' && char <= '9')) {
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(text);
    const end = start + (match?.[0].length ?? 0);
    const next = text[end];
    if (!match || (next !== undefined && /[0-9.eE+-]/.test(next))) return locate(text, start, 'this number is not written the way JSON writes numbers');
    return end;
  }
  for (const literal of LITERALS) {
    if (text.startsWith(literal, start)) return start + literal.length;
  }
  if (char === "'") return locate(text, start, 'text must be in double quotes, not single quotes');
  return locate(text, start, `expected ${VALUE_WORDS}`);
}

function scanString(text: string, start: number): number | JsonErrorLocation {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') return index + 1;
    if (char === '\\') {
      const escaped = text[index + 1];
      if (escaped === 'u') {
        if (!HEX_DIGIT.test(text.slice(index + 2, index + 6))) return locate(text, index, '\\u must be followed by four hexadecimal digits');
        index += 6;
        continue;
      }
      if (escaped === undefined || !SIMPLE_ESCAPES.has(escaped)) return locate(text, index, 'this backslash escape is not one JSON knows (use \\\\ for a backslash)');
      index += 2;
      continue;
    }
    if (char.charCodeAt(0) < 0x20) return locate(text, index, 'a line break or control character is inside text in quotes (write \\n for a line break)');
    index++;
  }
  return locate(text, start, 'the text in quotes that starts here is never closed');
}

/** The last character before `index` that is not whitespace. */
function previousToken(text: string, index: number): string | undefined {
  let previous = index - 1;
  while (previous >= 0 && WHITESPACE.has(text[previous]!)) previous--;
  return text[previous];
}

function locate(text: string, offset: number, problem: string): JsonErrorLocation {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { offset, line, column: offset - lineStart + 1, problem };
}
