/**
 * A Redis payload as the JSON text a browser reads: JSON as it arrived,
 * MessagePack converted to JSON, other UTF-8 text as a JSON string, and
 * anything else as `{"$binary":"base64","base64":"..."}`. Byte strings inside
 * MessagePack values get the same marker. Never throws.
 */
import { isUtf8 } from 'node:buffer';
import { decodePayload } from '../decode/decodePayload';
import { MAX_RELAYED_PAYLOAD_BYTES } from './relayLimits';

/** Why the marker looks like this: a field name no lab envelope uses, and the encoding named, so a reader can check it. */
export function binaryMarker(bytes: Uint8Array): { $binary: 'base64'; base64: string } {
  return { $binary: 'base64', base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}

/** The payload as JSON text, or null when it is larger than the relay sends. */
export function payloadAsJsonText(payload: Buffer): string | null {
  if (payload.length > MAX_RELAYED_PAYLOAD_BYTES) return null;
  const decoded = decodePayload(payload, { maxBytes: MAX_RELAYED_PAYLOAD_BYTES });
  switch (decoded.kind) {
    case 'json':
      // Checked JSON, sent as it arrived: no second serialisation on the hot path.
      return decoded.source;
    case 'msgpack':
      return stringifyWithBinary(decoded.value);
    case 'text':
      return JSON.stringify(decoded.text);
    case 'binary':
      return JSON.stringify(binaryMarker(payload));
    case 'error':
      // Claimed an encoding but broke it: still the bytes the publisher sent.
      return isUtf8(payload) ? JSON.stringify(payload.toString('utf8')) : JSON.stringify(binaryMarker(payload));
  }
}

function stringifyWithBinary(value: unknown): string {
  const text = JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, converted: unknown) {
    // `converted` has been through toJSON (a Buffer becomes {type, data}); the holder still has the bytes.
    const original = this[key];
    if (original instanceof Uint8Array) return binaryMarker(original);
    if (typeof converted === 'bigint') return Number(converted);
    return converted;
  });
  // A top-level undefined (MessagePack nil-like extension) has no JSON text.
  return text ?? 'null';
}
