/**
 * The Cluster hash slot of a key or sharded channel name, as Redis computes
 * it: CRC16 (XMODEM) of the name, or of its hash tag (the text between the
 * first `{` and the next `}` when that text is not empty), modulo 16384.
 */

export const CLUSTER_SLOT_COUNT = 16_384;

const CRC16_TABLE = buildCrc16Table();

function buildCrc16Table(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
}

function crc16(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let index = start; index < end; index++) crc = ((crc << 8) & 0xffff) ^ (CRC16_TABLE[((crc >> 8) ^ (bytes[index] ?? 0)) & 0xff] ?? 0);
  return crc;
}

export function clusterSlotOf(name: Buffer): number {
  const open = name.indexOf(0x7b);
  if (open !== -1) {
    const close = name.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(name, open + 1, close) % CLUSTER_SLOT_COUNT;
  }
  return crc16(name, 0, name.length) % CLUSTER_SLOT_COUNT;
}
