/**
 * The per-lane feed filter: one line the user types, parsed once, tested
 * against every message. Pure, so the bus filters and the renderer checks
 * what the user types with the same rules.
 *
 * Syntax:
 * - `path op value` compares a field of the decoded message: `data.device_id == mushroom1`,
 *   `data.telemetry.co2 > 900`, `payload.status != idle`, `tags contains urgent`.
 *   Operators: `==` `!=` `>` `>=` `<` `<=` `contains`. The path is a field
 *   path naming one field (src/shared/fieldPath.ts: `data.channels[3]`,
 *   `data["sensor.temp"]`), read and resolved by that module. The value is
 *   a number, `true`, `false`, `null`, a bare word, or a quoted string
 *   (`"two words"`); quoting makes it text even when it looks like a number.
 * - Anything else is plain text, found case-insensitively anywhere in the
 *   message (channel name and payload text).
 *
 * Meaning: `==` compares numbers as numbers (so `7` matches 7 and the text
 * "7") and text exactly; `>` `<` compare numbers (numeric text counts, as
 * Streams fields are text) and otherwise text in code-point order (ISO
 * times sort right). `contains` finds text case-insensitively in a string,
 * an equal element in an array, or a key in an object. A missing field
 * matches nothing except `!=`.
 */
import { formatFieldPath, parseSingleFieldPath, resolveFieldPath, type FieldPathStep } from './fieldPath';
import { fail, ok, type Result } from './result';

export type FilterOperator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'contains';

/** One step of the compared field's path (see fieldPath.ts). */
export type FilterPathSegment = FieldPathStep;

export interface FilterLiteral {
  /** The value as typed, quotes removed. */
  text: string;
  /** The number it spells, when unquoted and numeric. */
  number: number | null;
  /** `true`, `false` or `null` when unquoted and spelled so. */
  word: 'true' | 'false' | 'null' | null;
}

export type FeedFilter =
  | { kind: 'none' }
  /** Lower-cased for a case-insensitive search. */
  | { kind: 'text'; needle: string }
  | { kind: 'compare'; path: FilterPathSegment[]; operator: FilterOperator; literal: FilterLiteral };

/** What a message offers to a filter. */
export interface FeedFilterSubject {
  /** The decoded value (JSON or MessagePack); absent for text, binary and undecodable payloads. */
  value?: unknown;
  hasValue: boolean;
  /** The text a plain-text filter searches: channel name and payload text or preview. */
  text: string;
}

const SYMBOL_OPERATORS = ['==', '!=', '>=', '<=', '>', '<'] as const;
const EXAMPLE = 'for example data.device_id == mushroom1';
const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Parses the filter line. '' (or only spaces) is no filter. Errors are INVALID results with a plain message. */
export function parseFeedFilter(source: string): Result<FeedFilter> {
  const line = source.trim();
  if (line === '') return ok({ kind: 'none' });
  const operatorAt = findOperator(line);
  if (!operatorAt) return textFilter(line);
  const left = line.slice(0, operatorAt.index).trim();
  // "error code > 5" reads as text: a path has no spaces outside brackets.
  if (left !== '' && /\s/.test(left) && !left.includes('[')) return textFilter(line);
  if (left === '') {
    return invalid(`Put a field path before ${operatorAt.operator}, ${EXAMPLE}.`);
  }
  const path = parseSingleFieldPath(left);
  if (!path.ok) return invalid(path.error.message);
  const right = line.slice(operatorAt.index + operatorAt.length).trim();
  if (right === '') return invalid(`Add a value after ${operatorAt.operator}, ${EXAMPLE}.`);
  const literal = parseLiteral(right);
  if (!literal.ok) return literal;
  return ok({ kind: 'compare', path: path.value, operator: operatorAt.operator, literal: literal.value });
}

/** True when the message passes. A 'none' filter passes everything. */
export function matchesFeedFilter(filter: FeedFilter, subject: FeedFilterSubject): boolean {
  switch (filter.kind) {
    case 'none':
      return true;
    case 'text':
      return subject.text.toLowerCase().includes(filter.needle);
    case 'compare': {
      const field = subject.hasValue ? resolveFieldPath(subject.value, filter.path) : undefined;
      if (field === undefined) return filter.operator === '!=';
      return compare(field, filter.operator, filter.literal);
    }
  }
}

/** The path back as text, in the filter's own syntax. */
export function formatFilterPath(path: readonly FilterPathSegment[]): string {
  return formatFieldPath(path);
}

