/**
 * The value rules read from a message: JSON or MessagePack, or nothing.
 *
 * JSON is decoded once per message for the rules and the lanes of the
 * channel together (decode/sharedDecode.ts): a lane showing the channel
 * has usually decoded it already. Payloads larger than
 * MAX_RULE_PAYLOAD_BYTES are skipped, so a giant message cannot stall the
 * bus thread here.
 *
 * Motivation: a byte scanner reading only the rules' 4 paths was slower
 * than one JSON.parse of a 200-byte telemetry message (7 to 12 µs against
 * 3 to 7 µs on the shared bench machine), so the parse stays, shared.
 */
import type { DecodeOptions } from '../decode/decodePayload';
import { decodeOnce, type SharedDecodeSlot } from '../decode/sharedDecode';

/** Telemetry is a few hundred bytes; a rule over megabyte payloads is not what alerts are for. */
export const MAX_RULE_PAYLOAD_BYTES = 256 * 1024;

/** Default limits, so the decode is the one the lanes share. */
const RULE_DECODE: DecodeOptions = {};

export function readRuleValue(message: SharedDecodeSlot): unknown {
  const payload = message.payload;
  if (payload.length === 0 || payload.length > MAX_RULE_PAYLOAD_BYTES) return undefined;
  const decoded = decodeOnce(message, RULE_DECODE);
  return decoded.kind === 'json' || decoded.kind === 'msgpack' ? decoded.value : undefined;
}
