/**
 * One pass over a received payload: decode it with the lane's decoder and
 * recognise its envelope. JSON and MessagePack over 2 KiB wait until a frame
 * or a request carries the message (isDecodeDeferred, buildShownFields):
 * under a flood most of them never leave the bus. Small JSON gets its
 * preview at once (its own text, or the native JSON.stringify); MessagePack
 * shown in the feed is not decoded at all: its preview and envelope are
 * read from the bytes (msgpackSummary.ts). Its value is decoded only for a
 * lane's filter (buildMessage with needsValue) and for the detail view.
 *
 * Motivation: a 929-byte MessagePack EEG frame (64 float channels) cost
 * 2.0 µs for the structure check, 7.6 µs to decode and 3.7 µs to preview the
 * value; reading the preview from the bytes costs about 2-3 µs. A 185-byte
 * JSON telemetry message 0.95 µs with JSON.stringify against 3.2 µs to
 * decode (Node 20.20, shared 2-core machine).
 */
import { toVisibleTextWithin } from '../../shared/displayText';
import { DECODER_CHOICES, feedEnvelopeOf, MAX_PREVIEW_CHARS, type DecoderChoice, type FeedMessage } from '../../shared/liveChannels';
import { decodePayload, type DecodeOptions } from '../decode/decodePayload';
import { newEnvelopeReading, readEnvelopeAt } from '../decode/envelope';
import { toHex } from '../decode/hexPreview';
import { compactJsonPreview, hasCharactersToEscape } from '../decode/compactPreview';
import { summarizeMsgpack } from '../decode/msgpackSummary';
import { decodeOnce, type SharedDecodeSlot } from '../decode/sharedDecode';

/** Envelope type and source are names, not prose: long ones are cut. */
const MAX_ENVELOPE_TEXT_CHARS = 200;
/** "… +123456789 bytes" needs about 20 characters after the hex pairs. */
const HEX_PREVIEW_BYTES = Math.floor((MAX_PREVIEW_CHARS - 24) / 3);
/** JSON.parse output holds only JSON types, so the native JSON.stringify writes its preview, up to this payload size. */
const NATIVE_STRINGIFY_MAX_BYTES = 16 * 1024;
const UTF8_BOM_FIRST_BYTE = 0xef;
/** JSON up to this size is previewed on receipt. */
const EAGER_PREVIEW_MAX_BYTES = 2 * 1024;

/** What a message shows in the feed, apart from what the feed assigns (seq, lanes, channel, receive time). */
export type FeedMessageFields = Pick<FeedMessage, 'sizeBytes' | 'kind' | 'decodeError' | 'preview' | 'envelope' | 'latencyMs'>;

export interface BuiltMessage {
  /** `preview` is '' for MessagePack and large JSON: it is written when the message is shown (previewOfPayload). */
  fields: FeedMessageFields;
  /** The decoded JSON or MessagePack value, for field filters and the preview. */
  value: unknown;
  hasValue: boolean;
  /** The decoded text of a text payload, for text filters. */
  text: string | undefined;
  /** The text of a JSON payload as it arrived. */
  source?: string;
  /**
   * The preview is the payload's own text, byte for byte (UTF-8, no byte
   * order mark, nothing trimmed): the history keeps no string for it and a
   * frame copies its bytes (feedLog.ts).
   */
  isPreviewPayloadText?: boolean;
}

/** How a MessagePack value is read for the feed alone: its preview and envelope straight from the bytes. */
const SHOWN_ONLY: Pick<DecodeOptions, 'summarizeMsgpack'> = { summarizeMsgpack: (bytes) => summarizeMsgpack(bytes, MAX_PREVIEW_CHARS) };
/** The decode options for each decoder, made once (not an object per message). */
const VALUE_OPTIONS = Object.fromEntries(DECODER_CHOICES.map((decoder) => [decoder, { pinned: decoder }])) as Record<DecoderChoice, DecodeOptions>;
const SHOWN_OPTIONS = Object.fromEntries(DECODER_CHOICES.map((decoder) => [decoder, { pinned: decoder, ...SHOWN_ONLY }])) as Record<DecoderChoice, DecodeOptions>;