function textFilter(line: string): Result<FeedFilter> {
  return ok({ kind: 'text', needle: line.toLowerCase() });
}

function invalid<T>(message: string): Result<T> {
  return fail('INVALID', message, { field: 'filter' });
}

/**
 * The first operator outside quotes and brackets. An unclosed [ or quote
 * does not hide the operator after it, so `data["open == 1` is reported as
 * a broken path rather than searched for as text.
 */
function findOperator(line: string, shouldSkipEnclosed = true): { index: number; length: number; operator: FilterOperator } | null {
  let quote: string | null = null;
  let bracketDepth = 0;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = null;
      continue;
    }
    if ((char === '"' || char === "'") && shouldSkipEnclosed) quote = char;
    else if (char === '[' && shouldSkipEnclosed) bracketDepth++;
    else if (char === ']') bracketDepth = Math.max(0, bracketDepth - 1);
    if (bracketDepth > 0) continue;
    for (const operator of SYMBOL_OPERATORS) {
      if (line.startsWith(operator, index)) return { index, length: operator.length, operator };
    }
    if (/\s/.test(char) && /^\s+contains\s/i.test(line.slice(index, index + 12))) {
      const length = /^\s+contains/i.exec(line.slice(index))![0].length;
      return { index, length, operator: 'contains' };
    }
  }
  return (bracketDepth > 0 || quote !== null) && shouldSkipEnclosed ? findOperator(line, false) : null;
}

/** A quoted string starting at `start` (the quote), with \" \' and \\ unescaped. */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
  const quote = text[start];
  let value = '';
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index]!;
    if (char === '\\' && index + 1 < text.length) {
      value += text[index + 1];
      index++;
    } else if (char === quote) return { value, end: index + 1 };
    else value += char;
  }
  return null;
}

function parseLiteral(text: string): Result<FilterLiteral> {
  const first = text[0];
  if (first === '"' || first === "'") {
    const quoted = readQuoted(text, 0);
    if (!quoted) return invalid(`The value ${text} is missing its closing ${first}.`);
    if (quoted.end !== text.length) return invalid(`Put the whole value in quotes: ${text} has more after the closing ${first}.`);
    return ok({ text: quoted.value, number: null, word: null });
  }
  const word = text === 'true' || text === 'false' || text === 'null' ? text : null;
  return ok({ text, number: NUMERIC.test(text) ? Number(text) : null, word });
}

function compare(field: unknown, operator: FilterOperator, literal: FilterLiteral): boolean {
  switch (operator) {
    case '==':
      return isEqual(field, literal);
    case '!=':
      return !isEqual(field, literal);
    case 'contains':
      return contains(field, literal);
    default:
      return isOrdered(field, operator, literal);
  }
}

function isEqual(field: unknown, literal: FilterLiteral): boolean {
  if (typeof field === 'number' || typeof field === 'bigint') return literal.number !== null && Number(field) === literal.number;
  if (typeof field === 'string') {
    if (field === literal.text) return true;
    // "7" and 7.0 name the same number; quoted literals stay text.
    return literal.number !== null && NUMERIC.test(field) && Number(field) === literal.number;
  }
  if (typeof field === 'boolean') return literal.word === String(field);
  if (field === null) return literal.word === 'null';
  return false;
}

function contains(field: unknown, literal: FilterLiteral): boolean {
  if (typeof field === 'string') return field.toLowerCase().includes(literal.text.toLowerCase());
  if (Array.isArray(field)) return field.some((element) => isEqual(element, literal));
  if (field instanceof Map) return field.has(literal.text);
  if (typeof field === 'object' && field !== null) return Object.hasOwn(field, literal.text);
  return false;
}

function numberOf(field: unknown): number | null {
  if (typeof field === 'number') return Number.isNaN(field) ? null : field;
  if (typeof field === 'bigint') return Number(field);
  if (typeof field === 'string' && NUMERIC.test(field.trim())) return Number(field);
  return null;
}

function isOrdered(field: unknown, operator: '>' | '>=' | '<' | '<=', literal: FilterLiteral): boolean {
  const fieldNumber = numberOf(field);
  let order: number;
  if (fieldNumber !== null && literal.number !== null) order = fieldNumber - literal.number;
  else if (typeof field === 'string' && literal.number === null) order = field < literal.text ? -1 : field > literal.text ? 1 : 0;
  else return false;
  switch (operator) {
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
  }
}
