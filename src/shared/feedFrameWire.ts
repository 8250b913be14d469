/**
 * How a feed frame's messages travel: as columns, not as thousands of
 * objects. Each field of FeedMessage becomes one typed array (or one index
 * into a small table of the frame's distinct channels, lane ids and
 * envelope strings), and all previews become one UTF-8 block with their
 * end offsets. busMessageCodec.ts writes a FeedFrame this way and reads it back
 * into FeedMessage objects, so everything past the codec sees FeedFrame.
 *
 * Motivation: JSON.stringify of a 2,000-message frame of objects cost the
 * bus about 2 µs per message (npm run bench ingest flood, CPU profile of
 * the worker: frame encoding 19 % of its time); columns cost a copy per
 * field and one pass over the joined previews.
 */
import { feedEnvelopeOf, type DecodedKind, type DisplayText, type FeedFrame, type FeedMessage } from './liveChannels';

const KINDS: readonly DecodedKind[] = ['json', 'msgpack', 'text', 'binary', 'error'];
const KIND_INDEX: ReadonlyMap<DecodedKind, number> = new Map(KINDS.map((kind, index) => [kind, index]));
const NONE = -1;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8');

/** The messages of one feed frame, column by column; every column has `count` entries except laneRefs. */
export interface WireFeedMessages {
  count: number;
  seq: Float64Array;
  receivedAt: Float64Array;
  sizeBytes: Float64Array;
  /** Index into KINDS. */
  kind: Uint8Array;
  /** Index into `channels`. */
  channel: Uint32Array;
  channels: DisplayText[];
  /** Message i's lanes are laneRefs[laneEnds[i-1] .. laneEnds[i]), indexes into `laneIds`. */
  laneEnds: Uint32Array;
  laneRefs: Uint32Array;
  laneIds: string[];
  /**
   * All previews in order as UTF-8; message i's is the bytes from
   * previewEnds[i-1] (0 for the first) to previewEnds[i]. A lone surrogate
   * in a preview arrives as U+FFFD.
   */
  previews: Uint8Array;
  previewEnds: Uint32Array;
  /** Indexes into `strings`, -1 when absent. */
  decodeError: Int32Array;
  envelopeType: Int32Array;
  envelopeSource: Int32Array;
  strings: string[];
  /** NaN when absent. */
  publishedAt: Float64Array;
  latencyMs: Float64Array;
}

export type WireFeedFrame = Omit<FeedFrame, 'messages'> & { messages: WireFeedMessages };

export function toWireFeedFrame(frame: FeedFrame): WireFeedFrame {
  return { ...frame, messages: toWireMessages(frame.messages) };
}

/** Reads a frame written by toWireFeedFrame (after the frame codec); throws a plain Error on broken columns. */
export function fromWireFeedFrame(wire: WireFeedFrame): FeedFrame {
  return { ...wire, messages: fromWireMessages(wire.messages) };
}

function toWireMessages(messages: readonly FeedMessage[]): WireFeedMessages {
  const writer = new WireMessagesWriter(messages.length);
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    const envelope = message.envelope;
    writer.row(index, {
      seq: message.seq,
      receivedAt: message.receivedAt,
      sizeBytes: message.sizeBytes,
      kindIndex: kindIndexOf(message.kind),
      channel: message.channel,
      laneIds: message.laneIds,
      preview: message.preview,
      previewSource: undefined,
      previewOffset: 0,
      previewLength: 0,
      decodeError: message.decodeError,
      envelopeType: envelope?.type,
      envelopeSource: envelope?.source,
      publishedAt: envelope?.publishedAt ?? Number.NaN,
      latencyMs: message.latencyMs ?? Number.NaN,
    });
  }
  return writer.finish();
}

export function kindIndexOf(kind: DecodedKind): number {
  return KIND_INDEX.get(kind) ?? KIND_INDEX.get('error')!;
}

export function kindAt(index: number): DecodedKind {
  return KINDS[index] ?? 'error';
}

/** One message as WireMessagesWriter takes it: a FeedMessage's fields, the absent ones as undefined or NaN. */
export interface WireRow {
  seq: number;
  receivedAt: number;
  sizeBytes: number;
  /** kindIndexOf(kind). */
  kindIndex: number;
  channel: DisplayText;
  laneIds: string[];
  /** Not read while previewSource is set. */
  preview: string;
  /** When set, the preview is these UTF-8 bytes of it, [previewOffset, previewOffset + previewLength): copied into the frame, never made a string. */
  previewSource: Uint8Array | undefined;
  previewOffset: number;
  previewLength: number;
  decodeError: string | undefined;
  envelopeType: string | undefined;
  envelopeSource: string | undefined;
  /** NaN when absent. */
  publishedAt: number;
  latencyMs: number;
}

