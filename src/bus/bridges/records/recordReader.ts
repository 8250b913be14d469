/**
 * Reads one framed record in the bridge's RecordFormat into a value, and
 * turns a read record into what is published (channel template, lab
 * envelope). The interface the bridge runtime codes against.
 *
 * What is published:
 * - with the envelope: `{channel, source, timestamp, data}` as JSON text;
 *   `data` is the record's value (CSV lines as objects, MessagePack made
 *   JSON-safe) or, for raw records, {"encoding":"base64","base64":"…"};
 * - without it: a JSON record's own text (trimmed), a MessagePack record's
 *   own bytes, a CSV line's object as JSON, raw bytes as they came.
 */
import { isAscii } from 'node:buffer';
import type { BridgeRouting, RecordFormat } from '../../../shared/bridges';
import { fail, ok, type Result } from '../../../shared/result';
import { DEFAULT_MAX_DECODE_DEPTH, DEFAULT_MAX_DECODE_ITEMS, decodePayload } from '../../decode/decodePayload';
import { findJsonStructureProblem } from '../../decode/jsonPrescan';
import { MAX_RECORD_BYTES } from '../framing/framer';
import { resolveChannel } from './channelTemplate';
import { CsvTable } from './csvRecord';
import { describeJsonError } from './jsonErrorWords';
import { toJsonSafeValue } from './jsonSafeValue';
import { publishedBytesOf, type WaitingRecord } from '../publishBuffer';
import { labEnvelope, labEnvelopeHead } from './labEnvelope';

export type ReadRecord =
  /**
   * `asIs`: the bytes published when the envelope is off; absent publishes the value as JSON.
   * `jsonText`: the record's own JSON text, parsed and all ASCII, so valid JSON and valid UTF-8 as it
   * stands: the envelope's `data` is these bytes as they came, not the value written out again.
   */
  | { value: unknown; asIs?: Buffer; jsonText?: Buffer }
  | { bytes: Buffer };

export interface RecordReader {
  /**
   * A value (JSON/CSV/MessagePack) or the bytes themselves (raw); null when
   * the record holds nothing to publish (a CSV header line). A failure says
   * why in words ("The record is not JSON: …").
   */
  read(record: Buffer): Result<ReadRecord | null>;
  /** Forgets what earlier records taught it (a CSV header), when the device is reopened. */
  reset(): void;
}

const textDecoder = new TextDecoder('utf-8', { fatal: false });

export function createRecordReader(format: RecordFormat): RecordReader {
  switch (format.kind) {
    case 'json':
      return { read: readJson, reset: () => undefined };
    case 'msgpack':
      return { read: readMsgpack, reset: () => undefined };
    case 'raw':
      return { read: (record) => ok({ bytes: record }), reset: () => undefined };
    case 'csv': {
      const table = new CsvTable(format.delimiter);
      return {
        read: (record) => {
          const line = readCsvText(record);
          if (!line.ok) return line;
          const row = table.read(line.value);
          return row.ok ? ok(row.value === null ? null : { value: row.value }) : row;
        },
        reset: () => table.reset(),
      };
    }
    default:
      return unhandledFormat(format);
  }
}

function readJson(record: Buffer): Result<ReadRecord> {
  const trimmed = trimJsonWhitespace(record);
  if (trimmed.length === 0) return fail('INVALID', 'The record is empty (only spaces), so it holds no JSON.');
  const parsed = parseAsciiJson(trimmed);
  if (parsed !== NOT_PARSED) return ok({ value: parsed, asIs: trimmed, jsonText: trimmed });
  const decoded = decodePayload(trimmed, { pinned: 'json', maxBytes: MAX_RECORD_BYTES });
  // Motivation: re-writing each parsed record with JSON.stringify for the envelope took about a third of the bridge's time per record (bench bridge-serial, cpu profile).
  if (decoded.kind === 'json') return ok(isAscii(trimmed) ? { value: decoded.value, asIs: trimmed, jsonText: trimmed } : { value: decoded.value, asIs: trimmed });
  const reason = decoded.kind === 'error' ? decoded.reason : 'it could not be read as JSON.';
  const engineMessage = /^The payload is not valid JSON: (.*)$/s.exec(reason);
  if (engineMessage) return fail('INVALID', `The record is not JSON: ${describeJsonError(textDecoder.decode(trimmed), engineMessage[1]!)}.`);
  return fail('INVALID', `The record is not JSON: ${inRecordWords(reason)}`);
}

const NOT_PARSED = Symbol('not parsed');
const STRUCTURE_LIMITS = { maxDepth: DEFAULT_MAX_DECODE_DEPTH, maxItems: DEFAULT_MAX_DECODE_ITEMS };

