/**
 * Turns an entry as Redis returns it with the Buffer commands (`[id,
 * [name, value, name, value, …]]`) into the shared StreamEntry: each shown
 * field decoded by the live feed's rules (buildShownFields), names as
 * DisplayText, the envelope found, the rest counted. Never throws: an odd
 * reply becomes an entry that says what was odd.
 */
import { displayTextOfBytes } from '../../../shared/displayText';
import {
  MAX_DETAIL_FIELDS,
  MAX_DETAIL_TOTAL_BYTES,
  MAX_DETAIL_VALUE_BYTES,
  MAX_FIELD_NAME_CHARS,
  MAX_LISTED_FIELDS,
  streamIdTimeMs,
  type StreamEntry,
  type StreamEntryDetail,
  type StreamFieldDetail,
  type StreamFieldValue,
} from '../../../shared/streamEntries';
import { decodePayload } from '../../decode/decodePayload';
import { hexDumpLines, toJsonSafeTree } from '../../decode/messageDetail';
import { buildShownFields } from '../../feed/feedMessageBuilder';
import { findEnvelope, type RawField } from '../entryEnvelope';

/** An entry read with the Buffer commands: its id and its fields' exact bytes. */
export interface RawEntry {
  id: string;
  fields: RawField[];
}

/**
 * Hex dump lines of a binary or undecodable field in a detail (4 KiB); the
 * bytes themselves are in valueBase64. Small, as an entry may have 2,000 of them.
 */
const MAX_FIELD_HEX_LINES = 256;
/** Text shown whole in a detail's tree up to this many characters. */
const MAX_TREE_TEXT_CHARS = 1_000_000;

/** Reads one reply row; null when the row is not an entry at all. */
export function readRawEntry(row: unknown): RawEntry | null {
  if (!Array.isArray(row) || row.length < 2 || !Buffer.isBuffer(row[0])) return null;
  const id = row[0].toString('latin1');
  const flat: unknown = row[1];
  const fields: RawField[] = [];
  // A deleted entry still pending comes back from XCLAIM/XPENDING readers with null fields: an entry with none.
  if (Array.isArray(flat)) {
    for (let index = 0; index + 1 < flat.length; index += 2) {
      const name: unknown = flat[index];
      const value: unknown = flat[index + 1];
      if (Buffer.isBuffer(name) && Buffer.isBuffer(value)) fields.push({ name, value });
    }
  }
  return { id, fields };
}

export function readRawEntries(reply: unknown): RawEntry[] {
  if (!Array.isArray(reply)) return [];
  const entries: RawEntry[] = [];
  for (const row of reply) {
    const entry = readRawEntry(row);
    if (entry) entries.push(entry);
  }
  return entries;
}

export function fieldValueOf(bytes: Buffer): StreamFieldValue {
  const shown = buildShownFields(bytes, 'auto', Date.now());
  const value: StreamFieldValue = { kind: shown.kind, preview: shown.preview, byteLength: bytes.length };
  if (shown.decodeError !== undefined) value.decodeError = shown.decodeError;
  return value;
}

/** The entry as a list shows it: up to `maxFields` fields decoded, all counted. */
export function decodeEntry(raw: RawEntry, maxFields: number = MAX_LISTED_FIELDS): StreamEntry {
  let totalBytes = 0;
  for (const field of raw.fields) totalBytes += field.name.length + field.value.length;
  const shown = raw.fields.slice(0, maxFields);
  return {
    id: raw.id,
    timeMs: streamIdTimeMs(raw.id),
    fields: shown.map((field) => ({ name: displayTextOfBytes(field.name, MAX_FIELD_NAME_CHARS), value: fieldValueOf(field.value) })),
    fieldCount: raw.fields.length,
    totalBytes,
    areFieldsTruncated: shown.length < raw.fields.length,
    envelope: findEnvelope(raw.fields),
  };
}

/** Every field in full (up to MAX_DETAIL_FIELDS and MAX_DETAIL_TOTAL_BYTES of values), for the inspector. */
export function decodeEntryDetail(raw: RawEntry): StreamEntryDetail {
  const entry = decodeEntry(raw, MAX_DETAIL_FIELDS);
  let budget = MAX_DETAIL_TOTAL_BYTES;
  const fields: StreamFieldDetail[] = entry.fields.map((field, index) => {
    const source = raw.fields[index]!;
    const sent = source.value.subarray(0, Math.max(0, Math.min(MAX_DETAIL_VALUE_BYTES, budget)));
    budget -= sent.length;
    const detail: StreamFieldDetail = {
      name: field.name,
      nameBase64: source.name.toString('base64'),
      value: field.value,
      valueBase64: sent.toString('base64'),
      isValueTruncated: sent.length < source.value.length,
      hexDump: field.value.kind === 'binary' || field.value.kind === 'error' ? hexDumpLines(sent, MAX_FIELD_HEX_LINES) : [],
    };
    if (sent.length === source.value.length) {
      const decoded = decodePayload(source.value);
      if (decoded.kind === 'json' || decoded.kind === 'msgpack') detail.tree = toJsonSafeTree(decoded.value);
      else if (decoded.kind === 'text') detail.tree = decoded.text.length > MAX_TREE_TEXT_CHARS ? `${decoded.text.slice(0, MAX_TREE_TEXT_CHARS)}…` : decoded.text;
    }
    return detail;
  });
  return { entry, fields };
}
