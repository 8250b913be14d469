/**
 * Copies of received payloads for the feed history, carved from shared
 * slabs instead of one allocation each. ioredis hands a payload over as a
 * view of the socket's read buffer; the history must not pin that buffer,
 * so each payload is copied once.
 *
 * A slab is freed by the garbage collector when no copy in it is referenced
 * any more. The history drops its oldest messages first, so slabs are
 * released in order and at most the newest slab and the one holding the
 * oldest message are partly used: the memory beyond the history's byte
 * budget stays within about two slabs. Only the history may hold these
 * copies; anything kept on another schedule (a paused lane's buffer) takes
 * its own copy, or one old message could keep a whole slab alive.
 *
 * Motivation (CPU profiles of the bus worker under a 64-channel EEG flood,
 * per message): Buffer.from of each 929-byte payload cost 1.4 µs (Node
 * carves small buffers from 8 KiB pools and allocates a new pool every few
 * messages); copying into 1 MiB slabs 1.8 µs, into 64 KiB slabs 0.7 µs.
 * Why the larger slabs cost more was not measured; probably fresh pages
 * from the system for each one.
 */

const SLAB_BYTES = 64 * 1024;
/** Larger payloads get an allocation of their own. */
const MAX_SLAB_PAYLOAD_BYTES = 8 * 1024;

/** Where a payload copy lies: bytes [offset, offset + length) of `store`. Kept as numbers, not as a view object per message. */
export interface StoredPayload {
  store: Buffer;
  offset: number;
  length: number;
}

export class PayloadArena {
  private slab: Buffer | null = null;
  private used = 0;

  /** Copies the payload and writes where it went into `into` (the caller's object, reused). */
  copy(payload: Uint8Array, into: StoredPayload): void {
    const length = payload.length;
    into.length = length;
    if (length > MAX_SLAB_PAYLOAD_BYTES) {
      into.store = Buffer.from(payload);
      into.offset = 0;
      return;
    }
    if (this.slab === null || this.used + length > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.used = 0;
    }
    this.slab.set(payload, this.used);
    into.store = this.slab;
    into.offset = this.used;
    this.used += length;
  }

  /** Forgets the current slab (copies already made keep theirs alive). */
  release(): void {
    this.slab = null;
    this.used = 0;
  }
}

/** The bytes of a stored payload, as a view (no copy). */
export function storedBytes(stored: StoredPayload): Buffer {
  return stored.store.subarray(stored.offset, stored.offset + stored.length);
}
