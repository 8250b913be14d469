/**
 * Finds the lab envelope (LAB_TRAFFIC.md "Streams": id, from, to, type,
 * priority, ttl, correlation_id, timestamp) in a stream entry, whether the
 * producer spread it over the entry's fields or put it as JSON (or
 * MessagePack) in one field such as `data` or `payload`. Never throws; looks
 * at field names only by their bytes and decodes at most one field.
 */
import { toVisibleTextWithin } from '../../shared/displayText';
import { readTimestampMs } from '../../shared/timestamp';
import type { StreamEnvelope } from '../../shared/streamEntries';
import { decodePayload } from '../decode/decodePayload';
import { recognizeEnvelopeAt } from '../decode/envelope';

/** Field names that hold the envelope's columns, as the producer writes them. */
const COLUMN_OF_FIELD: ReadonlyMap<string, keyof Omit<StreamEnvelope, 'foundIn' | 'timestampMs'> | 'timestamp'> = new Map([
  ['id', 'id'],
  ['from', 'from'],
  ['to', 'to'],
  ['type', 'type'],
  ['priority', 'priority'],
  ['ttl', 'ttl'],
  ['correlation_id', 'correlationId'],
  ['timestamp', 'timestamp'],
]);
/** The longest of those names: longer field names are skipped without decoding them. */
const LONGEST_COLUMN_NAME = 14;
/** Fields that carry a whole envelope, tried in this order. */
export const ENVELOPE_FIELD_NAMES: readonly string[] = ['envelope', 'message', 'data', 'payload'];
/** Spread over fields, an envelope names at least two columns (a lone `type` field is just a field). */
const MIN_SPREAD_COLUMNS = 2;
/** A value larger than this is not decoded to look for an envelope in it. */
const MAX_ENVELOPE_VALUE_BYTES = 1024 * 1024;
/** Envelope columns are names and numbers, not prose. */
const MAX_COLUMN_CHARS = 200;

/** One field of an entry, as Redis returned it. */
export interface RawField {
  name: Buffer;
  value: Buffer;
}

export function findEnvelope(fields: readonly RawField[]): StreamEnvelope | null {
  const spread = envelopeFromFields(fields);
  if (spread) return spread;
  for (const fieldName of ENVELOPE_FIELD_NAMES) {
    const field = fields.find((candidate) => candidate.name.length === fieldName.length && candidate.name.toString('latin1') === fieldName);
    if (!field) continue;
    const found = envelopeFromValue(field.value, fieldName);
    if (found) return found;
  }
  return null;
}

function envelopeFromFields(fields: readonly RawField[]): StreamEnvelope | null {
  const envelope: StreamEnvelope = { foundIn: { kind: 'fields' } };
  let columns = 0;
  for (const field of fields) {
    if (field.name.length > LONGEST_COLUMN_NAME) continue;
    const column = COLUMN_OF_FIELD.get(field.name.toString('latin1'));
    if (column === undefined) continue;
    // The first field of a name wins: Redis allows repeats, the envelope has one of each.
    if (column === 'timestamp' ? envelope.timestampMs !== undefined : envelope[column] !== undefined) continue;
    const text = field.value.subarray(0, MAX_COLUMN_CHARS * 4).toString('utf8');
    if (column === 'timestamp') {
      const ms = readTimestampMs(text);
      if (ms !== undefined) envelope.timestampMs = ms;
    } else envelope[column] = columnText(text);
    columns++;
  }
  return columns >= MIN_SPREAD_COLUMNS ? envelope : null;
}

function envelopeFromValue(bytes: Buffer, fieldName: string): StreamEnvelope | null {
  if (bytes.length > MAX_ENVELOPE_VALUE_BYTES) return null;
  const decoded = decodePayload(bytes);
  if (decoded.kind !== 'json' && decoded.kind !== 'msgpack') return null;
  const value = decoded.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  // An entry read now, not received: its publish time is bounded by the clock (undefined reads it).
  const recognized = recognizeEnvelopeAt(record, undefined);
  const envelope: StreamEnvelope = { foundIn: { kind: 'field', fieldName } };
  let columns = 0;
  for (const [name, column] of COLUMN_OF_FIELD) {
    if (column === 'timestamp' || !Object.hasOwn(record, name)) continue;
    const text = scalarText(record[name]);
    if (text === undefined) continue;
    envelope[column] = text;
    columns++;
  }
  if (recognized.publishedAt !== undefined) {
    envelope.timestampMs = recognized.publishedAt;
    columns++;
  }
  return columns >= MIN_SPREAD_COLUMNS ? envelope : null;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return columnText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

function columnText(text: string): string {
  const visible = toVisibleTextWithin(text, MAX_COLUMN_CHARS);
  return visible.isTruncated ? `${visible.text}…` : visible.text;
}
