/**
 * A profile's bounded message history, kept as columns: the newest
 * messages with their exact payload bytes, so the feed can cut frames,
 * fetch a full payload or scroll back. Capped by count and by bytes; the
 * oldest go first and are counted.
 *
 * Each message is a slot in a ring of typed arrays (times, sizes, kinds,
 * publish times) and of references shared between messages (channel
 * records, lane-id lists, interned envelope texts), plus its payload copy
 * and preview. A FeedMessage object is made only when a request asks for
 * one; frames are written from the columns (writeWire).
 *
 * Motivation: a FeedMessage, a history entry and an envelope object per
 * message lived as long as the history, so every message's objects were
 * copied by the young-generation collector and then marked by the old one;
 * under a flood the garbage collector took 13-16 % of the bus thread (CPU
 * profiles), 8-10 % with the log.
 *
 * Seqs are consecutive (the log numbers each message as it is appended),
 * so finding a message is an index computation, not a search.
 */
import { DECODER_CHOICES, type DecoderChoice, type FeedHistoryState, type FeedMessage } from '../../shared/liveChannels';
import { emptyWireRow, feedMessageOf, kindIndexOf, WireMessagesWriter, type WireFeedMessages, type WireRow } from '../../shared/feedFrameWire';
import type { ChannelRecord } from './channelStats';
import { storedBytes, type StoredPayload } from './payloadArena';
import type { FeedMessageFields } from './feedMessageBuilder';
import { entryIdOf, readEntryIdNumbers, type EntryIdNumbers } from './entryIdNumbers';

export type EvictionReason = 'count' | 'bytes';

/** What append takes: where the payload copy is, and how it is decoded. */
export interface ArrivedPayload {
  stored: StoredPayload;
  decoder: DecoderChoice;
  channelRecord: ChannelRecord;
  receivedAt: number;
  /** A stream entry's id (the stream tail's messages only). */
  entryId?: string | undefined;
  /** The preview is the payload's own text (BuiltMessage.isPreviewPayloadText): no string is kept for it. */
  isPreviewPayloadText?: boolean;
}

/** A held message's payload (a view of its copy) and how it is decoded, for the detail view and for completing a pending message. */
export interface HeldPayload extends Omit<ArrivedPayload, 'stored'> {
  payload: Buffer;
}

/**
 * Slots allocated at first: a profile's log grows by doubling as messages
 * arrive, so one that only ever sees a few hundred holds no 100,000-slot
 * columns (about 12 MB).
 */
const INITIAL_SLOTS = 1024;

interface Columns {
  receivedAt: Float64Array;
  sizeBytes: Float64Array;
  kind: Uint8Array;
  decoder: Uint8Array;
  /** 1 while the message waits to be decoded: its kind and preview are placeholders. */
  pending: Uint8Array;
  /** 1 when the preview is the payload's own text, read from the payload copy (the preview column is then unset). */
  previewIsPayload: Uint8Array;
  /** NaN when absent. */
  publishedAt: Float64Array;
  latencyMs: Float64Array;
  cost: Float64Array;
  /** Where each payload copy is: its buffer (an arena slab, shared), offset and length. */
  payloadOffset: Float64Array;
  payloadLength: Float64Array;
  /** A stream entry's id as its two numbers (entryIdNumbers.ts); NaN milliseconds: none, or kept in `entryId`. */
  entryIdMilliseconds: Float64Array;
  entryIdSequence: Float64Array;
  channelRecord: (ChannelRecord | undefined)[];
  laneIds: (string[] | undefined)[];
  payloadStore: (Buffer | undefined)[];
  preview: (string | undefined)[];
  decodeError: (string | undefined)[];
  envelopeType: (string | undefined)[];
  envelopeSource: (string | undefined)[];
  /** Only ids that are not two plain numbers. */
  entryId: (string | undefined)[];
}

const TYPED_COLUMNS = ['receivedAt', 'sizeBytes', 'kind', 'decoder', 'pending', 'previewIsPayload', 'publishedAt', 'latencyMs', 'cost', 'payloadOffset', 'payloadLength', 'entryIdMilliseconds', 'entryIdSequence'] as const;
const REFERENCE_COLUMNS = ['channelRecord', 'laneIds', 'payloadStore', 'preview', 'decodeError', 'envelopeType', 'envelopeSource', 'entryId'] as const;

