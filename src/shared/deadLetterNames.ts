/**
 * Which streams are dead-letter streams, and of which origin: by name, from
 * naming templates kept per profile. `{stream}` stands for the origin's key:
 * the defaults are `{stream}:dlq` and `dlq:{stream}`. Pure, for the bus and
 * the renderer alike.
 */

export const DEFAULT_DEAD_LETTER_TEMPLATES: readonly string[] = ['{stream}:dlq', 'dlq:{stream}'];
const PLACEHOLDER = '{stream}';

/** The origin stream whose dead letters `key` holds, or null when no template names it. */
export function deadLetterOrigin(key: string, templates: readonly string[] = DEFAULT_DEAD_LETTER_TEMPLATES): string | null {
  for (const template of templates) {
    const at = template.indexOf(PLACEHOLDER);
    if (at < 0) continue;
    const prefix = template.slice(0, at);
    const suffix = template.slice(at + PLACEHOLDER.length);
    if (key.length > prefix.length + suffix.length && key.startsWith(prefix) && key.endsWith(suffix)) {
      return key.slice(prefix.length, key.length - suffix.length);
    }
  }
  return null;
}

/** The dead-letter stream names `origin` may have, one per template, in template order. */
export function deadLetterKeysOf(origin: string, templates: readonly string[] = DEFAULT_DEAD_LETTER_TEMPLATES): string[] {
  return templates.filter((template) => template.includes(PLACEHOLDER)).map((template) => template.replace(PLACEHOLDER, origin));
}

/** The profile's naming templates; the defaults when it has none (a profile saved before the field existed, an empty list). */
export function deadLetterTemplatesOf(profile: { deadLetterTemplates?: readonly string[] } | undefined): readonly string[] {
  const templates = profile?.deadLetterTemplates;
  return templates !== undefined && templates.length > 0 ? templates : DEFAULT_DEAD_LETTER_TEMPLATES;
}
