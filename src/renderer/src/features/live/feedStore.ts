/**
 * One profile's feed as this window holds it: the messages of the frames
 * (bounded by count and by an estimate of their memory, oldest evicted and
 * counted), an index per lane, the gaps, and the latest channel statistics.
 * Plain TypeScript: React reads it through `subscribe` and `version`.
 *
 * Seqs are the bus's: increasing per profile feed, so the store only ever
 * appends. A feed the bus restarted (the connection was closed and opened,
 * the server restarted) starts again at 1; `reset` forgets the old one.
 */
import type { ChannelStats, DropReason, FeedFrame, FeedGap, FeedHistoryState, FeedMessage, FeedSnapshot, Lane } from '../../../../shared/liveChannels';
import { SeqQueue } from './seqQueue';

export interface FeedStoreLimits {
  maxMessages: number;
  /** Estimated memory of the messages held (see estimateMessageBytes). */
  maxBytes: number;
  maxGaps: number;
}

/** The issue asks for at least 100,000 messages per profile; previews are capped at 400 characters, so this fits them. */
export const DEFAULT_FEED_STORE_LIMITS: FeedStoreLimits = {
  maxMessages: 100_000,
  maxBytes: 96 * 1024 * 1024,
  maxGaps: 100,
};

/** Bookkeeping per message beyond its strings: the object, its numbers, its lane ids, the index slots. */
const MESSAGE_OVERHEAD_BYTES = 280;

/** A rough upper bound of what one message costs in this window (strings count two bytes a character). */
export function estimateMessageBytes(message: FeedMessage): number {
  const characters =
    message.preview.length +
    message.channel.text.length +
    (message.decodeError?.length ?? 0) +
    (message.envelope?.type?.length ?? 0) +
    (message.envelope?.source?.length ?? 0);
  return MESSAGE_OVERHEAD_BYTES + 2 * characters;
}

export interface FeedStoreCounts {
  heldMessages: number;
  heldBytes: number;
  /** Messages removed from this window to stay within its limits. */
  evicted: number;
  /** Messages removed because the bus history no longer holds them (it was full): they could not be opened. */
  noLongerHeld: number;
}

const EMPTY_QUEUE = new SeqQueue<FeedMessage>();

export type LaneCounters = Lane['counters'];

/** A catch-up's messages fetched so far, of those it will fetch. */
export interface CatchUpProgress {
  fetched: number;
  expected: number;
}

export class FeedStore {
  private readonly all = new SeqQueue<FeedMessage>();
  private readonly byLane = new Map<string, SeqQueue<FeedMessage>>();
  private readonly gapsById = new Map<string, FeedGap>();
  /**
   * Each lane's counters as the frame that brought its messages cut them:
   * the lane list (polled, or a frame listener that React hears later) can
   * be older than the rows here, and would then count fewer than they show.
   */
  private readonly countersByLane = new Map<string, LaneCounters>();
  private heldBytes = 0;
  private evicted = 0;
  private noLongerHeld = 0;
  private lastSeq = 0;
  /** The last frame's seq while frames are being listened to; 0 when not listening. */
  private lastFrameSeq = 0;
  /** Messages of frames that arrived while older ones were being fetched. */
  private waiting: FeedMessage[] | null = null;
  /** A frame arrived during the catch-up: its statistics are newer than the catch-up's answer. */
  private hasFrameSinceCatchUpBegan = false;
  /** The catch-up began with nothing held (a fresh tab): what it fetched is all the window will hold of the past. */
  private isCatchUpFromEmpty = false;
  private catchUpCounts: CatchUpProgress | null = null;
  private readonly listeners = new Set<() => void>();
  private changeNumber = 0;
  private resetNumber = 0;

  channels: readonly ChannelStats[] = [];
  busHistory: FeedHistoryState | null = null;
  busDropped: Partial<Record<DropReason, number>> = {};

  constructor(private readonly limits: FeedStoreLimits = DEFAULT_FEED_STORE_LIMITS) {}

  /** Changes whenever anything shown changed; for useSyncExternalStore. */
  get version(): number {
    return this.changeNumber;
  }

  /** An arrow function, so React can take it as it is (useSyncExternalStore). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes when the store forgot a restarted feed: seqs from before name other messages now. */
  get generation(): number {
    return this.resetNumber;
  }

  get newestSeq(): number {
    return this.lastSeq;
  }

  get isCatchingUp(): boolean {
    return this.waiting !== null;
  }

  /** How far a fresh window's catch-up is; null before its first page, when not catching up, or when the window held messages already (it then fetches only what it missed, a number the bus does not say). */
  get catchUpProgress(): CatchUpProgress | null {
    return this.waiting !== null ? this.catchUpCounts : null;
  }

