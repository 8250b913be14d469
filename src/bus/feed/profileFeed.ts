/**
 * One profile's live feed: its lanes, the messages they receive (decoded
 * once, filtered, held while paused), the bounded history, per-channel
 * statistics, gaps, and the frames that carry all of it to the renderer.
 *
 * A message matched by several lanes shows once per lane: lanes of the same
 * channel get the same SourceMessage from the hub, and a pattern lane gets the
 * same bytes in the `pmessage` Redis sends right after; both join the lanes
 * into one FeedMessage (`laneIds`) when they decode it alike.
 *
 * Messages live in a columnar log (feedLog.ts): a FeedMessage object is
 * made only for a request, and frames are written from the log's columns.
 * The batcher holds no messages, only where the last frame was cut; a
 * message still waiting for its frame is sent before the log drops it.
 *
 * MessagePack and JSON over 2 KiB are decoded when a frame or a request
 * first carries the message (or at once, for a lane with a filter): under a
 * flood the frames' preview budget may not reach them all, and those are
 * never decoded. A message waiting for that is pending in the log, filled
 * in place (kind, preview, envelope) by FeedLog.complete. Smaller ones are
 * decoded on receipt (isDecodeDeferred); MessagePack only as far as the
 * feed shows it (msgpackSummary.ts) unless a filter reads its value.
 *
 * Motivation (npm run bench flood, best of 3): decoding every message on
 * receipt, and MessagePack again for its preview, the bus worker took in
 * 25k 64-channel EEG frames/s (delivering 15k to the host); decoding once,
 * when shown, it takes in 61k–65k EEG frames/s (delivering 21k–29k).
 */
import type { ConnectionState } from '../../shared/connectionState';
import { matchesFeedFilter, type FeedFilterSubject } from '../../shared/feedFilter';
import type { WireFeedFrame } from '../../shared/feedFrameWire';
import { MAX_SEQUENCE_CHANNELS, type DecoderChoice, type DropReason, type FeedGap, type FeedMessage, type FeedMessageDetail, type FeedSnapshot } from '../../shared/liveChannels';
import { fail, ok, type Result } from '../../shared/result';
import { ChannelStatsTracker, type ChannelRecord } from './channelStats';
import { compactJsonPreview } from '../decode/compactPreview';
import { FeedFrameBatcher } from './feedFrameBatcher';
import { FeedLog, type ArrivedPayload, type EvictionReason, type HeldPayload } from './feedLog';
import { messageOverheadBytes, type FeedLimits } from './feedLimits';
import { buildMessage, buildShownFields, isDecodeDeferred, type BuiltMessage, type FeedMessageFields } from './feedMessageBuilder';
import type { SourceMessage } from '../sources/messageSource';
import { LaneFilterRun, type FilterScanHistory } from './laneFilterScan';
import { snapshotLane, type LaneRecord } from './laneRecord';
import { buildMessageDetail } from '../decode/messageDetail';
import type { DecodeOptions } from '../decode/decodePayload';
import { decodeOnce } from '../decode/sharedDecode';
import { PayloadArena, type StoredPayload } from './payloadArena';

/** A text filter reads JSON payloads up to this size as text; larger ones through their preview. */
const MAX_FILTER_TEXT_BYTES = 1024 * 1024;
/** MessagePack has no text form: a text filter reads this much of its compact JSON. */
const MAX_FILTER_JSON_CHARS = 64 * 1024;

interface DeliveryBuild {
  decoder: DecoderChoice;
  /** Decoded now only when a filter needs it (or the payload is cheap to decode); otherwise when shown. */
  built: BuiltMessage | null;
  /** The seq of the feed message made from this build (0 before), which later lanes of the same delivery join. */
  seq: number;
  filterText: string | undefined;
}

/**
 * The message most recently delivered to this profile, which the next
 * delivery may be the same as. One object per feed, refilled for each new
 * message (with its builds drawn from a small pool): nothing outside the
 * feed keeps a delivery.
 * Motivation: these were 4 of about 10 objects made per message, and the
 * garbage collector took 16 % of the bus thread under an ingest flood.
 */
