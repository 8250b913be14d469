/**
 * Reads a dead letter's raw fields (bytes, as XRANGE's Buffer form gives
 * them) into what the console shows: the bookkeeping facts and the original
 * fields, decoded by the live feed's decoders. Never throws: entries with no
 * expected fields, huge values or invalid UTF-8 names come out as shown text.
 */
import type { DeadLetter, DeadLetterField, DeadLetterLayout } from '../../../shared/features/deadLettersContract';
import { displayTextOfBytes } from '../../../shared/displayText';
import { compactJsonPreview, finishPreview } from '../../decode/compactPreview';
import { decodePayload } from '../../decode/decodePayload';

/** Fields shown per dead letter; the count of all is kept beside them. */
export const MAX_FIELDS_SHOWN = 50;
const MAX_NAME_CHARS = 200;
const MAX_VALUE_CHARS = 300;
const MAX_PREVIEW_CHARS = 300;
/** Values past this are previewed as "N bytes" plus their start, never parsed whole. */
const MAX_DECODE_BYTES = 256 * 1024;

const LAYOUT_MARKER = 'dlq:v1';

/** Field names producers use for the same facts, when they wrote the dead letter themselves. */
const PRODUCER_NAMES = {
  reason: ['reason', 'error', 'failure_reason', 'last_error'],
  origin: ['origin', 'origin_stream', 'original_stream', 'source_stream', 'stream'],
  originalId: ['original_id', 'originalId', 'source_id', 'message_id'],
  deliveries: ['deliveries', 'delivery_count', 'attempts', 'retries'],
  movedAt: ['moved_at', 'failed_at', 'dead_lettered_at'],
  group: ['group', 'consumer_group'],
} as const;

type Fact = keyof typeof PRODUCER_NAMES;

export interface ParsedDeadLetter {
  layout: DeadLetterLayout;
  facts: Partial<Record<Fact, string>>;
  /** Index in the raw field list where the original's pairs start. */
  originalStart: number;
}

/** Splits bookkeeping from the original; `raw` alternates names and values. */
export function parseDeadLetterFields(raw: readonly Buffer[]): ParsedDeadLetter {
  if (raw.length >= 2 && raw[0]!.toString('latin1') === LAYOUT_MARKER) {
    const declared = Number(raw[1]!.toString('latin1'));
    const pairs = Number.isInteger(declared) && declared >= 1 && declared * 2 <= raw.length ? declared : 1;
    const facts: Partial<Record<Fact, string>> = {};
    for (let index = 2; index < pairs * 2; index += 2) {
      const fact = LABWIRE_FACTS[raw[index]!.toString('latin1')];
      if (fact) facts[fact] = raw[index + 1]!.toString('utf8');
    }
    return { layout: 'labwire', facts, originalStart: pairs * 2 };
  }
  const facts: Partial<Record<Fact, string>> = {};
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!;
    if (name.length > 40) continue;
    const fact = PRODUCER_FACTS.get(name.toString('latin1'));
    if (fact && facts[fact] === undefined) facts[fact] = raw[index + 1]!.toString('utf8');
  }
  return { layout: Object.keys(facts).length > 0 ? 'producer' : 'unknown', facts, originalStart: 0 };
}

const LABWIRE_FACTS: Readonly<Record<string, Fact>> = Object.assign(Object.create(null) as Record<string, Fact>, {
  'dlq:reason': 'reason',
  'dlq:origin': 'origin',
  'dlq:original_id': 'originalId',
  'dlq:deliveries': 'deliveries',
  'dlq:moved_at': 'movedAt',
  'dlq:group': 'group',
});

const PRODUCER_FACTS = new Map<string, Fact>(
  (Object.entries(PRODUCER_NAMES) as Array<[Fact, readonly string[]]>).flatMap(([fact, names]) => names.map((name) => [name, fact] as [string, Fact])),
);

/** The dead letter as the console shows it; `originOfKey` is the origin the stream's name points at. */
export function toDeadLetter(id: string, raw: readonly Buffer[], originOfKey: string | null): DeadLetter {
  const parsed = parseDeadLetterFields(raw);
  const pairCount = Math.floor((raw.length - parsed.originalStart) / 2);
  const fields: DeadLetterField[] = [];
  for (let pair = 0; pair < Math.min(pairCount, MAX_FIELDS_SHOWN); pair++) {
    const at = parsed.originalStart + pair * 2;
    fields.push(fieldOf(raw[at]!, raw[at + 1]!));
  }
  return {
    id,
    layout: parsed.layout,
    reason: parsed.facts.reason ?? null,
    deliveries: wholeNumber(parsed.facts.deliveries),
    origin: parsed.facts.origin ?? originOfKey,
    originalId: parsed.facts.originalId ?? null,
    movedAtMs: wholeNumber(parsed.facts.movedAt),
    group: parsed.facts.group ?? null,
    fields,
    fieldCount: pairCount,
  };
}

/** Where a replay of these raw fields goes: the entry's own word first, then the stream's name. */
export function replayOriginOf(raw: readonly Buffer[], originOfKey: string | null): string | null {
  return parseDeadLetterFields(raw).facts.origin ?? originOfKey;
}

function fieldOf(name: Buffer, value: Buffer): DeadLetterField {
  return { name: displayTextOfBytes(name, MAX_NAME_CHARS), value: displayTextOfBytes(value, MAX_VALUE_CHARS), preview: previewOf(value) };
}

/** The value decoded as the live feed decodes payloads, as one short line. */
export function previewOf(bytes: Buffer): string {
  const decoded = decodePayload(bytes, { maxBytes: MAX_DECODE_BYTES });
  switch (decoded.kind) {
    case 'json':
    case 'msgpack':
      return compactJsonPreview(decoded.value, MAX_PREVIEW_CHARS);
    case 'text':
      return finishPreview(decoded.text, MAX_PREVIEW_CHARS);
    case 'binary':
      return `binary, ${bytes.length} bytes`;
    case 'error':
      // The bytes as text, so the operator sees what broke the worker; the decoder's reason stays short.
      return `${displayTextOfBytes(bytes, MAX_PREVIEW_CHARS).text} (not valid ${decoded.decoder === 'text' ? 'UTF-8' : decoded.decoder.toUpperCase()})`;
  }
}

function wholeNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}
