/**
 * A one-line preview of a pending entry's fields (`name=value, ...`), each
 * value decoded by the live feed's decoders, so the explorer shows what a
 * poison message holds without a second click. Bounded: a few fields, a few
 * hundred characters, decoding capped; never throws on odd bytes.
 */
import { toVisibleTextWithin, displayTextOfBytes } from '../../../shared/displayText';
import type { PendingEntryPreview } from '../../../shared/features/streamGroupsContract';
import { compactJsonPreview } from '../../decode/compactPreview';
import { decodePayload } from '../../decode/decodePayload';
import { toHex } from '../../decode/hexPreview';

const MAX_PREVIEW_FIELDS = 8;
const MAX_NAME_CHARS = 40;
const MAX_VALUE_CHARS = 80;
const MAX_PREVIEW_CHARS = 300;
/** Values beyond this are not decoded for a preview (their start is shown as hex). */
const MAX_DECODED_VALUE_BYTES = 64 * 1024;

/** `flat` is XRANGE's field list: name, value, name, value ... */
export function pendingEntryPreview(flat: readonly Buffer[]): PendingEntryPreview {
  const parts: string[] = [];
  const pairCount = Math.floor(flat.length / 2);
  for (let index = 0; index < Math.min(pairCount, MAX_PREVIEW_FIELDS); index++) {
    const name = displayTextOfBytes(flat[index * 2]!, MAX_NAME_CHARS).text;
    parts.push(`${name}=${valuePreview(flat[index * 2 + 1]!)}`);
  }
  if (pairCount > MAX_PREVIEW_FIELDS) parts.push(`… ${pairCount - MAX_PREVIEW_FIELDS} more fields`);
  const joined = parts.join(', ');
  return { fieldCount: pairCount, preview: joined.length <= MAX_PREVIEW_CHARS ? joined : `${joined.slice(0, MAX_PREVIEW_CHARS - 1)}…` };
}

function valuePreview(bytes: Buffer): string {
  const decoded = decodePayload(bytes, { maxBytes: MAX_DECODED_VALUE_BYTES });
  switch (decoded.kind) {
    case 'json':
    case 'msgpack':
      return compactJsonPreview(decoded.value, MAX_VALUE_CHARS);
    case 'text': {
      const shown = toVisibleTextWithin(decoded.text, MAX_VALUE_CHARS);
      return shown.isTruncated ? `${shown.text}…` : shown.text;
    }
    default:
      return `<bytes ${toHex(bytes, 12)}>`;
  }
}
