/**
 * The full view of one held message: exact payload bytes, the decoded value
 * as a JSON-safe tree, and a hex dump. Built on demand from the history, so
 * the feed's frames carry only previews.
 */
import { MAX_DETAIL_PAYLOAD_BYTES, type DecoderChoice, type FeedMessage, type FeedMessageDetail } from '../../shared/liveChannels';
import { decodePayload } from './decodePayload';

/** What the detail needs of a held message (the feed log's HeldPayload fits): decoding never depends on the feed. */
export interface DetailSource {
  payload: Buffer;
  decoder: DecoderChoice;
  channelRecord: { bytes: Buffer };
}

export interface TreeLimits {
  /** Values (containers and leaves) written before the rest is summarised. */
  maxNodes: number;
  maxDepth: number;
  /** Characters of one string. */
  maxStringChars: number;
  /** Bytes of one binary value shown as hex. */
  maxBinaryBytes: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = { maxNodes: 50_000, maxDepth: 64, maxStringChars: 100_000, maxBinaryBytes: 64 * 1024 };
/** 4,096 lines of 16 bytes: the first 64 KiB; the payload itself is in payloadBase64. */
export const MAX_HEX_DUMP_LINES = 4_096;
const HEX_BYTES_PER_LINE = 16;
/** The whole text of a text payload up to this many characters. */
const MAX_TREE_TEXT_CHARS = 1_000_000;

export function buildMessageDetail(held: DetailSource, message: FeedMessage): FeedMessageDetail {
  const payload = held.payload;
  const isPayloadTruncated = payload.length > MAX_DETAIL_PAYLOAD_BYTES;
  const detail: FeedMessageDetail = {
    message,
    payloadBase64: (isPayloadTruncated ? payload.subarray(0, MAX_DETAIL_PAYLOAD_BYTES) : payload).toString('base64'),
    isPayloadTruncated,
    channelBase64: held.channelRecord.bytes.toString('base64'),
    hexDump: hexDumpLines(payload, MAX_HEX_DUMP_LINES),
  };
  const decoded = decodePayload(payload, { pinned: held.decoder });
  if (decoded.kind === 'json' || decoded.kind === 'msgpack') detail.tree = toJsonSafeTree(decoded.value);
  else if (decoded.kind === 'text') detail.tree = capString(decoded.text, MAX_TREE_TEXT_CHARS);
  return detail;
}

/**
 * A value JSON can carry and the renderer can walk: bytes as {"$binary": hex},
 * big integers as strings, Maps as objects, dates as ISO strings, NaN and
 * infinities as strings. Past the caps, arrays end with {"$truncated": n}
 * and objects get a "$truncated" key counting what was left out.
 */
export function toJsonSafeTree(value: unknown, limits: TreeLimits = DEFAULT_TREE_LIMITS): unknown {
  const budget = { nodes: limits.maxNodes };
  return convert(value, limits, budget, 0);
}

function convert(value: unknown, limits: TreeLimits, budget: { nodes: number }, depth: number): unknown {
  budget.nodes--;
  switch (typeof value) {
    case 'string':
      return capString(value, limits.maxStringChars);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value === null) return null;
  if (value instanceof Uint8Array) {
    const shown = value.subarray(0, limits.maxBinaryBytes);
    const hex = Buffer.from(shown.buffer, shown.byteOffset, shown.byteLength).toString('hex');
    return value.length > shown.length ? { $binary: hex, $truncated: value.length - shown.length } : { $binary: hex };
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (depth >= limits.maxDepth) return { $truncated: 1 };
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let index = 0; index < value.length; index++) {
      if (budget.nodes <= 0) {
        out.push({ $truncated: value.length - index });
        break;
      }
      out.push(convert(value[index], limits, budget, depth + 1));
    }
    return out;
  }
  const entries: Iterable<[unknown, unknown]> = value instanceof Map ? value.entries() : Object.entries(value);
  const out: Record<string, unknown> = {};
  const total = value instanceof Map ? value.size : Object.keys(value).length;
  let written = 0;
  for (const [key, entry] of entries) {
    if (budget.nodes <= 0) {
      out.$truncated = total - written;
      break;
    }
    Object.defineProperty(out, String(key), { value: convert(entry, limits, budget, depth + 1), enumerable: true, writable: true, configurable: true });
    written++;
  }
  return out;
}

function capString(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}… (+${text.length - maxChars} characters)` : text;
}

/** "00000000  7b 22 61 22 3a 31 7d 0a 00 ff 41 42 43 44 45 46  |{"a":1}...ABCDEF|", the classic hexdump -C layout. */
export function hexDumpLines(bytes: Uint8Array, maxLines: number): string[] {
  const lines: string[] = [];
  const shownBytes = Math.min(bytes.length, maxLines * HEX_BYTES_PER_LINE);
  for (let offset = 0; offset < shownBytes; offset += HEX_BYTES_PER_LINE) {
    const end = Math.min(offset + HEX_BYTES_PER_LINE, shownBytes);
    let hex = '';
    let ascii = '';
    for (let index = offset; index < offset + HEX_BYTES_PER_LINE; index++) {
      if (index === offset + 8) hex += ' ';
      if (index < end) {
        const byte = bytes[index]!;
        hex += `${byte.toString(16).padStart(2, '0')} `;
        ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
      } else hex += '   ';
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  if (bytes.length > shownBytes) lines.push(`… +${bytes.length - shownBytes} more bytes`);
  return lines;
}
