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
 * under a flood the garbage collector took 15-20 % of the bus thread.
 *
 * Seqs are consecutive (the log numbers each message as it is appended),
 * so finding a message is an index computation, not a search.
 */
import type { DecoderChoice, FeedMessage } from '../../../shared/liveChannels';
import { kindAt, kindIndexOf, WireMessagesWriter, type WireFeedMessages, type WireRow } from '../../../shared/feedFrameWire';
import type { ChannelRecord } from './channelStats';
import { storedBytes, type StoredPayload } from './payloadArena';
import type { FeedMessageFields } from './feedMessageBuilder';

export type EvictionReason = 'count' | 'bytes';

export interface HistoryState {
  heldMessages: number;
  heldBytes: number;
  capacityMessages: number;
  capacityBytes: number;
  evicted: number;
}

/** A held message's payload and how it is decoded, for the detail view and for completing a pending message. */
export interface HeldPayload {
  payload: Buffer;
  decoder: DecoderChoice;
  channelRecord: ChannelRecord;
  receivedAt: number;
}

/** What append takes: the payload copy and how it is decoded. */
export interface ArrivedPayload {
  stored: StoredPayload;
  decoder: DecoderChoice;
  channelRecord: ChannelRecord;
  receivedAt: number;
}

const DECODERS: readonly DecoderChoice[] = ['auto', 'json', 'msgpack', 'text', 'binary'];
const DECODER_INDEX: ReadonlyMap<DecoderChoice, number> = new Map(DECODERS.map((decoder, index) => [decoder, index]));
/** Envelope texts are names that repeat (a type, a source): one string kept per distinct text, up to this many. */
const MAX_INTERNED_TEXTS = 1024;

export class FeedLog {
  private readonly receivedAt: Float64Array;
  private readonly sizeBytes: Float64Array;
  private readonly kind: Uint8Array;
  private readonly decoder: Uint8Array;
  /** 1 while the message waits to be decoded: its kind and preview are placeholders. */
  private readonly pending: Uint8Array;
  /** NaN when absent. */
  private readonly publishedAt: Float64Array;
  private readonly latencyMs: Float64Array;
  private readonly cost: Float64Array;
  private readonly channelRecord: (ChannelRecord | undefined)[];
  private readonly laneIds: (string[] | undefined)[];
  /** The buffer holding each payload copy (an arena slab, shared), its offset there and its length. */
  private readonly payloadStore: (Buffer | undefined)[];
  private readonly payloadOffset: Float64Array;
  private readonly payloadLength: Float64Array;
  private readonly preview: (string | undefined)[];
  private readonly decodeError: (string | undefined)[];
  private readonly envelopeType: (string | undefined)[];
  private readonly envelopeSource: (string | undefined)[];
  private readonly interned = new Map<string, string>();
  /** Ring index of the oldest message. */
  private head = 0;
  private size = 0;
  private oldestSeq = 1;
  private heldBytes = 0;
  private evicted = 0;
  /** One row object, refilled for each message written to a frame. */
  private readonly row: WireRow = {
    seq: 0, receivedAt: 0, sizeBytes: 0, kindIndex: 0, channel: { text: '', byteLength: 0, isTruncated: false }, laneIds: [], preview: '',
    decodeError: undefined, envelopeType: undefined, envelopeSource: undefined, publishedAt: Number.NaN, latencyMs: Number.NaN,
  };

