/**
 * One JSON decode per message, shared by every consumer the source hands
 * the same SourceMessage to: the lanes of a channel and the alert rules
 * watching it decode its payload once between them, whichever comes first.
 *
 * Only a JSON object or array decoded with the default limits is shared:
 * 'auto' and a pinned 'json' read those bytes alike, and every consumer
 * that asks with the default limits would get the same result. A consumer
 * with its own limits or decoder decodes on its own. The shared value is
 * read-only: a consumer that changes a decoded value (plots turn stream
 * field text into numbers) decodes its own copy.
 *
 * Motivation: with 100 threshold rules on a 200-byte JSON telemetry flood,
 * the rules' JSON.parse of each message the lane had already decoded was
 * the largest part of their cost (CPU profile of the bus worker, bench
 * alert-rules); see bench/README.md, session 6.
 */
import { decodePayload, type DecodedPayload, type DecodeOptions } from './decodePayload';

/** Where a message keeps its shared decode (SourceMessage has this shape). */
export interface SharedDecodeSlot {
  readonly payload: Uint8Array;
  /** Filled by the first consumer that decoded the payload as a JSON container; never set by a source. */
  decoded?: DecodedPayload;
}

/** decodePayload(slot.payload, options), reusing (or leaving for the next consumer) the message's JSON decode. Never throws. */
export function decodeOnce(slot: SharedDecodeSlot, options: DecodeOptions): DecodedPayload {
  if (!isShareable(options)) return decodePayload(slot.payload, options);
  const shared = slot.decoded;
  if (shared !== undefined) return shared;
  const decoded = decodePayload(slot.payload, options);
  if (decoded.kind === 'json' && decoded.value !== null && typeof decoded.value === 'object') slot.decoded = decoded;
  return decoded;
}

function isShareable(options: DecodeOptions): boolean {
  const pinned = options.pinned;
  return (pinned === undefined || pinned === 'auto' || pinned === 'json') && options.maxBytes === undefined && options.maxDepth === undefined && options.maxItems === undefined;
}
