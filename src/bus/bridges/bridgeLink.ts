/**
 * The one small interface every bridge kind implements: a link to a device.
 * A link only moves bytes: it opens the device (and reopens it after an
 * unplug, with backoff), hands each chunk it reads to `onData`, and writes
 * what it is given. Framing, record decoding, publishing to Redis, commands
 * from Redis and the counters are the same for every kind and live in
 * bridgeRuntime.ts; a new kind is one file beside serial/ and udp/ and one
 * case in bridgeLinks.ts.
 */
import type { Result } from '../../shared/result';

/**
 * What a link reports about its device. `detail` is in words: "unplugged: /dev/ttyUSB0 went away; reopening in 2 s".
 * 'stalled': open, but no byte for the watchdog's time (serial); a byte makes it 'open' again.
 */
export type LinkState = 'opening' | 'open' | 'stalled' | 'reopening' | 'closed' | 'failed';

export interface LinkStatus {
  state: LinkState;
  /** Where it is connected or trying to ("/dev/ttyUSB1", "udp 127.0.0.1:9870"). */
  endpoint: string;
  /** The reason for 'stalled', 'reopening' or 'failed', in words; null otherwise. */
  detail: string | null;
}

export interface LinkChunk {
  bytes: Buffer;
  /** True when `bytes` is one whole message by itself (a UDP datagram): no framing is applied. */
  isWholeRecord: boolean;
  /** Epoch ms it was read. */
  receivedAt: number;
}

export interface BridgeLink {
  /** Opens the device and keeps it open until stop(); never throws (failures come as status). */
  start(): void;
  /** Closes the device for good. Never rejects. */
  stop(): Promise<void>;
  status(): LinkStatus;
  onDidChangeStatus(listener: (status: LinkStatus) => void): () => void;
  /** Each chunk read, in order. The buffer is the listener's to keep. */
  onData(listener: (chunk: LinkChunk) => void): () => void;
  /** Writes once; a failed write is reported, never retried. */
  write(bytes: Buffer): Promise<Result<{ bytesWritten: number }>>;
  /**
   * Chunks read from the device but dropped before onData because the link's
   * own bounded queue was full (the bus thread was busy), since start().
   * Only links with such a queue have it (UDP; serial, counting reads its port
   * process dropped); the runtime adds them to its drops.
   */
  droppedChunks?(): LinkDrops;
}

export interface LinkDrops {
  chunks: number;
  bytes: number;
}
