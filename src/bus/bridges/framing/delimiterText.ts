/**
 * The delimiter a user types, as bytes: text with the escapes \n \r \t \\
 * and \xNN (any byte), so "\x00", ";" and "\r\n" can all be written in one
 * text field.
 */
import { fail, ok, type Result } from '../../../shared/result';

/** Longest delimiter accepted; a longer one is more likely a mistake than a framing. */
export const MAX_DELIMITER_BYTES = 16;

const SIMPLE_ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, '\\': 0x5c, '0': 0x00 };

export function parseDelimiterText(text: string): Result<Buffer> {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = text[index + 1];
    if (next === undefined) return broken(text, 'ends with a lone \\; write \\\\ for a backslash');
    if (next === 'x') {
      const hex = text.slice(index + 2, index + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return broken(text, `has \\x at character ${index + 1} without two hex digits after it (write \\x00 to \\xFF)`);
      bytes.push(Number.parseInt(hex, 16));
      index += 3;
      continue;
    }
    const simple = Object.hasOwn(SIMPLE_ESCAPES, next) ? SIMPLE_ESCAPES[next] : undefined;
    if (simple === undefined) return broken(text, `has an unknown escape \\${next} at character ${index + 1}; use \\n, \\r, \\t, \\\\ or \\xNN`);
    bytes.push(simple);
    index += 1;
  }
  if (bytes.length === 0) return broken(text, 'is empty; type the bytes that end each record, such as ; or \\r\\n');
  if (bytes.length > MAX_DELIMITER_BYTES) return broken(text, `is ${bytes.length} bytes; at most ${MAX_DELIMITER_BYTES} are accepted`);
  return ok(Buffer.from(bytes));
}

function broken(text: string, why: string): Result<Buffer> {
  return fail('INVALID', `The delimiter "${text}" ${why}.`, { field: 'framing.delimiter' });
}
