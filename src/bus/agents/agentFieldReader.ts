/**
 * Reads one field of a decoded status message by path, whatever its type.
 *
 * The path syntax is the feed filter's (shared/feedFilter.ts), parsed by
 * its exported parser: fieldPath.ts `compileFieldPath` yields numbers only,
 * and the board needs ids, names and statuses, which are text. So a mapping
 * a technician types reads the same way in a lane filter and on the board.
 */
import { parseFeedFilter, type FilterPathSegment } from '../../shared/feedFilter';
import { fail, ok, type Result } from '../../shared/result';

/** Reads the field, or undefined when the message lacks it. */
export type FieldReader = (value: unknown) => unknown;

const absent: FieldReader = () => undefined;

/** '' reads nothing (the field is "not sent"); a broken path is an INVALID result naming it. */
export function compileFieldReader(path: string, field: string): Result<FieldReader> {
  const trimmed = path.trim();
  if (trimmed === '') return ok(absent);
  // The filter parser reads "<path> == <value>"; only the path half matters here.
  const parsed = parseFeedFilter(`${trimmed} == _`);
  if (!parsed.ok) return fail('INVALID', parsed.error.message.replace(/, for example .*$/, '.'), { field });
  if (parsed.value.kind !== 'compare') {
    return fail('INVALID', `The field path "${trimmed}" is not a path: use keys joined by dots, such as payload.agentId.`, { field });
  }
  const segments = parsed.value.path;
  return ok((value) => readPath(value, segments));
}

function readPath(value: unknown, segments: readonly FilterPathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (segment.kind !== 'index') return undefined;
      current = current[segment.index];
      continue;
    }
    const key = segment.kind === 'key' ? segment.key : String(segment.index);
    if (current instanceof Map) current = current.get(key);
    else current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}