interface Delivery {
  raw: SourceMessage | null;
  channelRecord: ChannelRecord | null;
  readonly laneIds: string[];
  readonly builds: DeliveryBuild[];
  /** Builds made so far, reused in order. */
  readonly buildPool: DeliveryBuild[];
  /** Where the history's copy of the payload is, once a lane shows the message (`length` -1 before). */
  readonly payloadCopy: StoredPayload;
}

/** The delivery while it holds a message. */
type FilledDelivery = Delivery & { raw: SourceMessage; channelRecord: ChannelRecord };

const textDecoder = new TextDecoder('utf-8');
/** Decoders whose values may carry a sequence number; one options object each (the shared decode's default limits). */
const SEQUENCE_DECODE_OPTIONS: Partial<Record<DecoderChoice, DecodeOptions>> = { auto: { pinned: 'auto' }, json: { pinned: 'json' }, msgpack: { pinned: 'msgpack' } };
const EMPTY = Buffer.alloc(0);

export class ProfileFeed {
  readonly lanes = new Map<string, LaneRecord>();
  private readonly history: FeedLog;
  private readonly arena = new PayloadArena();
  private readonly stats: ChannelStatsTracker;
  private readonly batcher: FeedFrameBatcher<LaneRecord>;
  private readonly droppedByReason: Partial<Record<DropReason, number>> = {};
  private openGap: FeedGap | null = null;
  private gapNumber = 0;
  /** The gap that closed last, and per channel the most any lane saw missing across it (by sequence numbers). */
  private lastClosedGap: { gap: FeedGap; lostByChannel: Map<string, number> } | null = null;
  private closedGaps = 0;
  private readonly delivery: Delivery = { raw: null, channelRecord: null, laneIds: [], builds: [], buildPool: [], payloadCopy: { store: EMPTY, offset: 0, length: -1 } };
  /** One shared `[laneId]` per lane for the messages only that lane shows (a message joined by a second lane gets its own array). */
  private readonly soloLaneIds = new Map<string, string[]>();
  private readonly channelsPerFrame: number;
  /**
   * What append hands the history, refilled for each message: FeedLog.append
   * reads it and keeps none of it. Motivation: one object fewer per message;
   * with the other cuts of bench/README.md "Session 10 (tailceiling)" the
   * feed's garbage per stream entry fell from 1,530 to 1,330 bytes.
   */
  private arrived: ArrivedPayload | null = null;

  constructor(
    readonly profileId: string,
    limits: FeedLimits,
    emitFrame: (frame: WireFeedFrame) => void,
  ) {
    this.history = new FeedLog(limits.historyMessages, limits.historyBytes);
    this.channelsPerFrame = limits.channelsPerFrame;
    this.stats = new ChannelStatsTracker(limits.trackedChannels);
    this.batcher = new FeedFrameBatcher({
      profileId,
      stats: this.stats,
      channelsPerFrame: limits.channelsPerFrame,
      history: () => this.history.state(),
      dropped: () => ({ ...this.droppedByReason }),
      nextSeq: () => this.history.nextSeq,
      onFrameCapDrop: (seq) => {
        const channelRecord = this.history.channelRecordOf(seq);
        if (channelRecord) this.countDrop('frame-cap', channelRecord);
      },
      isPending: (seq) => this.history.isPending(seq),
      completeMessage: (seq) => this.history.complete(seq, decodeHeld),
      isHeld: (seq) => this.history.has(seq),
      writeMessages: (seqs) => this.history.writeWire(seqs),
      snapshotLane,
      emitFrame,
    });
  }

  addLane(lane: LaneRecord): void {
    this.lanes.set(lane.id, lane);
  }

  /** The lane is shown from now on (the server accepted it) and whenever it changes. */
  laneChanged(lane: LaneRecord): void {
    if (lane.isPending || lane.isRemoved) return;
    this.batcher.laneChanged(lane);
  }