/**
 * The common record (ASCII JSON within decodePayload's limits) parsed
 * straight from its bytes; NOT_PARSED sends it the long way, which also
 * words the error. ASCII needs no UTF-8 check and reads as latin1, a copy
 * per byte. Motivation: decodePayload's isUtf8 and TextDecoder were most of
 * its 2.6-3.0 µs per 85-byte record, JSON.parse alone 0.5-2.2 µs
 * (bench/bridgeSerial.ts records, one loaded 2-core machine).
 */
function parseAsciiJson(trimmed: Buffer): unknown {
  if (trimmed.length > MAX_RECORD_BYTES || !isAscii(trimmed) || findJsonStructureProblem(trimmed, STRUCTURE_LIMITS) !== null) return NOT_PARSED;
  try {
    return JSON.parse(trimmed.toString('latin1')) as unknown;
  } catch {
    return NOT_PARSED;
  }
}

function readMsgpack(record: Buffer): Result<ReadRecord> {
  const decoded = decodePayload(record, { pinned: 'msgpack', maxBytes: MAX_RECORD_BYTES });
  if (decoded.kind === 'msgpack') return ok({ value: toJsonSafeValue(decoded.value), asIs: record });
  const reason = decoded.kind === 'error' ? decoded.reason : 'it could not be read as MessagePack.';
  return fail('INVALID', `The record is not MessagePack: ${inRecordWords(reason)}`);
}

function readCsvText(record: Buffer): Result<string> {
  const text = textDecoder.decode(record);
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) return fail('INVALID', `The CSV line is not text: it has bytes that are not UTF-8 near character ${bad + 1}.`);
  return ok(text);
}

function trimJsonWhitespace(record: Buffer): Buffer {
  let start = record[0] === 0xef && record[1] === 0xbb && record[2] === 0xbf ? 3 : 0;
  let end = record.length;
  while (start < end && isJsonWhitespace(record[start]!)) start++;
  while (end > start && isJsonWhitespace(record[end - 1]!)) end--;
  return start === 0 && end === record.length ? record : record.subarray(start, end);
}

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The decoder's reason, which speaks of a "payload", as the rest of a sentence about this record. */
function inRecordWords(reason: string): string {
  const text = reason.replace(/^The payload/, 'it').replace(/the payload/g, 'the record');
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

export interface PublishedRecord {
  channel: string;
  payload: Buffer;
}

/** The channel and bytes to publish for one read record, or why it cannot be published (a template field the record lacks). */
export function toPublishedRecord(read: ReadRecord, routing: BridgeRouting, context: { bridgeName: string; receivedAt: number }): Result<PublishedRecord> {
  const parts = toPublishedParts(read, routing, context);
  return parts.ok ? ok({ channel: parts.value.channel, payload: publishedBytesOf(parts.value) }) : parts;
}

/**
 * toPublishedRecord's answer in parts: a JSON record's envelope is its own
 * text (often a view of the chunk it was read in) and the envelope head
 * shared by its chunk, so they are joined once, where the batch is written.
 * Motivation: the joined envelope was a new Buffer and a copy per record,
 * copied again by ioredis into the batch's command (`bridge-serial` profile).
 */
export function toPublishedParts(read: ReadRecord, routing: BridgeRouting, context: { bridgeName: string; receivedAt: number }): Result<WaitingRecord> {
  const isBytes = 'bytes' in read;
  const channel = resolveChannel(routing.channelTemplate, isBytes ? null : read.value, routing.deviceId);
  if (!channel.ok) return channel;
  if (routing.shouldWrapInEnvelope) {
    const source = routing.sourceName !== '' ? routing.sourceName : context.bridgeName;
    if ('jsonText' in read && read.jsonText !== undefined) return ok({ channel: channel.value, payload: read.jsonText, envelopeHead: labEnvelopeHead(channel.value, source, context.receivedAt) });
    return jsonPayload(channel.value, labEnvelope(channel.value, source, context.receivedAt, read));
  }
  if (isBytes) return ok({ channel: channel.value, payload: read.bytes });
  return read.asIs !== undefined ? ok({ channel: channel.value, payload: read.asIs }) : jsonPayload(channel.value, read.value);
}

function jsonPayload(channel: string, value: unknown): Result<PublishedRecord> {
  try {
    return ok({ channel, payload: Buffer.from(JSON.stringify(value)) });
  } catch (error) {
    // Values come from JSON, CSV or toJsonSafeValue, so this is a bug guard, not an expected path.
    return fail('INTERNAL', 'The record could not be written as JSON.', { detail: error instanceof Error ? error.message : String(error) });
  }
}

function unhandledFormat(format: never): never {
  throw new Error(`no reader for record format ${(format as { kind: string }).kind}`);
}
