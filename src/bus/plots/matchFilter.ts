/**
 * A telemetry chart's message filter: only messages whose value at a path
 * equals a given text, e.g. `data.device_id` == `mushroom1`, so one chart
 * per device can share a channel with the others.
 *
 * The path is a field path (src/shared/fieldPath.ts) naming one field: a
 * wildcard has no single value to compare, so it is refused. Strings
 * compare exactly; numbers and booleans by their text (`"7"` matches 7).
 */
import { parseSingleFieldPath, resolveFieldPath } from '../../shared/fieldPath';
import { fail, ok, type Result } from '../../shared/result';

export type MessageMatcher = (value: unknown) => boolean;

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function compileMatcher(match: { path: string; equals: string }): Result<MessageMatcher> {
  const steps = parseSingleFieldPath(match.path);
  if (!steps.ok) return fail('INVALID', steps.error.message, { field: 'match.path' });
  const wanted = match.equals;
  return ok((value) => asText(resolveFieldPath(value, steps.value)) === wanted);
}
