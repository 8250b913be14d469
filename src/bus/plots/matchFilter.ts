/**
 * A telemetry chart's message filter: only messages whose value at a path
 * equals a given text, e.g. `data.device_id` == `mushroom1`, so one chart
 * per device can share a channel with the others.
 *
 * The path uses the field-path syntax (fieldPath.ts), which also checks it;
 * a wildcard has no single value to compare, so it is refused. Strings
 * compare exactly; numbers and booleans by their text (`"7"` matches 7).
 */
import { fail, ok, type Result } from '../../shared/result';
import { compileFieldPath } from '../signal/fieldPath';

export type MessageMatcher = (value: unknown) => boolean;

const SEGMENT = /\.?([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['((?:[^'\\]|\\.)*)'\]/y;

function splitPath(path: string): string[] | undefined {
  const keys: string[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const match = SEGMENT.exec(path);
    if (match === null) return undefined;
    const [, bare, index, doubleQuoted, singleQuoted] = match;
    if (doubleQuoted !== undefined) keys.push(JSON.parse(`"${doubleQuoted}"`) as string);
    else if (singleQuoted !== undefined) keys.push(singleQuoted.replace(/\\(.)/g, '$1'));
    else keys.push((bare ?? index)!);
  }
  return keys;
}

function childOf(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return /^(0|[1-9][0-9]*)$/.test(key) ? value[Number(key)] : undefined;
  if (value instanceof Map) return value.get(key);
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function compileMatcher(match: { path: string; equals: string }): Result<MessageMatcher> {
  const compiled = compileFieldPath(match.path);
  if (!compiled.ok) return fail('INVALID', compiled.error.message, { field: 'match.path' });
  const keys = compiled.value.hasWildcard ? undefined : splitPath(match.path);
  if (keys === undefined) {
    return fail('INVALID', `The match path "${match.path}" must name one field, without *.`, { field: 'match.path' });
  }
  const wanted = match.equals;
  return ok((value) => {
    let current = value;
    for (const key of keys) {
      current = childOf(current, key);
      if (current === undefined) return false;
    }
    return asText(current) === wanted;
  });
}
