/**
 * A decoded MessagePack value as one JSON can carry without loss or a
 * throw: JSON.stringify refuses BigInt and turns bytes into {"0":..,"1":..}.
 * Bytes become {"encoding":"base64","base64":"…"}, the same marker the lab
 * envelope uses for a raw record.
 */

/** The JSON form of bytes everywhere a bridge publishes them. */
export function base64Marker(bytes: Uint8Array): { encoding: 'base64'; base64: string } {
  return { encoding: 'base64', base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}

/** BigInt within 2^53 as a number, larger as decimal text; Date as ISO text; Map as an object; undefined as null. */
export function toJsonSafeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return null;
    return value;
  }
  if (ArrayBuffer.isView(value)) return base64Marker(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonSafeValue);
  const entries = value instanceof Map ? [...value.entries()].map(([key, item]) => [String(key), item] as const) : Object.entries(value);
  // Object.fromEntries defines own properties, so a key named __proto__ stays a plain field.
  return Object.fromEntries(entries.map(([key, item]) => [key, toJsonSafeValue(item)]));
}