/**
 * Writes a frame's columns row by row, from FeedMessage objects
 * (toWireFeedFrame) or straight from the bus's columnar history.
 */
export class WireMessagesWriter {
  private readonly wire: WireFeedMessages;
  private readonly channels: WireTable<DisplayText>;
  private readonly lanes: WireTable<string>;
  // Decode errors, envelope types and sources share one list, each with its own run (a text may appear twice).
  private readonly errors: WireTable<string>;
  private readonly types: WireTable<string>;
  private readonly sources: WireTable<string>;
  private laneRefCount = 0;
  /** Bytes of the frame's previews written so far (into scratch.previews). */
  private previewByteCount = 0;

  constructor(count: number) {
    const columns = scratchColumns(count);
    this.wire = {
      count,
      ...columns,
      channels: [],
      laneRefs: scratch.laneRefs,
      laneIds: [],
      previews: scratch.previews,
      strings: [],
    };
    this.channels = new WireTable<DisplayText>(this.wire.channels);
    this.lanes = new WireTable<string>(this.wire.laneIds);
    this.errors = new WireTable<string>(this.wire.strings);
    this.types = new WireTable<string>(this.wire.strings);
    this.sources = new WireTable<string>(this.wire.strings);
  }

  row(index: number, row: WireRow): void {
    const wire = this.wire;
    wire.seq[index] = row.seq;
    wire.receivedAt[index] = row.receivedAt;
    wire.sizeBytes[index] = row.sizeBytes;
    wire.kind[index] = row.kindIndex;
    wire.channel[index] = this.channels.indexOf(row.channel);
    const laneIds = row.laneIds;
    if (this.laneRefCount + laneIds.length > scratch.laneRefs.length) scratch.laneRefs = grown(scratch.laneRefs, this.laneRefCount + laneIds.length);
    const laneRefs = scratch.laneRefs;
    for (let lane = 0; lane < laneIds.length; lane++) laneRefs[this.laneRefCount++] = this.lanes.indexOf(laneIds[lane]!);
    wire.laneEnds[index] = this.laneRefCount;
    if (row.previewSource === undefined) this.writePreview(row.preview);
    else this.copyPreview(row.previewSource, row.previewOffset, row.previewLength);
    wire.previewEnds[index] = this.previewByteCount;
    wire.decodeError[index] = row.decodeError === undefined ? NONE : this.errors.indexOf(row.decodeError);
    wire.envelopeType[index] = row.envelopeType === undefined ? NONE : this.types.indexOf(row.envelopeType);
    wire.envelopeSource[index] = row.envelopeSource === undefined ? NONE : this.sources.indexOf(row.envelopeSource);
    wire.publishedAt[index] = row.publishedAt;
    wire.latencyMs[index] = row.latencyMs;
  }

  /** The frame's messages: views of this thread's scratch, valid until the next writer starts (see `scratch`). */
  finish(): WireFeedMessages {
    this.wire.laneRefs = scratch.laneRefs.subarray(0, this.laneRefCount);
    this.wire.previews = scratch.previews.subarray(0, this.previewByteCount);
    return this.wire;
  }

  /**
   * Each preview goes into the frame's UTF-8 block as its row is written.
   * Motivation: joining a 10,000-message frame's previews into one string
   * and encoding that cost 0.9 µs per 200-character preview, writing each
   * into the block 0.11 µs (Node 20, this machine).
   */
  private writePreview(preview: string): void {
    // A UTF-16 unit takes at most 3 bytes (a surrogate pair, 2 units, takes 4), so this always fits.
    const needed = this.previewByteCount + 3 * preview.length;
    if (needed > scratch.previews.length) scratch.previews = grown(scratch.previews, needed);
    const { written } = textEncoder.encodeInto(preview, scratch.previews.subarray(this.previewByteCount));
    this.previewByteCount += written;
  }

  private copyPreview(source: Uint8Array, offset: number, length: number): void {
    const needed = this.previewByteCount + length;
    if (needed > scratch.previews.length) scratch.previews = grown(scratch.previews, needed);
    scratch.previews.set(source.subarray(offset, offset + length), this.previewByteCount);
    this.previewByteCount += length;
  }
}

