/**
 * Items kept in increasing seq order: appended at the end, removed from the
 * front, read by position. Removing from the front moves a start index
 * instead of shifting the array, so evicting the oldest of 100,000 messages
 * costs nothing per message; the array is compacted once the dead front
 * outgrows the live part.
 */
const MIN_COMPACT_ITEMS = 1_024;

export class SeqQueue<T extends { seq: number }> {
  private items: T[] = [];
  private start = 0;

  get length(): number {
    return this.items.length - this.start;
  }

  /** Oldest first: 0 is the oldest item. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.items[this.start + index];
  }

  first(): T | undefined {
    return this.at(0);
  }

  last(): T | undefined {
    return this.at(this.length - 1);
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.start];
    this.start++;
    if (this.start >= MIN_COMPACT_ITEMS && this.start * 2 >= this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    return item;
  }

  /** How many items have a seq greater than `seq` (binary search). */
  countNewerThan(seq: number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.items[this.start + middle]!.seq > seq) high = middle;
      else low = middle + 1;
    }
    return this.length - low;
  }

  /** The position (oldest first) of the item with this seq, or -1. */
  indexOfSeq(seq: number): number {
    const index = this.length - this.countNewerThan(seq) - 1;
    return index >= 0 && this.at(index)?.seq === seq ? index : -1;
  }

  /** Keeps the items `shouldKeep` accepts, in order. */
  retain(shouldKeep: (item: T) => boolean): void {
    this.items = this.items.slice(this.start).filter(shouldKeep);
    this.start = 0;
  }

  clear(): void {
    this.items = [];
    this.start = 0;
  }
}