  constructor(
    readonly capacityMessages: number,
    readonly capacityBytes: number,
  ) {
    this.receivedAt = new Float64Array(capacityMessages);
    this.sizeBytes = new Float64Array(capacityMessages);
    this.kind = new Uint8Array(capacityMessages);
    this.decoder = new Uint8Array(capacityMessages);
    this.pending = new Uint8Array(capacityMessages);
    this.publishedAt = new Float64Array(capacityMessages);
    this.latencyMs = new Float64Array(capacityMessages);
    this.cost = new Float64Array(capacityMessages);
    this.channelRecord = new Array<ChannelRecord | undefined>(capacityMessages);
    this.laneIds = new Array<string[] | undefined>(capacityMessages);
    this.payloadStore = new Array<Buffer | undefined>(capacityMessages);
    this.payloadOffset = new Float64Array(capacityMessages);
    this.payloadLength = new Float64Array(capacityMessages);
    this.preview = new Array<string | undefined>(capacityMessages);
    this.decodeError = new Array<string | undefined>(capacityMessages);
    this.envelopeType = new Array<string | undefined>(capacityMessages);
    this.envelopeSource = new Array<string | undefined>(capacityMessages);
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
    const seq = this.nextSeq;
    const slot = (this.head + this.size) % this.capacityMessages;
    this.size++;
    this.receivedAt[slot] = held.receivedAt;
    this.decoder[slot] = DECODER_INDEX.get(held.decoder) ?? 0;
    this.cost[slot] = costBytes;
    this.channelRecord[slot] = held.channelRecord;
    this.laneIds[slot] = laneIds;
    this.payloadStore[slot] = held.stored.store;
    this.payloadOffset[slot] = held.stored.offset;
    this.payloadLength[slot] = held.stored.length;
    if (fields) this.fill(slot, fields);
    else {
      this.pending[slot] = 1;
      this.sizeBytes[slot] = held.stored.length;
      this.kind[slot] = kindIndexOf('binary');
      this.preview[slot] = '';
      this.decodeError[slot] = undefined;
      this.envelopeType[slot] = undefined;
      this.envelopeSource[slot] = undefined;
      this.publishedAt[slot] = Number.NaN;
      this.latencyMs[slot] = Number.NaN;
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
      bytes -= this.cost[(this.head + evicted) % this.capacityMessages]!;
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
    return slot >= 0 && this.pending[slot] === 1;
  }

  /** Fills in a pending message; false when it is no longer held. */
  complete(seq: number, decode: (held: HeldPayload) => FeedMessageFields): boolean {
    const slot = this.slotOf(seq);
    if (slot < 0) return false;
    if (this.pending[slot] === 1) this.fill(slot, decode(this.heldAt(slot)));
    return true;
  }

  heldPayload(seq: number): HeldPayload | undefined {
    const slot = this.slotOf(seq);
    return slot < 0 ? undefined : this.heldAt(slot);
  }

  laneIdsOf(seq: number): string[] | undefined {
    const slot = this.slotOf(seq);
    return slot < 0 ? undefined : this.laneIds[slot];
  }

  setLaneIds(seq: number, laneIds: string[]): void {
    const slot = this.slotOf(seq);
    if (slot >= 0) this.laneIds[slot] = laneIds;
  }

  channelRecordOf(seq: number): ChannelRecord | undefined {
    const slot = this.slotOf(seq);
    return slot < 0 ? undefined : this.channelRecord[slot];
  }

  /** The message as the contract shows it (pending ones as their placeholders). */
  message(seq: number): FeedMessage | undefined {
    const slot = this.slotOf(seq);
    if (slot < 0) return undefined;
    const message: FeedMessage = {
      seq,
      laneIds: this.laneIds[slot]!,
      channel: this.channelRecord[slot]!.display,
      receivedAt: this.receivedAt[slot]!,
      sizeBytes: this.sizeBytes[slot]!,
      kind: kindAt(this.kind[slot]!),
      preview: this.preview[slot]!,
    };
    const decodeError = this.decodeError[slot];
    if (decodeError !== undefined) message.decodeError = decodeError;
    const type = this.envelopeType[slot];
    const source = this.envelopeSource[slot];
    const publishedAt = this.publishedAt[slot]!;
    if (type !== undefined || source !== undefined || !Number.isNaN(publishedAt)) {
      const envelope: NonNullable<FeedMessage['envelope']> = {};
      if (type !== undefined) envelope.type = type;
      if (source !== undefined) envelope.source = source;
      if (!Number.isNaN(publishedAt)) envelope.publishedAt = publishedAt;
      message.envelope = envelope;
    }
    const latencyMs = this.latencyMs[slot]!;
    if (!Number.isNaN(latencyMs)) message.latencyMs = latencyMs;
    return message;
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
    const row = this.row;
    for (let index = 0; index < seqs.length; index++) {
      const seq = seqs[index]!;
      const slot = this.slotOf(seq);
      if (slot < 0) throw new Error(`Message ${seq} is not held, so it cannot go in a frame.`);
      row.seq = seq;
      row.receivedAt = this.receivedAt[slot]!;
      row.sizeBytes = this.sizeBytes[slot]!;
      row.kindIndex = this.kind[slot]!;
      row.channel = this.channelRecord[slot]!.display;
      row.laneIds = this.laneIds[slot]!;
      row.preview = this.preview[slot]!;
      row.decodeError = this.decodeError[slot];
      row.envelopeType = this.envelopeType[slot];
      row.envelopeSource = this.envelopeSource[slot];
      row.publishedAt = this.publishedAt[slot]!;
      row.latencyMs = this.latencyMs[slot]!;
      writer.row(index, row);
    }
    return writer.finish();
  }

  state(): HistoryState {
    return {
      heldMessages: this.size,
      heldBytes: this.heldBytes,
      capacityMessages: this.capacityMessages,
      capacityBytes: this.capacityBytes,
      evicted: this.evicted,
    };
  }

  clear(): void {
    for (let index = 0; index < this.size; index++) this.release((this.head + index) % this.capacityMessages);
    this.oldestSeq = this.nextSeq;
    this.head = 0;
    this.size = 0;
    this.heldBytes = 0;
    this.interned.clear();
  }

  private slotOf(seq: number): number {
    if (!Number.isInteger(seq) || seq < this.oldestSeq || seq >= this.oldestSeq + this.size) return -1;
    return (this.head + (seq - this.oldestSeq)) % this.capacityMessages;
  }

  private heldAt(slot: number): HeldPayload {
    return {
      payload: storedBytes({ store: this.payloadStore[slot]!, offset: this.payloadOffset[slot]!, length: this.payloadLength[slot]! }),
      decoder: DECODERS[this.decoder[slot]!] ?? 'auto',
      channelRecord: this.channelRecord[slot]!,
      receivedAt: this.receivedAt[slot]!,
    };
  }

  private fill(slot: number, fields: FeedMessageFields): void {
    this.pending[slot] = 0;
    this.sizeBytes[slot] = fields.sizeBytes;
    this.kind[slot] = kindIndexOf(fields.kind);
    this.preview[slot] = fields.preview;
    this.decodeError[slot] = fields.decodeError;
    const envelope = fields.envelope;
    this.envelopeType[slot] = envelope?.type === undefined ? undefined : this.intern(envelope.type);
    this.envelopeSource[slot] = envelope?.source === undefined ? undefined : this.intern(envelope.source);
    this.publishedAt[slot] = envelope?.publishedAt ?? Number.NaN;
    this.latencyMs[slot] = fields.latencyMs ?? Number.NaN;
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
    this.channelRecord[slot] = undefined;
    this.laneIds[slot] = undefined;
    this.payloadStore[slot] = undefined;
    this.preview[slot] = undefined;
    this.decodeError[slot] = undefined;
    this.envelopeType[slot] = undefined;
    this.envelopeSource[slot] = undefined;
  }

  private evictOldest(reason: EvictionReason, onEvict: (channelRecord: ChannelRecord, reason: EvictionReason) => void): void {
    if (this.size === 0) return;
    const slot = this.head;
    const channelRecord = this.channelRecord[slot]!;
    this.heldBytes -= this.cost[slot]!;
    this.release(slot);
    this.head = (this.head + 1) % this.capacityMessages;
    this.size--;
    this.oldestSeq++;
    this.evicted++;
    onEvict(channelRecord, reason);
  }
}