/**
 * Where writers put the frame being written: its columns, lane references
 * and previews. One per thread, grown to the largest frame seen, and reused:
 * a WireFeedMessages that `finish` returns is views of it, valid until the
 * next writer on the thread starts. Every caller encodes the frame at once
 * (frameCodec copies the views into the frame's own bytes), and writers run
 * one at a time, start to finish.
 * Motivation: each frame had its own columns and a copy of its previews,
 * then the frame's bytes copied them again, and fresh pages are what a frame
 * costs on this machine. Writing the columns went from 7.6 % to 3.3 % of the
 * bus worker's time in the stream-tail flood (CPU profiles); its CPU per
 * entry did not move beyond the noise (bench/README.md, "Session 12 (lead)").
 */
const scratch = {
  columns: new ArrayBuffer(0),
  laneRefs: new Uint32Array(1024),
  previews: new Uint8Array(64 * 1024),
};

type FixedColumns = Pick<
  WireFeedMessages,
  'seq' | 'receivedAt' | 'sizeBytes' | 'publishedAt' | 'latencyMs' | 'channel' | 'laneEnds' | 'previewEnds' | 'decodeError' | 'envelopeType' | 'envelopeSource' | 'kind'
>;

/** Bytes per message of the fixed columns: five Float64, six 32-bit, one Uint8 (in that order, so each stays aligned). */
const FIXED_COLUMN_BYTES = 5 * 8 + 6 * 4 + 1;

/** The fixed columns of a `count`-message frame, as views of the scratch (not zeroed: a writer fills every row). */
function scratchColumns(count: number): FixedColumns {
  if (scratch.columns.byteLength < count * FIXED_COLUMN_BYTES) scratch.columns = new ArrayBuffer(Math.max(count * FIXED_COLUMN_BYTES, 2 * scratch.columns.byteLength));
  const buffer = scratch.columns;
  let offset = 0;
  const next = <T>(Type: new (buffer: ArrayBuffer, offset: number, length: number) => T, bytesPerElement: number): T => {
    const view = new Type(buffer, offset, count);
    offset += bytesPerElement * count;
    return view;
  };
  return {
    seq: next(Float64Array, 8),
    receivedAt: next(Float64Array, 8),
    sizeBytes: next(Float64Array, 8),
    publishedAt: next(Float64Array, 8),
    latencyMs: next(Float64Array, 8),
    channel: next(Uint32Array, 4),
    laneEnds: next(Uint32Array, 4),
    previewEnds: next(Uint32Array, 4),
    decodeError: next(Int32Array, 4),
    envelopeType: next(Int32Array, 4),
    envelopeSource: next(Int32Array, 4),
    kind: next(Uint8Array, 1),
  };
}