  counts(): FeedStoreCounts {
    return { heldMessages: this.all.length, heldBytes: this.heldBytes, evicted: this.evicted, noLongerHeld: this.noLongerHeld };
  }

  /** Every message (null) or one lane's, oldest first. */
  messages(laneId: string | null): SeqQueue<FeedMessage> {
    if (laneId === null) return this.all;
    return this.byLane.get(laneId) ?? EMPTY_QUEUE;
  }

  /** The lane's counters from the same frames as its rows; the lane's own (from its list) until a frame carried them. */
  laneCounters(lane: Lane): LaneCounters {
    return this.countersByLane.get(lane.id) ?? lane.counters;
  }

  messageBySeq(seq: number): FeedMessage | undefined {
    return this.all.at(this.all.indexOfSeq(seq));
  }

  /** Newest first by start time. */
  gaps(): FeedGap[] {
    return [...this.gapsById.values()].sort((left, right) => right.from - left.from);
  }

  applyFrame(frame: FeedFrame): void {
    if (this.lastFrameSeq > 0 && frame.seq <= this.lastFrameSeq) this.resetMessages();
    this.lastFrameSeq = frame.seq;
    if (this.waiting) {
      for (const message of frame.messages) this.waiting.push(message);
      // Waiting is bounded like the store: only the newest could be kept anyway.
      if (this.waiting.length > this.limits.maxMessages) {
        const extra = this.waiting.length - this.limits.maxMessages;
        this.waiting.splice(0, extra);
        this.evicted += extra;
      }
    } else this.appendAll(frame.messages);
    for (const removal of frame.removedFromLanes) this.removeFromLane(removal.laneId, removal.seqs);
    for (const lane of frame.lanes) this.countersByLane.set(lane.id, lane.counters);
    for (const gap of frame.gaps) this.gapsById.set(gap.id, gap);
    this.trimGaps();
    this.hasFrameSinceCatchUpBegan = true;
    this.applyBusState(frame.channels, frame.history, frame.dropped);
    this.changed();
  }

  /** From now until finishCatchUp, frame messages wait so that older ones fetched from the bus go first. */
  beginCatchUp(): void {
    this.waiting ??= [];
    this.hasFrameSinceCatchUpBegan = false;
    this.isCatchUpFromEmpty = this.lastSeq === 0;
    this.catchUpCounts = null;
  }

  /** A page of the catch-up came: `fetched` messages so far of the `expected` (the bus's held count, as the window can hold). */
  noteCatchUpPage(fetched: number, expected: number): void {
    if (this.waiting === null || !this.isCatchUpFromEmpty) return;
    this.catchUpCounts = { fetched: Math.min(fetched, expected), expected };
    this.changed();
  }

  /**
   * Adds the messages fetched from the bus history (newest first, as
   * 'feed:recent' answers; null when the bus could not be asked), then the
   * frames that waited. When the bus's history does not continue this
   * store's (it is empty, it ends before what this window holds, or the
   * same seq is another message), the bus restarted its feed and the old
   * messages are forgotten.
   */
  finishCatchUp(newestFirst: readonly FeedMessage[] | null, busState?: Omit<FeedSnapshot, 'messages'>): void {
    const waiting = this.waiting ?? [];
    this.waiting = null;
    this.catchUpCounts = null;
    const fetched = newestFirst ?? [];
    if (newestFirst && this.lastSeq > 0 && !this.continuesFrom(newestFirst)) this.resetMessages();
    for (let index = fetched.length - 1; index >= 0; index--) this.append(fetched[index]!);
    this.appendAll(waiting);
    // A frame during the catch-up carried newer statistics than the answer; without one (a silent feed) the answer is the news.
    if (busState && !this.hasFrameSinceCatchUpBegan) this.applyBusState(busState.channels, busState.history, busState.dropped);
    else if (this.busHistory) this.removeNoLongerHeld(this.busHistory.oldestSeq);
    this.changed();
  }

  /**
   * Messages leave a lane: its new filter, applied by the bus to what it
   * held, did not match them. A message left without a lane leaves the window.
   */
  removeFromLane(laneId: string, seqs: readonly number[]): void {
    const removed = new Set(seqs);
    this.byLane.get(laneId)?.retain((message) => !removed.has(message.seq));
    let hasEmptied = false;
    for (const seq of seqs) {
      const message = this.messageBySeq(seq);
      if (!message?.laneIds.includes(laneId)) continue;
      message.laneIds = message.laneIds.filter((id) => id !== laneId);
      if (message.laneIds.length === 0) hasEmptied = true;
    }
    if (!hasEmptied) return;
    this.all.retain((message) => {
      if (message.laneIds.length > 0) return true;
      this.heldBytes -= estimateMessageBytes(message);
      return false;
    });
  }

