/** What "Copy as JSON" puts on the clipboard for a message. */
import type { FeedMessageDetail } from '../../../../shared/liveChannels';

/**
 * The decoded value as indented JSON (MessagePack too: binary fields as
 * {"$binary": hex}); text as a JSON string; anything else, which has no
 * JSON form, as its exact bytes in base64.
 */
export function jsonForCopy(detail: FeedMessageDetail): string {
  if (detail.tree !== undefined) return JSON.stringify(detail.tree, null, 2);
  return JSON.stringify({ $base64: detail.payloadBase64 }, null, 2);
}

/** Bytes of a string once encoded as UTF-8, for "Copied 1.2 KiB". */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
