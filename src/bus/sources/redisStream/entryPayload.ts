/**
 * How a stream entry becomes the payload bytes of a SourceMessage, so lanes
 * and plots decode it with the live feed's own decoders.
 *
 * - An entry with one field whose value is a JSON or MessagePack document (an
 *   object or an array): that value, bytes exact. Producers that put a
 *   document in one field (`data`, `payload`, `message`, …) are then shown
 *   and plotted exactly as a channel carrying the same bytes.
 * - Any other entry (one field holding a plain value like `celsius 21.5`
 *   keeps its name this way): its fields as a JSON object in entry order. A value that
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
  if (fields.length === 2 && isDocument(fields[1]!)) return fields[1]!;
  return Buffer.from(fieldMapJson(fields), 'utf8');
}

/**
 * A JSON object or array (first byte past whitespace `{` or `[`), or a
 * MessagePack map or array (fixmap, fixarray, map16/32, array16/32). Judged
 * by the first byte only: the decoders say whether the rest holds up.
 */
function isDocument(value: Buffer): boolean {
  let index = 0;
  while (index < value.length && (value[index] === 0x20 || value[index] === 0x09 || value[index] === 0x0a || value[index] === 0x0d)) index++;
  if (index >= value.length) return false;
  const first = value[index]!;
  if (first === 0x7b || first === 0x5b) return true;
  return index === 0 && ((first >= 0x80 && first <= 0x9f) || (first >= 0xdc && first <= 0xdf));
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
