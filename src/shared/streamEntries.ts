/**
 * One stream entry as every streams screen shows it (entries, pending
 * entries, dead letters): its id and the time in it, its fields decoded by
 * the live feed's decoders into one-line previews, and the lab envelope's
 * columns whether the producer spread them over fields or put them as JSON
 * in one field. Bounded: an entry with 10,000 fields or a 1 MB value is
 * shown capped and counted, never thrown. Also the id rules (`<ms>-<seq>`),
 * pure, for the bus and the renderer alike.
 */
import type { DecodedKind, DisplayText } from './liveChannels';

/** Fields of one entry shown in a list; the rest are counted (`fieldCount`) and in the detail. */
export const MAX_LISTED_FIELDS = 64;
/** Fields of one entry in its detail; past this they are counted, not shown. */
export const MAX_DETAIL_FIELDS = 2_000;
/** Characters of a field name shown. */
export const MAX_FIELD_NAME_CHARS = 200;

/** One field value as a preview: the feed's kinds and preview rules (MAX_PREVIEW_CHARS). */
export interface StreamFieldValue {
  kind: DecodedKind;
  /** One line, capped: compact JSON, visible text, or hex. */
  preview: string;
  /** Why decoding failed (kind 'error'), in plain words. */
  decodeError?: string;
  byteLength: number;
}

export interface StreamEntryField {
  /** Field names are bytes: invalid UTF-8 shows as \xFF, long ones cut. */
  name: DisplayText;
  value: StreamFieldValue;
}

/** The lab envelope (LAB_TRAFFIC.md "Streams"), as text safe to show; absent columns are undefined. */
export interface StreamEnvelope {
  /** Where the columns came from: the entry's own fields, or JSON (or MessagePack) in one field. */
  foundIn: { kind: 'fields' } | { kind: 'field'; fieldName: string };
  id?: string;
  from?: string;
  to?: string;
  type?: string;
  priority?: string;
  ttl?: string;
  correlationId?: string;
  /** Epoch ms the producer stamped, when plausible. */
  timestampMs?: number;
}

export const ENVELOPE_COLUMNS = ['id', 'from', 'to', 'type', 'priority', 'ttl', 'correlationId'] as const;
export type EnvelopeColumn = (typeof ENVELOPE_COLUMNS)[number];

export interface StreamEntry {
  /** `<ms>-<seq>` as Redis gave it. */
  id: string;
  /** The milliseconds part of the id: when Redis added the entry (by the server's clock). */
  timeMs: number;
  /** At most MAX_LISTED_FIELDS (MAX_DETAIL_FIELDS in a detail), in the entry's order. */
  fields: StreamEntryField[];
  /** How many fields the entry has. */
  fieldCount: number;
  /** Bytes of all names and values. */
  totalBytes: number;
  /** Fewer fields shown than the entry has. */
  areFieldsTruncated: boolean;
  envelope: StreamEnvelope | null;
}

/** One field in full, for an entry's inspector. */
export interface StreamFieldDetail {
  name: DisplayText;
  /** The exact name bytes, base64. */
  nameBase64: string;
  value: StreamFieldValue;
  /** The exact value bytes, base64, up to MAX_DETAIL_VALUE_BYTES. */
  valueBase64: string;
  isValueTruncated: boolean;
  /** The decoded value made JSON-safe (as the live inspector's), or the text. */
  tree?: unknown;
  hexDump: string[];
}

/** Per field in a detail: 1 MiB of bytes, so a detail of 2,000 large fields stays bounded by the byte budget below. */
export const MAX_DETAIL_VALUE_BYTES = 1024 * 1024;
/** All value bytes sent in one detail; fields past it come with their preview only. */
export const MAX_DETAIL_TOTAL_BYTES = 16 * 1024 * 1024;

export interface StreamEntryDetail {
  entry: StreamEntry;
  fields: StreamFieldDetail[];
}

/** A stream entry id, both parts. `ms` and `seq` fit a double exactly up to 2^53, beyond which Redis ids are not written by clocks. */
export interface StreamId {
  ms: number;
  seq: number;
}

const ID_PATTERN = /^(\d{1,20})-(\d{1,20})$/;
const MS_ONLY_PATTERN = /^\d{1,20}$/;

/** Reads `<ms>-<seq>` (or `<ms>` alone, seq 0); null for anything else. */
export function parseStreamId(text: string): StreamId | null {
  const trimmed = text.trim();
  const full = ID_PATTERN.exec(trimmed);
  if (full) return checked(Number(full[1]), Number(full[2]));
  if (MS_ONLY_PATTERN.test(trimmed)) return checked(Number(trimmed), 0);
  return null;
}

function checked(ms: number, seq: number): StreamId | null {
  return Number.isSafeInteger(ms) && Number.isSafeInteger(seq) ? { ms, seq } : null;
}

/** The time part of an id in epoch ms; NaN when the id cannot be read. */
export function streamIdTimeMs(id: string): number {
  const dash = id.indexOf('-');
  const ms = Number(dash < 0 ? id : id.slice(0, dash));
  return Number.isSafeInteger(ms) ? ms : Number.NaN;
}

export function formatStreamId(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

/** Negative, 0 or positive, as `left` is older, the same or newer. */
export function compareStreamIds(left: StreamId, right: StreamId): number {
  return left.ms === right.ms ? left.seq - right.seq : left.ms - right.ms;
}

/** The first id at or after epoch ms `timeMs` (the start of a time range). */
export function firstIdAt(timeMs: number): string {
  return `${Math.max(0, Math.floor(timeMs))}-0`;
}

/** The end of a time range: Redis reads an end id of milliseconds alone as that millisecond's last entry. */
export function lastIdAt(timeMs: number): string {
  return `${Math.max(0, Math.floor(timeMs))}`;
}