function allocateColumns(slots: number): Columns {
  return {
    receivedAt: new Float64Array(slots),
    sizeBytes: new Float64Array(slots),
    kind: new Uint8Array(slots),
    decoder: new Uint8Array(slots),
    pending: new Uint8Array(slots),
    previewIsPayload: new Uint8Array(slots),
    publishedAt: new Float64Array(slots),
    latencyMs: new Float64Array(slots),
    cost: new Float64Array(slots),
    payloadOffset: new Float64Array(slots),
    payloadLength: new Float64Array(slots),
    entryIdMilliseconds: new Float64Array(slots),
    entryIdSequence: new Float64Array(slots),
    channelRecord: new Array<ChannelRecord | undefined>(slots),
    laneIds: new Array<string[] | undefined>(slots),
    payloadStore: new Array<Buffer | undefined>(slots),
    preview: new Array<string | undefined>(slots),
    decodeError: new Array<string | undefined>(slots),
    envelopeType: new Array<string | undefined>(slots),
    envelopeSource: new Array<string | undefined>(slots),
    entryId: new Array<string | undefined>(slots),
  };
}

const DECODER_INDEX: ReadonlyMap<DecoderChoice, number> = new Map(DECODER_CHOICES.map((decoder, index) => [decoder, index]));
/** Envelope texts are names that repeat (a type, a source): one string kept per distinct text, up to this many. */
const MAX_INTERNED_TEXTS = 1024;

export class FeedLog {
  /** The ring's columns; `slots` long, grown by doubling up to capacityMessages. */
  private c: Columns;
  private slots: number;
  private readonly interned = new Map<string, string>();
  /** Ring index of the oldest message. */
  private head = 0;
  private size = 0;
  private oldestSeq = 1;
  private heldBytes = 0;
  private evicted = 0;
  /** One row object, refilled for each message read out. */
  private readonly row: WireRow = emptyWireRow();
  private readonly entryIdNumbers: EntryIdNumbers = { milliseconds: Number.NaN, sequence: 0 };

  constructor(
    readonly capacityMessages: number,
    readonly capacityBytes: number,
  ) {
    this.slots = Math.min(capacityMessages, INITIAL_SLOTS);
    this.c = allocateColumns(this.slots);
  }

  /** The oldest held seq (nextSeq when nothing is held). */
  get oldestHeldSeq(): number {
    return this.oldestSeq;
  }

  /** The seq the next appended message gets. */
  get nextSeq(): number {
    return this.oldestSeq + this.size;
  }

  /**
   * Appends a message (`fields` null: pending, decoded when first shown)
   * and evicts the oldest until both caps hold; returns its seq. A single
   * message larger than the byte budget is kept alone: it has already
   * arrived, and its detail is what the user will ask for.
   */
  append(
    fields: FeedMessageFields | null,
    laneIds: string[],
    held: ArrivedPayload,
    costBytes: number,
    onEvict: (channelRecord: ChannelRecord, reason: EvictionReason) => void,
  ): number {
    if (this.size === this.capacityMessages) this.evictOldest('count', onEvict);
    else if (this.size === this.slots) this.grow();
    const seq = this.nextSeq;
    const slot = (this.head + this.size) % this.slots;
    this.size++;
    this.c.receivedAt[slot] = held.receivedAt;
    this.c.decoder[slot] = DECODER_INDEX.get(held.decoder) ?? 0;
    this.c.cost[slot] = costBytes;
    this.c.channelRecord[slot] = held.channelRecord;
    this.c.laneIds[slot] = laneIds;
    this.c.payloadStore[slot] = held.stored.store;
    this.c.payloadOffset[slot] = held.stored.offset;
    this.c.payloadLength[slot] = held.stored.length;
    this.keepEntryId(slot, held.entryId);
    if (fields) this.fill(slot, fields, held.isPreviewPayloadText === true);
    else {
      this.c.pending[slot] = 1;
      this.c.previewIsPayload[slot] = 0;
      this.c.sizeBytes[slot] = held.stored.length;
      this.c.kind[slot] = kindIndexOf('binary');
      this.c.preview[slot] = '';
      this.c.decodeError[slot] = undefined;
      this.c.envelopeType[slot] = undefined;
      this.c.envelopeSource[slot] = undefined;
      this.c.publishedAt[slot] = Number.NaN;
      this.c.latencyMs[slot] = Number.NaN;
    }
    this.heldBytes += costBytes;
    while (this.heldBytes > this.capacityBytes && this.size > 1) this.evictOldest('bytes', onEvict);
    return seq;
  }

  /**
   * The newest seq that appending a message of `costBytes` would evict, or
   * 0 when it would evict none.
   */
  newestEvictedBy(costBytes: number): number {
    let evicted = 0;
    let bytes = this.heldBytes + costBytes;
    let count = this.size + 1;
    while ((count > this.capacityMessages || bytes > this.capacityBytes) && count > 1 && evicted < this.size) {
      bytes -= this.c.cost[(this.head + evicted) % this.slots]!;
      count--;
      evicted++;
    }
    return evicted === 0 ? 0 : this.oldestSeq + evicted - 1;
  }

