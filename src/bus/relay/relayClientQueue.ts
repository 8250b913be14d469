/**
 * One relay client's outgoing queue, capped in bytes. While the client keeps
 * up, every message is kept in order. Past the soft cap the queue keeps only
 * the newest message of each channel (a dashboard wants the present, not a
 * backlog) and counts what it replaced; past the hard cap a message for a
 * channel it does not hold yet is dropped and counted too. Frames without a
 * channel (errors, acknowledgements) are never replaced, only capped.
 *
 * Pure data structure: the relay client decides when to write.
 */

export interface QueuedFrame {
  /** The channel the frame belongs to; frames with the same key replace each other while catching up. null: never replaced. */
  key: string | null;
  /** Text frames as a string or as their UTF-8 bytes (made once and shared by every client). */
  frame: string | Buffer;
  /** Sent as a binary frame (Foxglove's Message Data); false: a text frame. */
  isBinary: boolean;
  /** The frame's size on the wire (UTF-8 bytes for text). */
  bytes: number;
  /** Whether it counts as a message (sent/dropped counters); acknowledgements and errors do not. */
  isMessage: boolean;
}

export interface QueueLimits {
  softCapBytes: number;
  hardCapBytes: number;
}

export class RelayClientQueue {
  /** In order while keeping up; `head` avoids shifting the array on every take. */
  private inOrder: QueuedFrame[] = [];
  private head = 0;
  /** While catching up: insertion order is the order of each channel's first waiting message. */
  private newestByKey: Map<string | symbol, QueuedFrame> | null = null;
  private controlKeyCount = 0;
  private bytes = 0;
  private droppedCount = 0;
  private unreportedDropCount = 0;

  constructor(private readonly limits: QueueLimits) {}

  get queuedBytes(): number {
    return this.bytes;
  }

  /** Messages replaced or refused since the queue was made. */
  get dropped(): number {
    return this.droppedCount;
  }

  get isCatchingUp(): boolean {
    return this.newestByKey !== null;
  }

  get isEmpty(): boolean {
    return this.newestByKey ? this.newestByKey.size === 0 : this.head === this.inOrder.length;
  }

  push(item: QueuedFrame): void {
    if (!this.newestByKey && this.bytes + item.bytes <= this.limits.softCapBytes) {
      this.inOrder.push(item);
      this.bytes += item.bytes;
      return;
    }
    const newest = this.newestByKey ?? this.startCatchingUp();
    const key = item.key ?? Symbol(`control-${this.controlKeyCount++}`);
    const replaced = newest.get(key);
    const bytesAfter = this.bytes - (replaced?.bytes ?? 0) + item.bytes;
    if (bytesAfter > this.limits.hardCapBytes) {
      if (item.isMessage) this.countDrop();
      return;
    }
    if (replaced?.isMessage) this.countDrop();
    newest.set(key, item);
    this.bytes = bytesAfter;
  }

  /** The next frame to write, or undefined when empty. Back in order once the backlog is gone. */
  take(): QueuedFrame | undefined {
    if (this.newestByKey) {
      const first = this.newestByKey.entries().next();
      if (first.done) {
        this.newestByKey = null;
        return undefined;
      }
      this.newestByKey.delete(first.value[0]);
      if (this.newestByKey.size === 0) this.newestByKey = null;
      this.bytes -= first.value[1].bytes;
      return first.value[1];
    }
    if (this.head === this.inOrder.length) return undefined;
    const item = this.inOrder[this.head];
    this.inOrder[this.head] = undefined as unknown as QueuedFrame;
    this.head++;
    if (this.head === this.inOrder.length) {
      this.inOrder = [];
      this.head = 0;
    }
    this.bytes -= item?.bytes ?? 0;
    return item;
  }

  /** Drops counted since the last call: what the client is told in its next `dropped` notice. */
  takeUnreportedDrops(): number {
    const count = this.unreportedDropCount;
    this.unreportedDropCount = 0;
    return count;
  }

  clear(): void {
    this.inOrder = [];
    this.head = 0;
    this.newestByKey = null;
    this.bytes = 0;
  }

  /** Collapses the waiting messages to the newest per channel, counting each one replaced. */
  private startCatchingUp(): Map<string | symbol, QueuedFrame> {
    const newest = new Map<string | symbol, QueuedFrame>();
    let bytes = 0;
    for (let index = this.head; index < this.inOrder.length; index++) {
      const item = this.inOrder[index];
      if (!item) continue;
      const key = item.key ?? Symbol(`control-${this.controlKeyCount++}`);
      const replaced = newest.get(key);
      if (replaced) {
        bytes -= replaced.bytes;
        if (replaced.isMessage) this.countDrop();
      }
      newest.set(key, item);
      bytes += item.bytes;
    }
    this.inOrder = [];
    this.head = 0;
    this.newestByKey = newest;
    this.bytes = bytes;
    return newest;
  }

  private countDrop(): void {
    this.droppedCount++;
    this.unreportedDropCount++;
  }
}