function grown<T extends Uint8Array | Uint32Array>(array: T, atLeast: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(atLeast, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** A frame's table of distinct values; runs of the same value (one channel, one lane) skip the map. */
class WireTable<T> {
  private readonly indexes = new Map<T, number>();
  private lastValue: T | undefined = undefined;
  private lastIndex = NONE;

  constructor(private readonly list: T[]) {}

  indexOf(value: T): number {
    if (this.lastIndex !== NONE && value === this.lastValue) return this.lastIndex;
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.list.length;
      this.list.push(value);
      this.indexes.set(value, index);
    }
    this.lastValue = value;
    this.lastIndex = index;
    return index;
  }
}

function fromWireMessages(wire: WireFeedMessages): FeedMessage[] {
  const count = wire.count;
  checkColumns(wire);
  const previews = wire.previews;
  if (count > 0 && wire.previewEnds[count - 1]! > previews.length) throw new Error('The feed frame has offsets past the end of its columns.');
  const messages: FeedMessage[] = new Array<FeedMessage>(count);
  // Messages shown by one lane share one array per lane (laneIds is replaced, never changed, by its readers).
  const soloLaneIds = new Map<number, string[]>();
  const optionalText = (index: number): string | undefined => (index === NONE ? undefined : tableEntry(wire.strings, index, 'text'));
  const row = emptyWireRow();
  let laneStart = 0;
  let previewStart = 0;
  for (let index = 0; index < count; index++) {
    const laneEnd = wire.laneEnds[index]!;
    let laneIds: string[];
    if (laneEnd === laneStart + 1) {
      const ref = wire.laneRefs[laneStart]!;
      laneIds = soloLaneIds.get(ref) ?? [tableEntry(wire.laneIds, ref, 'lane')];
      soloLaneIds.set(ref, laneIds);
    } else {
      laneIds = [];
      for (let ref = laneStart; ref < laneEnd; ref++) laneIds.push(tableEntry(wire.laneIds, wire.laneRefs[ref]!, 'lane'));
    }
    laneStart = laneEnd;
    const previewEnd = wire.previewEnds[index]!;
    row.seq = wire.seq[index]!;
    row.laneIds = laneIds;
    row.channel = tableEntry(wire.channels, wire.channel[index]!, 'channel');
    row.receivedAt = wire.receivedAt[index]!;
    row.sizeBytes = wire.sizeBytes[index]!;
    row.kindIndex = kindIndexOf(tableEntry(KINDS, wire.kind[index]!, 'kind'));
    // Motivation: one decode per preview cost 0.11 µs per 200-byte preview, one decode of the whole block and a slice each 0.76 µs (Node 20).
    row.preview = textDecoder.decode(previews.subarray(previewStart, previewEnd));
    row.decodeError = optionalText(wire.decodeError[index]!);
    row.envelopeType = optionalText(wire.envelopeType[index]!);
    row.envelopeSource = optionalText(wire.envelopeSource[index]!);
    row.publishedAt = wire.publishedAt[index]!;
    row.latencyMs = wire.latencyMs[index]!;
    previewStart = previewEnd;
    messages[index] = feedMessageOf(row);
  }
  return messages;
}

/**
 * The FeedMessage a row describes, with its optional fields only when present: the reverse of WireMessagesWriter.row.
 * Motivation: the message and its envelope each made in one literal (feedEnvelopeOf), not grown by their optional
 * fields: the grown ones allocated their property stores again for every enveloped message (bench/README.md,
 * "Session 11 (tailgc)").
 */
export function feedMessageOf(row: WireRow): FeedMessage {
  const envelope = feedEnvelopeOf(row.envelopeType, row.envelopeSource, Number.isNaN(row.publishedAt) ? undefined : row.publishedAt);
  const { seq, laneIds, channel, receivedAt, sizeBytes, preview } = row;
  const kind = kindAt(row.kindIndex);
  let message: FeedMessage;
  if (envelope === undefined) message = { seq, laneIds, channel, receivedAt, sizeBytes, kind, preview };
  else if (Number.isNaN(row.latencyMs)) message = { seq, laneIds, channel, receivedAt, sizeBytes, kind, preview, envelope };
  else message = { seq, laneIds, channel, receivedAt, sizeBytes, kind, preview, envelope, latencyMs: row.latencyMs };
  if (row.decodeError !== undefined) message.decodeError = row.decodeError;
  // A latency without an envelope is not written by the bus; kept as the row says.
  if (envelope === undefined && !Number.isNaN(row.latencyMs)) message.latencyMs = row.latencyMs;
  return message;
}

/** A row object to refill, one per reader or writer (not one per message). */
export function emptyWireRow(): WireRow {
  return {
    seq: 0, receivedAt: 0, sizeBytes: 0, kindIndex: 0, channel: { text: '', byteLength: 0, isTruncated: false }, laneIds: [], preview: '',
    previewSource: undefined, previewOffset: 0, previewLength: 0, decodeError: undefined, envelopeType: undefined, envelopeSource: undefined, publishedAt: Number.NaN, latencyMs: Number.NaN,
  };
}

function checkColumns(wire: WireFeedMessages): void {
  const count = wire.count;
  if (!Number.isSafeInteger(count) || count < 0) throw new Error('The feed frame has a broken message count.');
  const columns = [
    wire.seq, wire.receivedAt, wire.sizeBytes, wire.kind, wire.channel, wire.laneEnds, wire.previewEnds,
    wire.decodeError, wire.envelopeType, wire.envelopeSource, wire.publishedAt, wire.latencyMs,
  ];
  if (!columns.every((column) => ArrayBuffer.isView(column) && column.length === count)) throw new Error('The feed frame has a column of the wrong length.');
  if (!(wire.laneRefs instanceof Uint32Array) || !(wire.previews instanceof Uint8Array)) throw new Error('The feed frame has broken lane or preview columns.');
  if (count > 0 && wire.laneEnds[count - 1]! > wire.laneRefs.length) {
    throw new Error('The feed frame has offsets past the end of its columns.');
  }
  for (let index = 1; index < count; index++) {
    if (wire.laneEnds[index]! < wire.laneEnds[index - 1]! || wire.previewEnds[index]! < wire.previewEnds[index - 1]!) {
      throw new Error('The feed frame has offsets that go backwards.');
    }
  }
}

function tableEntry<T>(table: readonly T[], index: number, what: string): T {
  if (!Array.isArray(table) || index >= table.length) throw new Error(`The feed frame refers to a ${what} it does not carry.`);
  return table[index]!;
}