  has(seq: number): boolean {
    return this.slotOf(seq) >= 0;
  }

  isPending(seq: number): boolean {
    const slot = this.slotOf(seq);
    return slot >= 0 && this.c.pending[slot] === 1;
  }

  /** Fills in a pending message; false when it is no longer held. */
  complete(seq: number, decode: (held: HeldPayload) => FeedMessageFields): boolean {
    const slot = this.slotOf(seq);
    if (slot < 0) return false;
    if (this.c.pending[slot] === 1) this.fill(slot, decode(this.heldAt(slot)), false);
    return true;
  }

  heldPayload(seq: number): HeldPayload | undefined {
    const slot = this.slotOf(seq);
    return slot < 0 ? undefined : this.heldAt(slot);
  }

  laneIdsOf(seq: number): string[] | undefined {
    const slot = this.slotOf(seq);
    return slot < 0 ? undefined : this.c.laneIds[slot];
  }

  setLaneIds(seq: number, laneIds: string[]): void {
    const slot = this.slotOf(seq);
    if (slot >= 0) this.c.laneIds[slot] = laneIds;
  }

  channelRecordOf(seq: number): ChannelRecord | undefined {
    const slot = this.slotOf(seq);
    return slot < 0 ? undefined : this.c.channelRecord[slot];
  }

  /** The message as the contract shows it (pending ones as their placeholders). */
  message(seq: number): FeedMessage | undefined {
    const slot = this.slotOf(seq);
    return slot < 0 ? undefined : feedMessageOf(this.rowAt(slot, seq, true));
  }

  /** Held seqs before `beforeSeq` (all when null), newest first, that `accept` keeps, as messages, up to `limit`. */
  newestBefore(beforeSeq: number | null, limit: number, accept: (seq: number) => FeedMessage | null): FeedMessage[] {
    const found: FeedMessage[] = [];
    if (this.size === 0) return found;
    const newest = this.nextSeq - 1;
    for (let seq = beforeSeq === null ? newest : Math.min(newest, beforeSeq - 1); seq >= this.oldestSeq && found.length < limit; seq--) {
      const message = accept(seq);
      if (message) found.push(message);
    }
    return found;
  }

  /** The columns of a frame carrying these held, decoded messages (oldest first). */
  writeWire(seqs: readonly number[]): WireFeedMessages {
    const writer = new WireMessagesWriter(seqs.length);
    for (let index = 0; index < seqs.length; index++) {
      const seq = seqs[index]!;
      const slot = this.slotOf(seq);
      if (slot < 0) throw new Error(`Message ${seq} is not held, so it cannot go in a frame.`);
      writer.row(index, this.rowAt(slot, seq, false));
    }
    return writer.finish();
  }

  /**
   * The message in `slot` as a wire row (the one shared row object,
   * refilled). A preview that is the payload's own text is given as its
   * bytes for a frame, or as text (`isTextNeeded`) for a FeedMessage.
   */
  private rowAt(slot: number, seq: number, isTextNeeded: boolean): WireRow {
    const c = this.c;
    const row = this.row;
    row.seq = seq;
    row.receivedAt = c.receivedAt[slot]!;
    row.sizeBytes = c.sizeBytes[slot]!;
    row.kindIndex = c.kind[slot]!;
    row.channel = c.channelRecord[slot]!.display;
    row.laneIds = c.laneIds[slot]!;
    if (c.previewIsPayload[slot] === 1) {
      const store = c.payloadStore[slot]!;
      const offset = c.payloadOffset[slot]!;
      const length = c.payloadLength[slot]!;
      row.preview = isTextNeeded ? store.toString('utf8', offset, offset + length) : '';
      row.previewSource = isTextNeeded ? undefined : store;
      row.previewOffset = offset;
      row.previewLength = length;
    } else {
      row.preview = c.preview[slot]!;
      row.previewSource = undefined;
    }
    row.decodeError = c.decodeError[slot];
    row.envelopeType = c.envelopeType[slot];
    row.envelopeSource = c.envelopeSource[slot];
    row.publishedAt = c.publishedAt[slot]!;
    row.latencyMs = c.latencyMs[slot]!;
    return row;
  }

  state(): FeedHistoryState {
    return {
      heldMessages: this.size,
      heldBytes: this.heldBytes,
      capacityMessages: this.capacityMessages,
      capacityBytes: this.capacityBytes,
      evicted: this.evicted,
      oldestSeq: this.oldestSeq,
    };
  }

  clear(): void {
    for (let index = 0; index < this.size; index++) this.release((this.head + index) % this.slots);
    this.oldestSeq = this.nextSeq;
    this.head = 0;
    this.size = 0;
    this.heldBytes = 0;
    this.interned.clear();
  }