  /**
   * The lane's messages leave the window (the user cleared or removed the
   * lane); a message also matched by another lane stays for that lane.
   */
  forgetLane(laneId: string): void {
    if (!this.byLane.delete(laneId)) return;
    this.all.retain((message) => {
      if (!message.laneIds.includes(laneId)) return true;
      message.laneIds = message.laneIds.filter((id) => id !== laneId);
      if (message.laneIds.length > 0) return true;
      this.heldBytes -= estimateMessageBytes(message);
      return false;
    });
    this.changed();
  }

  /**
   * Counters the bus gave after the rows a catch-up fetched, for lanes no
   * frame has carried yet; a frame's are kept (a later frame brings newer).
   */
  seedLaneCounters(lanes: readonly Lane[]): void {
    let isChanged = false;
    for (const lane of lanes) {
      if (this.countersByLane.has(lane.id)) continue;
      this.countersByLane.set(lane.id, lane.counters);
      isChanged = true;
    }
    if (isChanged) this.changed();
  }

  /** The lane is gone from the bus: its counters are of no use. Clearing keeps them, as the bus does. */
  forgetLaneCounters(laneId: string): void {
    this.countersByLane.delete(laneId);
  }

  /** Forgets messages, gaps and statistics (the connection was closed: the bus's feed is gone). */
  reset(): void {
    this.resetMessages();
    this.countersByLane.clear();
    this.gapsById.clear();
    this.channels = [];
    this.busHistory = null;
    this.busDropped = {};
    this.changed();
  }

  private applyBusState(channels: readonly ChannelStats[], history: FeedHistoryState, dropped: Partial<Record<DropReason, number>>): void {
    this.channels = channels;
    this.busHistory = history;
    this.busDropped = dropped;
    this.removeNoLongerHeld(history.oldestSeq);
  }

  /** Rows the bus no longer holds leave the window: they could not be opened, and the numbers would not agree. */
  private removeNoLongerHeld(oldestHeldSeq: number): void {
    for (let oldest = this.all.first(); oldest && oldest.seq < oldestHeldSeq; oldest = this.all.first()) {
      this.removeOldest();
      this.noLongerHeld++;
    }
  }

  private continuesFrom(newestFirst: readonly FeedMessage[]): boolean {
    const busNewest = newestFirst[0];
    if (!busNewest || busNewest.seq < this.lastSeq) return false;
    const overlap = newestFirst.find((message) => message.seq <= this.lastSeq);
    const held = overlap ? this.messageBySeq(overlap.seq) : undefined;
    return !overlap || !held || held.receivedAt === overlap.receivedAt;
  }

  private resetMessages(): void {
    if (this.lastSeq > 0) this.resetNumber++;
    this.all.clear();
    this.byLane.clear();
    this.heldBytes = 0;
    this.lastSeq = 0;
    this.evicted = 0;
    this.noLongerHeld = 0;
  }

  private appendAll(messages: readonly FeedMessage[]): void {
    for (const message of messages) this.append(message);
  }

  private append(message: FeedMessage): void {
    // A message whose only lane's new filter took it out before its frame was cut arrives with no lane.
    if (message.seq <= this.lastSeq || message.laneIds.length === 0) return;
    this.lastSeq = message.seq;
    this.all.push(message);
    this.heldBytes += estimateMessageBytes(message);
    for (const laneId of message.laneIds) {
      let lane = this.byLane.get(laneId);
      if (!lane) {
        lane = new SeqQueue<FeedMessage>();
        this.byLane.set(laneId, lane);
      }
      lane.push(message);
    }
    while (this.all.length > this.limits.maxMessages || (this.heldBytes > this.limits.maxBytes && this.all.length > 1)) this.evictOldest();
  }

  private evictOldest(): void {
    if (this.removeOldest()) this.evicted++;
  }

  private removeOldest(): boolean {
    const oldest = this.all.shift();
    if (!oldest) return false;
    this.heldBytes -= estimateMessageBytes(oldest);
    // Lane queues are in the same order as `all`, so the evicted message is at their front.
    for (const laneId of oldest.laneIds) {
      const lane = this.byLane.get(laneId);
      if (lane?.first() === oldest) lane.shift();
    }
    return true;
  }

  private trimGaps(): void {
    if (this.gapsById.size <= this.limits.maxGaps) return;
    const oldestFirst = [...this.gapsById.values()].sort((left, right) => left.from - right.from);
    for (const gap of oldestFirst.slice(0, this.gapsById.size - this.limits.maxGaps)) this.gapsById.delete(gap.id);
  }

  private changed(): void {
    this.changeNumber++;
    for (const listener of [...this.listeners]) listener();
  }
}
