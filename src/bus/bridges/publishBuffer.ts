/**
 * Records waiting for Redis: a FIFO capped in count AND bytes. When a new
 * record does not fit, the oldest ones are dropped and counted, so a device
 * that keeps talking while Redis is away costs bounded memory and the
 * newest data wins.
 */
export interface WaitingRecord {
  channel: string;
  /**
   * The bytes to publish; with `envelopeHead`, only the envelope's `data`
   * (the record's own JSON text, often a view of the chunk it was read in):
   * what is published is then head + payload + `}`, joined where the batch
   * is written (batchEncoding.ts), not once per record.
   */
  payload: Buffer;
  /** The lab envelope's bytes up to `"data":`, shared by the records of a chunk. */
  envelopeHead?: Buffer;
}

const CLOSING_BRACE = 0x7d;

/** How many bytes are published for the record. */
export function publishedLengthOf(record: WaitingRecord): number {
  return record.envelopeHead === undefined ? record.payload.length : record.envelopeHead.length + record.payload.length + 1;
}

/** Writes the published bytes at `offset` (room for publishedLengthOf checked by the caller); returns the offset after them. */
export function writePublishedBytes(record: WaitingRecord, target: Buffer, offset: number): number {
  const head = record.envelopeHead;
  if (head === undefined) return offset + record.payload.copy(target, offset);
  offset += head.copy(target, offset);
  offset += record.payload.copy(target, offset);
  target[offset] = CLOSING_BRACE;
  return offset + 1;
}

/** The published bytes as one Buffer (a copy only when the record is enveloped). */
export function publishedBytesOf(record: WaitingRecord): Buffer {
  if (record.envelopeHead === undefined) return record.payload;
  const bytes = Buffer.allocUnsafe(publishedLengthOf(record));
  writePublishedBytes(record, bytes, 0);
  return bytes;
}

export interface PublishBufferCaps {
  maxCount: number;
  maxBytes: number;
}

/** 10,000 records or 16 MiB: minutes of a typical 50 Hz JSON board, well under the bus's memory. */
export const DEFAULT_PUBLISH_BUFFER_CAPS: PublishBufferCaps = { maxCount: 10_000, maxBytes: 16 * 1024 * 1024 };

/** Bytes a waiting record costs beyond its payload (the channel's text, the object): counted so tiny records cannot exceed the byte cap unseen. */
const RECORD_OVERHEAD_BYTES = 64;

export class PublishBuffer {
  private items: Array<WaitingRecord | undefined> = [];
  private head = 0;
  private bytes = 0;

  constructor(readonly caps: PublishBufferCaps) {}

  get count(): number {
    return this.items.length - this.head;
  }

  get byteCount(): number {
    return this.bytes;
  }

  /** Adds a record; returns how many of the oldest were dropped to make room (the record itself when it alone exceeds the byte cap). */
  push(record: WaitingRecord): number {
    const size = sizeOf(record);
    if (size > this.caps.maxBytes) return 1;
    let dropped = 0;
    while (this.count > 0 && (this.count + 1 > this.caps.maxCount || this.bytes + size > this.caps.maxBytes)) {
      this.shift();
      dropped++;
    }
    this.items.push(record);
    this.bytes += size;
    return dropped;
  }

  /** The oldest record, left in place. */
  peek(): WaitingRecord | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  shift(): WaitingRecord | undefined {
    if (this.count === 0) return undefined;
    const record = this.items[this.head] as WaitingRecord;
    this.items[this.head] = undefined;
    this.head++;
    this.bytes -= sizeOf(record);
    // Compacts now and then instead of Array.shift's copy on every call.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return record;
  }

  /**
   * Gives the newest `count` waiting records payloads of their own. A
   * payload may be a view of the chunk it was read in; one that waits must
   * not keep that whole chunk alive beyond what the byte cap counts.
   */
  ownNewest(count: number): void {
    for (let index = Math.max(this.head, this.items.length - count); index < this.items.length; index++) {
      const record = this.items[index] as WaitingRecord;
      record.payload = Buffer.from(record.payload);
    }
  }

  /** Empties the buffer; returns how many records it held. */
  clear(): number {
    const count = this.count;
    this.items = [];
    this.head = 0;
    this.bytes = 0;
    return count;
  }
}

function sizeOf(record: WaitingRecord): number {
  return publishedLengthOf(record) + record.channel.length + RECORD_OVERHEAD_BYTES;
}