  removeLane(lane: LaneRecord): void {
    lane.filterRun?.cancel();
    lane.isRemoved = true;
    lane.pause.clear();
    this.lanes.delete(lane.id);
    this.soloLaneIds.delete(lane.id);
    this.batcher.laneRemoved(lane);
  }

  ingest(lane: LaneRecord, raw: SourceMessage): void {
    if (lane.isRemoved) return;
    // First, as it may cut the frame that is due: this message and its counts go in the next one.
    const delivery = this.deliveryFor(lane, raw);
    lane.counters.received++;
    this.checkSequence(lane, delivery);
    this.laneChanged(lane);
    delivery.laneIds.push(lane.id);
    const build = this.buildFor(delivery, lane.decoder);
    if (lane.filter.kind !== 'none' && !matchesFeedFilter(lane.filter, this.filterSubject(delivery, build))) {
      lane.counters.filteredOut++;
      return;
    }
    if (lane.isPaused) {
      this.hold(lane, delivery, build);
      return;
    }
    lane.counters.shown++;
    const existing = build.seq;
    if (existing > this.batcher.lastCutSeq && this.history.has(existing)) {
      this.history.setLaneIds(existing, [...this.history.laneIdsOf(existing)!, lane.id]);
      return;
    }
    const fields = shownFieldsOf(build);
    const isPreviewPayloadText = fields !== null && build.built!.isPreviewPayloadText === true;
    build.seq = this.append(fields, this.laneIdsOf(lane), this.payloadOf(delivery), delivery.channelRecord, raw.receivedAt, lane.decoder, raw.entryId, isPreviewPayloadText);
  }

  /** Releases a paused lane's held messages into the feed, oldest first; they keep their receive times. */
  resume(lane: LaneRecord): void {
    lane.isPaused = false;
    for (const held of lane.pause.drain()) {
      lane.counters.shown++;
      this.append(held.fields, this.laneIdsOf(lane), { store: held.payload, offset: 0, length: held.payload.length }, held.channelRecord, held.receivedAt, held.decoder, held.entryId);
    }
    this.laneChanged(lane);
  }

  clearLane(lane: LaneRecord): void {
    lane.filterRun?.cancel();
    lane.filterRun = null;
    lane.pause.clear();
    lane.clearedBeforeSeq = this.history.nextSeq;
    this.laneChanged(lane);
  }

  /**
   * The lane's filter (just set) applies to what the history holds for it
   * too, not only to what arrives from now on: a search runs over the held
   * messages and takes out the ones it does not match (laneFilterScan.ts).
   */
  applyFilterToHeld(lane: LaneRecord): void {
    lane.filterRun?.cancel();
    lane.filterRun = lane.filter.kind === 'none' ? null : new LaneFilterRun(lane, this.filterScanHistory, this.history.nextSeq);
  }

  private readonly filterScanHistory: FilterScanHistory = {
    oldestSeq: () => this.history.oldestHeldSeq,
    laneIdsOf: (seq) => this.history.laneIdsOf(seq),
    subjectOf: (seq) => {
      const held = this.history.heldPayload(seq);
      if (!held) return null;
      const built = buildMessage(held.payload, held.decoder, held.receivedAt);
      let text: string | undefined;
      return {
        value: built.value,
        hasValue: built.hasValue,
        get text(): string {
          text ??= `${held.channelRecord.display.text}\n${filterTextOf(built, held.payload)}`;
          return text;
        },
      };
    },
    takeOut: (seq, lane) => {
      const laneIds = this.history.laneIdsOf(seq);
      if (!laneIds) return;
      this.history.setLaneIds(seq, laneIds.filter((id) => id !== lane.id));
      lane.counters.shown--;
      lane.counters.filteredOut++;
      this.batcher.laneMessageRemoved(lane.id, seq);
    },
    changed: (lane) => this.laneChanged(lane),
  };

