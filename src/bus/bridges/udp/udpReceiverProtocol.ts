/**
 * What the UDP link (on the bus thread) and its receiver worker say to each
 * other. The worker owns the socket; datagrams come to the link in batches,
 * one message per batch with its buffers transferred, never copied again.
 *
 * Flow control: the worker counts what it has posted and the link has not yet
 * acknowledged; while that plus its pending batch would pass either cap, new
 * datagrams are dropped and counted. So a bus thread that stops reading its
 * messages holds at most the caps, never an unbounded message queue.
 */

export interface UdpReceiverWorkerData {
  listenHost: string;
  listenPort: number;
  socketType: 'udp4' | 'udp6';
  receiveBufferBytes: number;
  maxQueuedDatagrams: number;
  maxQueuedBytes: number;
  /** A batch is posted when it holds this many datagrams, or BATCH_WAIT_MS after its first one. */
  maxBatchDatagrams: number;
}

/** Posted at most this long after a batch's first datagram. */
export const BATCH_WAIT_MS = 1;

export type LinkToReceiverMessage =
  /** `datagrams` and `bytes` of batches delivered on the bus thread: room in the queue again. */
  | { type: 'delivered'; datagrams: number; bytes: number }
  /** One command datagram; answered by a 'sent' with the same id. */
  | { type: 'send'; id: number; bytes: Uint8Array; host: string; port: number };

export type ReceiverToLinkMessage =
  /** `grantedBufferBytes` as the kernel reports it (Linux: twice the usable size), null when unknown. */
  | { type: 'listening'; grantedBufferBytes: number | null }
  /** The socket failed; `wasListening` tells a bind failure from a later one. The worker ends after this. */
  | { type: 'failed'; wasListening: boolean; code: string | null; message: string }
  | ReceivedBatch
  | { type: 'sent'; id: number; error: { code: string | null; message: string } | null };

/**
 * Datagram i (i < count) is payload[offsets[i] .. offsets[i+1]) received at
 * receivedAt[i] (epoch ms); the arrays may be longer than the batch.
 * `droppedDatagrams` and `droppedBytes` are totals since the socket opened,
 * so a lost or late batch never miscounts them. A batch may hold no
 * datagrams when it only carries new drop totals.
 */
export interface ReceivedBatch {
  type: 'batch';
  count: number;
  payload: ArrayBuffer;
  offsets: Uint32Array;
  receivedAt: Float64Array;
  droppedDatagrams: number;
  droppedBytes: number;
}
