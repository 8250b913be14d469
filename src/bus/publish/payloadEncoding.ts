/**
 * Turns the text typed in the publish panel into the bytes PUBLISH sends.
 * 'json' sends the UTF-8 of the text exactly as typed (spacing, key order and
 * number spelling kept: a device that compares bytes or hashes gets what the
 * operator wrote); it is parsed only to refuse invalid JSON. 'msgpack' parses
 * and packs. 'text' sends the UTF-8 as is. Pure: unit-tested without Redis.
 */
import { pack } from 'msgpackr';
import type { PublishEncoding } from '../../shared/publishing';
import { fail, ok, type Result } from '../../shared/result';
import { locateJsonError } from './jsonErrorLocation';

/** Far above any command, far below Redis' 512 MB bulk limit and the subscribers' output buffer limits. */
export const MAX_PUBLISH_PAYLOAD_BYTES = 16 * 1024 * 1024;

/** How much of the offending text a JSON error quotes. */
const EXCERPT_CHARS = 24;

/** A lone UTF-16 surrogate has no UTF-8 form; Buffer.from would silently send U+FFFD instead. */
const LONE_SURROGATE = /\p{Cs}/u;

export function encodePayload(text: string, encoding: PublishEncoding): Result<Buffer> {
  const textBytes = Buffer.byteLength(text, 'utf8');
  if (textBytes > MAX_PUBLISH_PAYLOAD_BYTES) return tooLarge(textBytes);
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    return invalid(`The payload contains a broken character (half of a surrogate pair) at character ${surrogate.index + 1}; it cannot be sent as UTF-8. Retype or remove it.`);
  }
  if (encoding === 'text') return ok(Buffer.from(text, 'utf8'));

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return invalid(describeJsonError(text, error));
  }
  if (encoding === 'json') return ok(Buffer.from(text, 'utf8'));

  let packed: Buffer;
  try {
    // A copy: ioredis may hold the buffer in the socket's queue while msgpackr reuses its own.
    packed = Buffer.from(pack(value));
  } catch (error) {
    if (error instanceof RangeError) return invalid('The payload nests too deeply to pack as MessagePack. Flatten it or send it as JSON.');
    return invalid(`The payload could not be packed as MessagePack (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (packed.length > MAX_PUBLISH_PAYLOAD_BYTES) return tooLarge(packed.length);
  return ok(packed);
}

/** "The payload is not valid JSON: expected a comma or a closing } at line 3, column 7 (near `"b" 2}`)." */
export function describeJsonError(text: string, error: unknown): string {
  const location = locateJsonError(text);
  if (!location) {
    const reason = error instanceof Error ? error.message : String(error);
    return `The payload is not valid JSON (${reason}).`;
  }
  if (location.problem === 'the payload is empty') return 'The payload is empty. Type a JSON value, for example {} or "text".';
  const excerpt = visibleExcerpt(text.slice(location.offset, location.offset + EXCERPT_CHARS));
  const near = excerpt === '' ? '' : ` (near \`${excerpt}\`)`;
  return `The payload is not valid JSON: ${location.problem} at line ${location.line}, column ${location.column}${near}.`;
}

export function formatMebibytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
}

function visibleExcerpt(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be made visible
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => (char === '\n' ? '⏎' : char === '\t' ? '⇥' : '�'));
}

function tooLarge(bytes: number): Result<never> {
  return invalid(
    `The payload is ${formatMebibytes(bytes)}; Labwire publishes at most ${formatMebibytes(MAX_PUBLISH_PAYLOAD_BYTES)} at once. Shorten it or send it another way.`,
  );
}

function invalid(message: string): Result<never> {
  return fail('INVALID', message, { field: 'payload' });
}