  /** Opens a gap when receiving stops, closes it when receiving resumes. */
  handleReceivingState(state: ConnectionState): void {
    if ((state.state === 'reconnecting' || state.state === 'failed') && !this.openGap) {
      const why = state.state === 'reconnecting' ? state.lastError.message : state.reason.message;
      const gap: FeedGap = {
        id: `gap-${++this.gapNumber}`,
        from: state.since,
        to: null,
        reason: `Connection to the server lost: ${why}`,
        afterSeq: this.history.nextSeq - 1,
      };
      this.openGap = gap;
      this.batcher.gapChanged(gap);
    } else if (state.state === 'ready' && this.openGap) {
      const gap = this.openGap;
      gap.to = Math.max(gap.from, state.lastGap?.to ?? Date.now());
      this.openGap = null;
      this.lastClosedGap = { gap, lostByChannel: new Map() };
      this.closedGaps++;
      this.batcher.gapChanged(gap);
    }
  }

  /**
   * Reads the message's sequence number for the lane's check (the shared
   * decode: a JSON value the lane's build or an alert rule already decoded
   * is not decoded again). The first number a channel shows after a gap
   * tells how many went missing across it; the gap says so, once per
   * channel however many lanes hear it.
   */
  private checkSequence(lane: LaneRecord, delivery: FilledDelivery): void {
    const channel = lane.sequence.channelFor(delivery.channelRecord.mapKey);
    if (channel === null) return;
    const value = sequenceValueOf(delivery.raw, lane.decoder);
    if (value === undefined) return;
    const lostAcrossGap = lane.sequence.observe(channel, value, this.closedGaps);
    const closed = this.lastClosedGap;
    if (lostAcrossGap === 0 || closed === null) return;
    const key = delivery.channelRecord.mapKey;
    const before = closed.lostByChannel.get(key) ?? 0;
    if (lostAcrossGap <= before || (before === 0 && closed.lostByChannel.size >= MAX_SEQUENCE_CHANNELS)) return;
    closed.lostByChannel.set(key, lostAcrossGap);
    closed.gap.lostBySequence = (closed.gap.lostBySequence ?? 0) + lostAcrossGap - before;
    this.batcher.gapChanged(closed.gap);
  }

  messageDetail(seq: number): Result<FeedMessageDetail> {
    if (!this.history.complete(seq, decodeHeld)) return this.notHeld(seq);
    const held = this.history.heldPayload(seq)!;
    const message = this.history.message(seq)!;
    const detail = buildMessageDetail(held, this.visibleMessage(message) ?? message);
    return ok(held.entryId === undefined ? detail : { ...detail, streamEntryId: held.entryId });
  }

  /** Messages as 'feed:recent' answers them, with the statistics, history and drops as of now. */
  snapshot(beforeSeq: number | null, limit: number): FeedSnapshot {
    return {
      messages: this.recent(beforeSeq, limit),
      channels: this.stats.view(Date.now(), this.channelsPerFrame),
      history: this.history.state(),
      dropped: { ...this.droppedByReason },
    };
  }

  recent(beforeSeq: number | null, limit: number): FeedMessage[] {
    return this.history.newestBefore(beforeSeq, limit, (seq) => {
      this.history.complete(seq, decodeHeld);
      const message = this.history.message(seq);
      return message ? this.visibleMessage(message) : null;
    });
  }

  close(): void {
    this.batcher.dispose();
    for (const lane of this.lanes.values()) {
      lane.filterRun?.cancel();
      lane.isRemoved = true;
      lane.pause.clear();
    }
    this.lanes.clear();
    this.history.clear();
    this.arena.release();
    this.stats.clear();
    this.delivery.raw = null;
    this.delivery.channelRecord = null;
    this.delivery.payloadCopy.store = EMPTY;
    this.delivery.payloadCopy.length = -1;
    this.soloLaneIds.clear();
  }