/**
 * `needsValue`: a filter reads the decoded value. Without it a MessagePack
 * value is not built (hasValue false): its preview and envelope are read
 * from the bytes. `shared`: the message as its source delivered it (its
 * payload is `payload`), whose JSON decode the lanes and the alert rules
 * share (decode/sharedDecode.ts).
 */
export function buildMessage(payload: Uint8Array, decoder: DecoderChoice, receivedAt: number, needsValue = true, shared?: SharedDecodeSlot): BuiltMessage {
  const options = (needsValue ? VALUE_OPTIONS : SHOWN_OPTIONS)[decoder];
  const decoded = shared ? decodeOnce(shared, options) : decodePayload(payload, options);
  const sizeBytes = payload.length;
  switch (decoded.kind) {
    case 'json': {
      const isEager = sizeBytes <= EAGER_PREVIEW_MAX_BYTES;
      const preview = isEager ? previewOfContainer('json', decoded.value, sizeBytes, decoded.source) : '';
      const fields = fieldsWithEnvelope(sizeBytes, 'json', preview, decoded.value, receivedAt);
      // The decoded source is the payload's exact text once a leading byte order mark is ruled out (the decoder drops it).
      const isPreviewPayloadText = isEager && preview === decoded.source && payload[0] !== UTF8_BOM_FIRST_BYTE;
      return { fields, value: decoded.value, hasValue: true, text: undefined, source: decoded.source, isPreviewPayloadText };
    }
    case 'msgpack': {
      const summary = decoded.summary;
      const fields = fieldsWithEnvelope(sizeBytes, 'msgpack', summary ? summary.preview : '', summary ? summary.envelopeFields : decoded.value, receivedAt);
      return { fields, value: decoded.value, hasValue: summary === undefined, text: undefined };
    }
    case 'text':
      return { fields: { sizeBytes, kind: 'text', preview: textPreview(decoded.text) }, value: undefined, hasValue: false, text: decoded.text };
    case 'binary':
      return { fields: { sizeBytes, kind: 'binary', preview: toHex(payload, HEX_PREVIEW_BYTES) }, value: undefined, hasValue: false, text: undefined };
    case 'error':
      return {
        fields: { sizeBytes, kind: 'error', decodeError: decoded.reason, preview: toHex(payload, HEX_PREVIEW_BYTES) },
        value: undefined,
        hasValue: false,
        text: undefined,
      };
  }
}

/**
 * Whether decoding this payload can wait until the message is shown:
 * MessagePack and JSON containers over EAGER_PREVIEW_MAX_BYTES, whose
 * decoding and preview cost the most. Smaller ones (the common lab
 * message), text, binary and scalars are decoded at once.
 *
 * Motivation (npm run bench -- --quick, 200-byte JSON flood, two runs
 * each): deferring small JSON delivered 96k-114k msg/s and left 22k-36k of
 * 150k out of frames (the frame's preview budget ran out); decoding it on
 * receipt, now that its preview is its own text, 95k-120k msg/s with none
 * left out. The same for 929-byte MessagePack EEG frames, once their
 * preview was read from the bytes: 27.6k msg/s with 50.6k of 80k left out
 * before, 57.6k with none left out.
 */
export function isDecodeDeferred(payload: Uint8Array, decoder: DecoderChoice): boolean {
  const isSmall = payload.length <= EAGER_PREVIEW_MAX_BYTES;
  switch (decoder) {
    case 'json':
      return !isSmall;
    case 'msgpack':
      return !isSmall;
    case 'text':
    case 'binary':
      return false;
    case 'auto': {
      const first = payload[0];
      if (first === undefined) return false;
      // MessagePack fixmap and fixarray, array 16/32 and map 16/32.
      if ((first >= 0x80 && first <= 0x9f) || (first >= 0xdc && first <= 0xdf)) return !isSmall;
      // '{', '[', or JSON after whitespace or a BOM.
      const isJsonLead = first === 0x7b || first === 0x5b || first === 0x20 || first === 0x09 || first === 0x0a || first === 0x0d || first === 0xef;
      return isJsonLead && !isSmall;
    }
  }
}

/** Every field a shown message carries, preview included, from one decode. */
export function buildShownFields(payload: Uint8Array, decoder: DecoderChoice, receivedAt: number): FeedMessageFields {
  const built = buildMessage(payload, decoder, receivedAt, false);
  const kind = built.fields.kind;
  if (built.fields.preview === '' && (kind === 'json' || kind === 'msgpack')) {
    built.fields.preview = previewOfContainer(kind, built.value, payload.length, built.source);
  }
  return built.fields;
}

