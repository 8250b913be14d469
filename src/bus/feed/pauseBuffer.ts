/**
 * What a paused lane keeps receiving, bounded by count and bytes.
 *
 * When full, the OLDEST held message is dropped (and counted): on resume the
 * released messages then join the live feed without a hole between the
 * last held message and the next live one, and the hole, if any, sits
 * right after the moment of pausing, which the drop counter reports.
 */
import type { DecoderChoice, PauseBufferState } from '../../shared/liveChannels';
import type { ChannelRecord } from './channelStats';
import type { FeedMessageFields } from './feedMessageBuilder';

export interface PausedMessage {
  /** Null while not decoded: the message is decoded when shown, after the resume. */
  fields: FeedMessageFields | null;
  channelRecord: ChannelRecord;
  payload: Buffer;
  decoder: DecoderChoice;
  receivedAt: number;
  /** A stream entry's id (the stream tail's messages only). */
  entryId?: string | undefined;
  costBytes: number;
}

export class PauseBuffer {
  private items: (PausedMessage | undefined)[] = [];
  /** Index of the oldest held item in `items`. */
  private head = 0;
  private heldBytes = 0;
  private dropped = 0;

  constructor(
    private readonly capacityMessages: number,
    private readonly capacityBytes: number,
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** Holds the message; returns the messages dropped to make room (oldest first). */
  push(item: PausedMessage): PausedMessage[] {
    const droppedNow: PausedMessage[] = [];
    this.items.push(item);
    this.heldBytes += item.costBytes;
    while (this.size > 0 && (this.size > this.capacityMessages || this.heldBytes > this.capacityBytes)) {
      droppedNow.push(this.shift()!);
    }
    this.dropped += droppedNow.length;
    this.compact();
    return droppedNow;
  }

  /** Everything held, oldest first, and empties the buffer (the drop count stays). */
  drain(): PausedMessage[] {
    const held = this.items.slice(this.head) as PausedMessage[];
    this.clear();
    return held;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.heldBytes = 0;
  }

  state(): PauseBufferState {
    return {
      heldMessages: this.size,
      heldBytes: this.heldBytes,
      capacityMessages: this.capacityMessages,
      capacityBytes: this.capacityBytes,
      dropped: this.dropped,
    };
  }

  private shift(): PausedMessage | undefined {
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    if (item) this.heldBytes -= item.costBytes;
    return item;
  }

  /** Drops the consumed front of the array once it is half the array, so pushes stay O(1) amortised. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