  private deliveryFor(lane: LaneRecord, raw: SourceMessage): FilledDelivery {
    const last = this.delivery;
    if (last.raw !== null && (last.raw === raw || (raw.pattern !== null && !last.laneIds.includes(lane.id) && isSameMessage(last.raw, raw)))) {
      return last as FilledDelivery;
    }
    // A new delivery, never the second lane of one, may cut the due frame: one delivery's lanes stay in one message.
    this.batcher.cutIfDue(raw.receivedAt);
    const delivery = this.delivery;
    delivery.raw = raw;
    delivery.channelRecord = this.stats.record(raw.channel, raw.payload.length, raw.receivedAt);
    // pop(), not `length = 0`: truncating by length measured about 90 ns per call here, pop a few.
    while (delivery.laneIds.length > 0) delivery.laneIds.pop();
    while (delivery.builds.length > 0) delivery.builds.pop();
    delivery.payloadCopy.length = -1;
    return delivery as FilledDelivery;
  }

  private buildFor(delivery: FilledDelivery, decoder: DecoderChoice): DeliveryBuild {
    for (const build of delivery.builds) if (build.decoder === decoder) return build;
    const { payload, receivedAt } = delivery.raw;
    const built = isDecodeDeferred(payload, decoder) ? null : buildMessage(payload, decoder, receivedAt, false, delivery.raw);
    let build = delivery.buildPool[delivery.builds.length];
    // Refilled field by field: Object.assign's source literal was an object per message.
    if (build) {
      build.decoder = decoder;
      build.built = built;
      build.seq = 0;
      build.filterText = undefined;
    } else delivery.buildPool.push((build = { decoder, built, seq: 0, filterText: undefined }));
    delivery.builds.push(build);
    return build;
  }

  /** The build with its decoded value, for a filter: a MessagePack summary read only for showing is decoded now (its preview kept). */
  private builtOf(delivery: FilledDelivery, build: DeliveryBuild): BuiltMessage {
    const built = build.built;
    if (built && (built.hasValue || built.fields.kind !== 'msgpack')) return built;
    const withValue = buildMessage(delivery.raw.payload, build.decoder, delivery.raw.receivedAt, true, delivery.raw);
    if (built) withValue.fields.preview = built.fields.preview;
    build.built = withValue;
    return withValue;
  }

  private laneIdsOf(lane: LaneRecord): string[] {
    let ids = this.soloLaneIds.get(lane.id);
    if (!ids) {
      ids = [lane.id];
      this.soloLaneIds.set(lane.id, ids);
    }
    return ids;
  }

  /** The history's copy, made once per delivery (in the arena: see payloadArena.ts). */
  private payloadOf(delivery: FilledDelivery): StoredPayload {
    if (delivery.payloadCopy.length < 0) this.arena.copy(delivery.raw.payload, delivery.payloadCopy);
    return delivery.payloadCopy;
  }

  private filterSubject(delivery: FilledDelivery, build: DeliveryBuild): FeedFilterSubject {
    const built = this.builtOf(delivery, build);
    return {
      value: built.value,
      hasValue: built.hasValue,
      get text(): string {
        build.filterText ??= `${delivery.channelRecord.display.text}\n${filterTextOf(built, delivery.raw.payload)}`;
        return build.filterText;
      },
    };
  }

  private hold(lane: LaneRecord, delivery: FilledDelivery, build: DeliveryBuild): void {
    // A copy of its own: a held message may outlive the history's, and must not keep an arena slab alive.
    const payload = Buffer.from(delivery.raw.payload);
    const dropped = lane.pause.push({
      fields: shownFieldsOf(build),
      channelRecord: delivery.channelRecord,
      payload,
      decoder: lane.decoder,
      receivedAt: delivery.raw.receivedAt,
      entryId: delivery.raw.entryId,
      costBytes: payload.length + messageOverheadBytes(),
    });
    for (const item of dropped) this.countDrop('pause-buffer-full', item.channelRecord);
  }

