import { parseFieldPath } from '../../../../shared/fieldPath';

/**
 * What a series is called on screen: the last key of its field path
 * (`channels.Ch3` → `Ch3`, `data.telemetry.co2` → `co2`, `channels["a.b"]` → `a.b`,
 * `items[3]` → `3`), read by the shared field-path module so quotes and
 * escapes come out as the key itself. A name that is not a path is shown whole.
 */
export function seriesLabel(path: string): string {
  const parsed = parseFieldPath(path);
  const last = parsed.ok ? parsed.value.at(-1) : undefined;
  switch (last?.kind) {
    case 'key':
      return last.key;
    case 'index':
      return String(last.index);
    case 'wildcard':
      return '*';
    default:
      return path;
  }
}
