/**
 * The UDP bridge's socket, in a worker thread of its own: it only reads
 * datagrams into a bounded queue and posts them to the link in batches, so
 * a busy bus thread (decoding, publishing, answering requests) no longer
 * leaves the kernel's buffer to overflow. Command datagrams leave from this
 * same socket, so a device that answers to the sender's port reaches us.
 *
 * Motivation: with the bus thread blocked while another process sent 20,000
 * 1 KB datagrams, the link on the bus thread delivered 3,640 (4 MiB buffer
 * granted, 5 runs out of 5); read here, 9,027 to 15,948 (5 runs, load ~15 on
 * 2 cores), none dropped by the queue: the rest the kernel dropped while this
 * thread waited for a CPU. A bare counting worker got 17,930 to 20,000 in the
 * same load, so some cost here is still unexplained (docs/ARCHITECTURE.md).
 */
import { createSocket, type Socket } from 'node:dgram';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { BATCH_WAIT_MS, type LinkToReceiverMessage, type ReceiverToLinkMessage, type UdpReceiverWorkerData } from './udpReceiverProtocol';

class Receiver {
  private readonly socket: Socket;
  private isListening = false;
  private hasFailed = false;
  /** The batch being filled: each datagram is copied in as it comes, so Node's own buffer for it dies young. */
  private batch: BatchBeingFilled;
  /** Posted to the link and not yet acknowledged as delivered. */
  private inFlightDatagrams = 0;
  private inFlightBytes = 0;
  private droppedDatagrams = 0;
  private droppedBytes = 0;
  private reportedDroppedDatagrams = 0;
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: UdpReceiverWorkerData,
    private readonly link: MessagePort,
  ) {
    this.batch = emptyBatch(settings.maxBatchDatagrams, MIN_BATCH_BYTES);
    this.socket = createSocket({ type: settings.socketType });
    this.socket.on('message', (bytes) => this.receive(bytes));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.once('listening', () => this.onListening());
    link.on('message', (message: LinkToReceiverMessage) => this.onLinkMessage(message));
  }

  start(): void {
    try {
      this.socket.bind(this.settings.listenPort, this.settings.listenHost);
    } catch (error) {
      // bind throws synchronously only for arguments Node refuses (a port out of range).
      this.fail(error as Error);
    }
  }

  private onListening(): void {
    this.isListening = true;
    try {
      this.socket.setRecvBufferSize(this.settings.receiveBufferBytes);
    } catch {
      // Refused sizes leave the default; the granted size below says what the socket has.
    }
    let grantedBufferBytes: number | null = null;
    try {
      grantedBufferBytes = this.socket.getRecvBufferSize();
    } catch {
      // Unknown: the link says so.
    }
    this.post({ type: 'listening', grantedBufferBytes });
  }

  private receive(bytes: Buffer): void {
    const batch = this.batch;
    const queued = this.inFlightDatagrams + batch.count;
    const queuedBytes = this.inFlightBytes + batch.used;
    if (queued >= this.settings.maxQueuedDatagrams || queuedBytes + bytes.length > this.settings.maxQueuedBytes) {
      // The newest is dropped: what is queued is already on its way to the link.
      this.droppedDatagrams++;
      this.droppedBytes += bytes.length;
      this.scheduleFlush();
      return;
    }
    if (batch.used + bytes.length > batch.payload.length) growPayload(batch, bytes.length);
    batch.payload.set(bytes, batch.used);
    batch.offsets[batch.count] = batch.used;
    batch.receivedAt[batch.count] = Date.now();
    batch.count++;
    batch.used += bytes.length;
    if (batch.count >= this.settings.maxBatchDatagrams) this.flush();
    else this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), BATCH_WAIT_MS);
  }

  /** One message per batch, its buffers transferred, not cloned. */
  private flush(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.batch;
    if (batch.count === 0 && this.droppedDatagrams === this.reportedDroppedDatagrams) return;
    batch.offsets[batch.count] = batch.used;
    this.inFlightDatagrams += batch.count;
    this.inFlightBytes += batch.used;
    this.reportedDroppedDatagrams = this.droppedDatagrams;
    // Sized like the last one: a trickle flushed every millisecond does not zero 256 KiB each time.
    this.batch = emptyBatch(this.settings.maxBatchDatagrams, batch.used);
    const message: ReceiverToLinkMessage = {
      type: 'batch',
      count: batch.count,
      payload: batch.payload.buffer,
      offsets: batch.offsets,
      receivedAt: batch.receivedAt,
      droppedDatagrams: this.droppedDatagrams,
      droppedBytes: this.droppedBytes,
    };
    this.link.postMessage(message, [message.payload, batch.offsets.buffer, batch.receivedAt.buffer]);
  }

  private onLinkMessage(message: LinkToReceiverMessage): void {
    if (message.type === 'delivered') {
      this.inFlightDatagrams -= message.datagrams;
      this.inFlightBytes -= message.bytes;
      return;
    }
    if (this.hasFailed || !this.isListening) {
      this.post({ type: 'sent', id: message.id, error: { code: null, message: 'the socket is not open' } });
      return;
    }
    this.socket.send(message.bytes, message.port, message.host, (error) => {
      this.post({ type: 'sent', id: message.id, error: error ? describe(error) : null });
    });
  }

  /** Reports the failure once; the link then ends this worker. */
  private fail(error: Error): void {
    if (this.hasFailed) return;
    this.hasFailed = true;
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.post({ type: 'failed', wasListening: this.isListening, ...describe(error) });
    try {
      this.socket.close();
    } catch {
      // A socket whose bind failed is already closed.
    }
  }

  private post(message: ReceiverToLinkMessage): void {
    this.link.postMessage(message);
  }
}

interface BatchBeingFilled {
  count: number;
  used: number;
  payload: Uint8Array<ArrayBuffer>;
  offsets: Uint32Array<ArrayBuffer>;
  receivedAt: Float64Array<ArrayBuffer>;
}

/** A new batch has room for what the last one held, within these bounds; a larger one grows. */
const MIN_BATCH_BYTES = 16 * 1024;
const MAX_INITIAL_BATCH_BYTES = 256 * 1024;

function emptyBatch(maxDatagrams: number, lastUsedBytes: number): BatchBeingFilled {
  const bytes = Math.min(MAX_INITIAL_BATCH_BYTES, Math.max(MIN_BATCH_BYTES, lastUsedBytes));
  return { count: 0, used: 0, payload: new Uint8Array(bytes), offsets: new Uint32Array(maxDatagrams + 1), receivedAt: new Float64Array(maxDatagrams) };
}

function growPayload(batch: BatchBeingFilled, incomingBytes: number): void {
  const grown = new Uint8Array(Math.max(batch.payload.length * 2, batch.used + incomingBytes));
  grown.set(batch.payload.subarray(0, batch.used));
  batch.payload = grown;
}

function describe(error: Error): { code: string | null; message: string } {
  return { code: (error as NodeJS.ErrnoException).code ?? null, message: error.message };
}

if (parentPort !== null) new Receiver(workerData as UdpReceiverWorkerData, parentPort).start();