  /** Twice the slots (at most capacityMessages), the held messages moved to the start in order. */
  private grow(): void {
    const slots = Math.min(this.capacityMessages, this.slots * 2);
    const grown = allocateColumns(slots);
    const firstRun = Math.min(this.size, this.slots - this.head);
    for (const name of TYPED_COLUMNS) {
      const from = this.c[name];
      const to = grown[name];
      to.set(from.subarray(this.head, this.head + firstRun), 0);
      to.set(from.subarray(0, this.size - firstRun), firstRun);
    }
    for (const name of REFERENCE_COLUMNS) {
      const from = this.c[name] as unknown[];
      const to = grown[name] as unknown[];
      for (let index = 0; index < this.size; index++) to[index] = from[(this.head + index) % this.slots];
    }
    this.c = grown;
    this.slots = slots;
    this.head = 0;
  }

  private slotOf(seq: number): number {
    if (!Number.isInteger(seq) || seq < this.oldestSeq || seq >= this.oldestSeq + this.size) return -1;
    return (this.head + (seq - this.oldestSeq)) % this.slots;
  }

  private heldAt(slot: number): HeldPayload {
    return {
      payload: storedBytes({ store: this.c.payloadStore[slot]!, offset: this.c.payloadOffset[slot]!, length: this.c.payloadLength[slot]! }),
      decoder: DECODER_CHOICES[this.c.decoder[slot]!] ?? 'auto',
      channelRecord: this.c.channelRecord[slot]!,
      receivedAt: this.c.receivedAt[slot]!,
      entryId: this.entryIdAt(slot),
    };
  }

  private keepEntryId(slot: number, entryId: string | undefined): void {
    const numbers = this.entryIdNumbers;
    if (entryId === undefined) numbers.milliseconds = Number.NaN;
    else readEntryIdNumbers(entryId, numbers);
    this.c.entryIdMilliseconds[slot] = numbers.milliseconds;
    this.c.entryIdSequence[slot] = numbers.sequence;
    this.c.entryId[slot] = Number.isNaN(numbers.milliseconds) ? entryId : undefined;
  }

  private entryIdAt(slot: number): string | undefined {
    const milliseconds = this.c.entryIdMilliseconds[slot]!;
    return Number.isNaN(milliseconds) ? this.c.entryId[slot] : entryIdOf(milliseconds, this.c.entryIdSequence[slot]!);
  }

  private fill(slot: number, fields: FeedMessageFields, isPreviewPayloadText: boolean): void {
    this.c.pending[slot] = 0;
    this.c.sizeBytes[slot] = fields.sizeBytes;
    this.c.kind[slot] = kindIndexOf(fields.kind);
    // Motivation: the preview strings were the history's one object per message, copied by each young-generation collection.
    this.c.previewIsPayload[slot] = isPreviewPayloadText ? 1 : 0;
    this.c.preview[slot] = isPreviewPayloadText ? undefined : fields.preview;
    this.c.decodeError[slot] = fields.decodeError;
    const envelope = fields.envelope;
    this.c.envelopeType[slot] = envelope?.type === undefined ? undefined : this.intern(envelope.type);
    this.c.envelopeSource[slot] = envelope?.source === undefined ? undefined : this.intern(envelope.source);
    this.c.publishedAt[slot] = envelope?.publishedAt ?? Number.NaN;
    this.c.latencyMs[slot] = fields.latencyMs ?? Number.NaN;
  }

  /** The kept string equal to `text`, so a type or source repeated in every message is held once. */
  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    if (this.interned.size >= MAX_INTERNED_TEXTS) this.interned.clear();
    this.interned.set(text, text);
    return text;
  }

  private release(slot: number): void {
    this.c.channelRecord[slot] = undefined;
    this.c.laneIds[slot] = undefined;
    this.c.payloadStore[slot] = undefined;
    this.c.preview[slot] = undefined;
    this.c.decodeError[slot] = undefined;
    this.c.envelopeType[slot] = undefined;
    this.c.envelopeSource[slot] = undefined;
    this.c.entryId[slot] = undefined;
  }

  private evictOldest(reason: EvictionReason, onEvict: (channelRecord: ChannelRecord, reason: EvictionReason) => void): void {
    if (this.size === 0) return;
    const slot = this.head;
    const channelRecord = this.c.channelRecord[slot]!;
    this.heldBytes -= this.c.cost[slot]!;
    this.release(slot);
    this.head = (this.head + 1) % this.slots;
    this.size--;
    this.oldestSeq++;
    this.evicted++;
    onEvict(channelRecord, reason);
  }
}