  /** `fields` null: the message is pending, decoded when first shown. Returns its seq. */
  private append(
    fields: FeedMessageFields | null,
    laneIds: string[],
    stored: StoredPayload,
    channelRecord: ChannelRecord,
    receivedAt: number,
    decoder: DecoderChoice,
    entryId?: string,
    isPreviewPayloadText = false,
  ): number {
    const costBytes = stored.length + messageOverheadBytes();
    // A message waiting for its frame is sent before the history makes room by dropping it (a small history, huge payloads).
    if (this.history.newestEvictedBy(costBytes) > this.batcher.lastCutSeq) this.batcher.cutNow();
    const arrived = (this.arrived ??= { stored, decoder, channelRecord, receivedAt, entryId, isPreviewPayloadText });
    arrived.stored = stored;
    arrived.decoder = decoder;
    arrived.channelRecord = channelRecord;
    arrived.receivedAt = receivedAt;
    arrived.entryId = entryId;
    arrived.isPreviewPayloadText = isPreviewPayloadText;
    const seq = this.history.append(fields, laneIds, arrived, costBytes, this.onEvict);
    this.batcher.messageAdded();
    return seq;
  }

  private readonly onEvict = (channelRecord: ChannelRecord, reason: EvictionReason): void => {
    if (reason === 'bytes') this.countDrop('byte-budget', channelRecord);
  };

  private countDrop(reason: DropReason, channelRecord: ChannelRecord): void {
    this.droppedByReason[reason] = (this.droppedByReason[reason] ?? 0) + 1;
    this.stats.countDrop(channelRecord, reason);
    this.batcher.statsChanged();
  }

  /** The message as 'feed:recent' shows it: only lanes that still exist and were not cleared since; null when none is left. */
  private visibleMessage(message: FeedMessage): FeedMessage | null {
    const laneIds = message.laneIds.filter((id) => {
      const lane = this.lanes.get(id);
      return lane !== undefined && message.seq >= lane.clearedBeforeSeq;
    });
    if (laneIds.length === 0) return null;
    return laneIds.length === message.laneIds.length ? message : { ...message, laneIds };
  }

  private notHeld<T>(seq: number): Result<T> {
    const state = this.history.state();
    if (seq >= this.history.nextSeq) return fail('NOT_FOUND', `There is no message number ${seq} in this feed.`);
    return fail(
      'NOT_FOUND',
      `That message is no longer held. The feed keeps the newest ${state.capacityMessages.toLocaleString('en-US')} messages ` +
        `(up to ${Math.round(state.capacityBytes / (1024 * 1024))} MiB of payloads); older ones are removed to make room.`,
    );
  }
}

/** The decoded value a sequence number is read from; undefined for text and binary, and for what does not decode. */
function sequenceValueOf(raw: SourceMessage, decoder: DecoderChoice): unknown {
  const options = SEQUENCE_DECODE_OPTIONS[decoder];
  if (options === undefined) return undefined;
  const decoded = decodeOnce(raw, options);
  return decoded.kind === 'json' || decoded.kind === 'msgpack' ? decoded.value : undefined;
}

function isSameMessage(left: SourceMessage, right: SourceMessage): boolean {
  return (
    left.payload.length === right.payload.length &&
    left.channel.length === right.channel.length &&
    left.channel.equals(right.channel) &&
    left.payload.equals(right.payload)
  );
}

/** The fields of a build decoded for a filter, or null (pending) when it was not decoded; a preview left for later makes it pending too. */
function shownFieldsOf(build: DeliveryBuild): FeedMessageFields | null {
  const fields = build.built?.fields;
  return fields && (fields.preview !== '' || !build.built?.hasValue) ? fields : null;
}

/** The shown fields of a held payload, decoded now (a pending message, or one a request asks for). */
function decodeHeld(held: HeldPayload): FeedMessageFields {
  return buildShownFields(held.payload, held.decoder, held.receivedAt);
}

function filterTextOf(built: BuiltMessage, payload: Buffer): string {
  if (built.text !== undefined) return built.text;
  if (built.fields.kind === 'json' && payload.length <= MAX_FILTER_TEXT_BYTES) return textDecoder.decode(payload);
  if (built.fields.kind === 'msgpack') return compactJsonPreview(built.value, MAX_FILTER_JSON_CHARS);
  return built.fields.preview;
}