/**
 * The preview of a decoded JSON or MessagePack value. JSON that arrived on
 * one line within the preview cap with nothing to make visible (`source`)
 * is shown as sent, number for number; anything else as compact JSON of its
 * value, invisible characters escaped, capped.
 * Motivation: JSON.stringify cost 0.84 µs of a 200-byte message's preview;
 * the check that replaces it about 0.15 µs (CPU profile of the bus under an
 * ingest flood).
 */
function previewOfContainer(kind: 'json' | 'msgpack', value: unknown, sizeBytes: number, source?: string): string {
  if (source !== undefined && source.length <= MAX_PREVIEW_CHARS && !hasCharactersToEscape(source)) return source.trim();
  if (kind === 'json' && sizeBytes <= NATIVE_STRINGIFY_MAX_BYTES) {
    const text = JSON.stringify(value) ?? 'null';
    if (text.length <= MAX_PREVIEW_CHARS && !hasCharactersToEscape(text)) return text;
    return cappedVisible(text);
  }
  return compactJsonPreview(value, MAX_PREVIEW_CHARS);
}

/** The preview of a held payload whose value was not kept: decoded again. */
export function previewOfPayload(payload: Uint8Array, decoder: DecoderChoice): string {
  const decoded = decodePayload(payload, SHOWN_OPTIONS[decoder]);
  switch (decoded.kind) {
    case 'json':
      return previewOfContainer('json', decoded.value, payload.length, decoded.source);
    case 'msgpack':
      return decoded.summary ? decoded.summary.preview : previewOfContainer('msgpack', decoded.value, payload.length);
    case 'text':
      return textPreview(decoded.text);
    default:
      return toHex(payload, HEX_PREVIEW_BYTES);
  }
}

function textPreview(text: string): string {
  const head = text.length > MAX_PREVIEW_CHARS ? text.slice(0, MAX_PREVIEW_CHARS + 1) : text;
  if (head.length <= MAX_PREVIEW_CHARS && !hasCharactersToEscape(head)) return head;
  return cappedVisible(head);
}

function cappedVisible(text: string): string {
  const visible = toVisibleTextWithin(text, MAX_PREVIEW_CHARS);
  if (!visible.isTruncated) return visible.text;
  return `${toVisibleTextWithin(text, MAX_PREVIEW_CHARS - 1).text}…`;
}

/** An envelope's type or source as shown: most are short names with nothing to make visible, kept as they are. */
function envelopeText(text: string): string {
  if (text.length <= MAX_ENVELOPE_TEXT_CHARS && !hasCharactersToEscape(text)) return text;
  return toVisibleTextWithin(text, MAX_ENVELOPE_TEXT_CHARS).text;
}

/** The envelope read of the message being built: refilled per message (a build finishes before the next starts). */
const envelopeReading = newEnvelopeReading();

/**
 * A decoded container's fields with its envelope, made in one literal.
 * Motivation: adding `latencyMs` and `envelope` to a made object grew it
 * with a second allocation for every enveloped message (part of the 200
 * bytes per stream entry cut in bench/README.md, "Session 10 (tailceiling)");
 * the envelope is read into one reused record and made whole at once
 * (feedEnvelopeOf): 1,306-1,371 -> 1,192-1,210 bytes per 200-byte JSON
 * stream entry under deliverReply, three runs each (bench/feedPathGarbage.ts;
 * bench/README.md, "Session 11 (tailgc)").
 */
function fieldsWithEnvelope(sizeBytes: number, kind: 'json' | 'msgpack', preview: string, value: unknown, receivedAt: number): FeedMessageFields {
  const { type, source, publishedAt } = readEnvelopeAt(value, receivedAt, envelopeReading);
  const envelope = feedEnvelopeOf(type === undefined ? undefined : envelopeText(type), source === undefined ? undefined : envelopeText(source), publishedAt);
  if (envelope === undefined) return { sizeBytes, kind, preview };
  if (publishedAt === undefined) return { sizeBytes, kind, preview, envelope };
  return { sizeBytes, kind, preview, latencyMs: receivedAt - publishedAt, envelope };
}
