/**
 * A profile's bounded message history: the newest messages with their exact
 * payload bytes, so the feed can fetch a full payload or scroll back. Capped
 * by count and by bytes; the oldest go first and are counted.
 *
 * Seqs are consecutive (the feed numbers each message as it is appended),
 * so finding a message is an index computation, not a search.
 */
import type { DecoderChoice, FeedMessage } from '../../../shared/liveChannels';
import type { ChannelRecord } from './channelStats';

export interface HistoryEntry {
  message: FeedMessage;
  /** Exact channel bytes (shared by every message of the channel). */
  channel: Buffer;
  /** A copy of the payload: the socket's buffer it arrived in is not pinned. */
  payload: Buffer;
  decoder: DecoderChoice;
  channelRecord: ChannelRecord;
  /** What this entry is charged against the byte budget. */
  costBytes: number;
  /** The message is not decoded yet: its kind and preview are placeholders until ProfileFeed completes it. */
  isPending?: boolean;
}

export type EvictionReason = 'count' | 'bytes';

export interface HistoryState {
  heldMessages: number;
  heldBytes: number;
  capacityMessages: number;
  capacityBytes: number;
  evicted: number;
}

export class FeedHistory {
  private readonly ring: (HistoryEntry | undefined)[];
  /** Ring index of the oldest entry. */
  private head = 0;
  private size = 0;
  private heldBytes = 0;
  private evicted = 0;

  constructor(
    readonly capacityMessages: number,
    readonly capacityBytes: number,
  ) {
    this.ring = new Array<HistoryEntry | undefined>(capacityMessages);
  }

  /**
   * Appends the entry (its seq must follow the newest) and evicts the oldest
   * until both caps hold. A single entry larger than the byte budget is kept
   * alone: it has already arrived, and its detail is what the user will ask for.
   */
  append(entry: HistoryEntry, onEvict: (evicted: HistoryEntry, reason: EvictionReason) => void): void {
    if (this.size === this.capacityMessages) this.evictOldest('count', onEvict);
    this.ring[(this.head + this.size) % this.capacityMessages] = entry;
    this.size++;
    this.heldBytes += entry.costBytes;
    while (this.heldBytes > this.capacityBytes && this.size > 1) this.evictOldest('bytes', onEvict);
  }

  get(seq: number): HistoryEntry | undefined {
    const oldest = this.oldestSeq();
    if (oldest === undefined || seq < oldest || seq >= oldest + this.size) return undefined;
    return this.ring[(this.head + (seq - oldest)) % this.capacityMessages];
  }

  /** Entries before `beforeSeq` (all when null), newest first, that `accept` keeps, up to `limit`. */
  newestBefore(beforeSeq: number | null, limit: number, accept: (entry: HistoryEntry) => FeedMessage | null): FeedMessage[] {
    const found: FeedMessage[] = [];
    const oldest = this.oldestSeq();
    if (oldest === undefined) return found;
    const newest = oldest + this.size - 1;
    let seq = beforeSeq === null ? newest : Math.min(newest, beforeSeq - 1);
    for (; seq >= oldest && found.length < limit; seq--) {
      const entry = this.get(seq);
      const message = entry ? accept(entry) : null;
      if (message) found.push(message);
    }
    return found;
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
    this.ring.fill(undefined);
    this.head = 0;
    this.size = 0;
    this.heldBytes = 0;
  }

  private oldestSeq(): number | undefined {
    return this.size === 0 ? undefined : this.ring[this.head]!.message.seq;
  }

  private evictOldest(reason: EvictionReason, onEvict: (evicted: HistoryEntry, reason: EvictionReason) => void): void {
    const entry = this.ring[this.head];
    if (!entry) return;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacityMessages;
    this.size--;
    this.heldBytes -= entry.costBytes;
    this.evicted++;
    onEvict(entry, reason);
  }
}
