/** Hex previews of payload bytes, for payloads no decoder could read. */

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * The first `maxBytes` bytes as lowercase hex pairs separated by spaces,
 * followed by "… +N bytes" when bytes were left out (`toHex(bytes, 2)` → "7b 22 … +9 bytes").
 */
export function toHex(bytes: Uint8Array, maxBytes: number): string {
  const shown = Math.max(0, Math.min(bytes.length, Math.floor(maxBytes)));
  const pairs = new Array<string>(shown);
  for (let index = 0; index < shown; index++) pairs[index] = HEX_PAIRS[bytes[index]!]!;
  const hex = pairs.join(' ');
  const omitted = bytes.length - shown;
  if (omitted === 0) return hex;
  return `${hex}${shown > 0 ? ' ' : ''}… +${omitted} ${omitted === 1 ? 'byte' : 'bytes'}`;
}
