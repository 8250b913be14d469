/**
 * How a stream entry becomes the payload bytes of a SourceMessage, so lanes
 * and plots decode it with the live feed's own decoders.
 *
 * - An entry with one field: that field's value, bytes exact. Producers that
 *   put a JSON or MessagePack document in one field (`data`, `payload`,
 *   `message`, …) are then shown exactly as a channel carrying the same bytes.
 * - Any other entry: its fields as a JSON object in entry order. A value that
 *   is valid UTF-8 is a JSON string (a numeric string stays a string, as Redis
 *   stores it: plots read stream fields as numbers, see plots/streamFields.ts);
 *   any other value is `{"$base64": "…"}` so no byte is lost or guessed. A
 *   field name that is not valid UTF-8 is written with U+FFFD for the bad
 *   bytes and a `$base64:` prefix; a repeated name keeps its first value and
 *   the rest get `#2`, `#3` suffixes.
 */

import { isUtf8 } from 'node:buffer';

/** An entry's fields as Redis sent them: name, value, name, value… */
export type EntryFields = readonly Buffer[];

/** The marker for a value that is not valid UTF-8. */
export const BINARY_VALUE_KEY = '$base64';

export function payloadOfEntry(fields: EntryFields): Buffer {
  if (fields.length === 2) return fields[1]!;
  return Buffer.from(fieldMapJson(fields), 'utf8');
}

/** True when payloadOfEntry wrote the fields as a JSON object (not one field's own bytes). */
export function isFieldMapPayload(fields: EntryFields): boolean {
  return fields.length !== 2;
}

function fieldMapJson(fields: EntryFields): string {
  const parts: string[] = [];
  const seen = new Map<string, number>();
  for (let index = 0; index + 1 < fields.length; index += 2) {
    let name = textOf(fields[index]!) ?? `${BINARY_VALUE_KEY}:${fields[index]!.toString('base64')}`;
    const times = (seen.get(name) ?? 0) + 1;
    seen.set(name, times);
    if (times > 1) name = `${name}#${times}`;
    const value = fields[index + 1]!;
    const text = textOf(value);
    const valueJson = text === null ? `{"${BINARY_VALUE_KEY}":"${value.toString('base64')}"}` : JSON.stringify(text);
    parts.push(`${JSON.stringify(name)}:${valueJson}`);
  }
  return `{${parts.join(',')}}`;
}

/** The text of valid UTF-8 bytes; null for anything else. */
function textOf(bytes: Buffer): string | null {
  return isUtf8(bytes) ? bytes.toString('utf8') : null;
}
