/**
 * Redis Cluster's key slots (CRC16/XMODEM of the hash tag, mod 16384), so
 * the console can tell before a script runs whether its keys share a slot.
 * Not in a Cluster today (a later issue); the plan reports it already so
 * labs can name keys right: `{orders}` and `{orders}:dlq` share a slot,
 * `orders` and `orders:dlq` do not (in general).
 */

const SLOT_COUNT = 16_384;

/** The part of the key Cluster hashes: the first non-empty `{...}`, else all of it. */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return key;
  return key.slice(open + 1, close);
}

export function keySlot(key: string): number {
  return crc16(Buffer.from(hashTagOf(key), 'utf8')) % SLOT_COUNT;
}

/** True when every key lies in one slot, so one script may touch them all in a Cluster. */
export function isOneSlot(keys: readonly string[]): boolean {
  return keys.every((key) => keySlot(key) === keySlot(keys[0] ?? ''));
}

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
