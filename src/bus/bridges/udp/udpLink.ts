/**
 * A UDP socket as a BridgeLink: each datagram is one record
 * (isWholeRecord), delivered as it came; caps, decoding and counting are
 * the runtime's. Commands go out as one datagram each to the configured
 * command address.
 *
 * The socket lives in a worker thread of its own (udpReceiverWorker.ts):
 * the bus thread decodes, publishes and answers requests, and while it is
 * busy the worker keeps reading, holding datagrams in a bounded queue
 * (count and byte caps; what does not fit is dropped and counted, see
 * droppedChunks()). Datagrams reach this link in batches, one message each.
 * Commands are sent by the worker from the listening socket, so they leave
 * from the listen port, as devices that answer their sender expect; one
 * socket, one place that can fail.
 *
 * Motivation: with the default receive buffer (~208 KiB on Linux), 92 of
 * 20,000 1 KB datagrams survived a loop blocked for a moment (issue #14);
 * the buffer is raised to RECEIVE_BUFFER_BYTES and the size the kernel
 * granted is shown in the endpoint, since net.core.rmem_max may cap it.
 * Even raised, a blocked bus thread kept 3,640 of 20,000; read in the
 * worker, the queue holds them (tests/integration/udpBlockedLoop.test.ts).
 */
import { isIPv6 } from 'node:net';
import type { Worker } from 'node:worker_threads';
import type { UdpSettings } from '../../../shared/bridges';
import { fail, ok, type Result } from '../../../shared/result';
import type { BridgeLink, LinkChunk, LinkDrops, LinkStatus } from '../bridgeLink';
import type { LinkToReceiverMessage, ReceivedBatch, ReceiverToLinkMessage } from './udpReceiverProtocol';
import { startUdpReceiverWorker } from './udpReceiverThread';
import { describeBindError, describeSendError, describeBufferSize } from './udpWords';

export const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;
/** The largest payload one IPv4 UDP datagram carries: 65,535 minus the 8-byte UDP and 20-byte IP headers. */
export const MAX_UDP_PAYLOAD_BYTES = 65_507;
/**
 * The worker's queue while the bus thread is busy: 32 MiB holds a 20,000-datagram
 * burst of 1 KB (the test's) with room to spare; the count cap bounds tiny datagrams.
 */
export const MAX_QUEUED_DATAGRAMS = 50_000;
export const MAX_QUEUED_BYTES = 32 * 1024 * 1024;
const MAX_BATCH_DATAGRAMS = 256;

export interface UdpLinkOptions {
  /** The receive buffer asked of the kernel; tests lower it to provoke drops. */
  receiveBufferBytes?: number;
  /** The worker's queue caps; tests lower them to provoke drops. */
  maxQueuedDatagrams?: number;
  maxQueuedBytes?: number;
}

export function createUdpLink(settings: UdpSettings, options: UdpLinkOptions = {}): BridgeLink {
  return new UdpLink(settings, {
    receiveBufferBytes: options.receiveBufferBytes ?? RECEIVE_BUFFER_BYTES,
    maxQueuedDatagrams: options.maxQueuedDatagrams ?? MAX_QUEUED_DATAGRAMS,
    maxQueuedBytes: options.maxQueuedBytes ?? MAX_QUEUED_BYTES,
  });
}

interface PendingSend {
  target: string;
  bytes: number;
  resolve: (result: Result<{ bytesWritten: number }>) => void;
}

class UdpLink implements BridgeLink {
  private worker: Worker | null = null;
  private current: LinkStatus;
  private drops: LinkDrops = { chunks: 0, bytes: 0 };
  private nextSendId = 1;
  private readonly pendingSends = new Map<number, PendingSend>();
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();
  private readonly dataListeners = new Set<(chunk: LinkChunk) => void>();
  private readonly address: string;

  constructor(
    private readonly settings: UdpSettings,
    private readonly options: Required<UdpLinkOptions>,
  ) {
    this.address = `${settings.listenHost}:${settings.listenPort}`;
    this.current = { state: 'closed', endpoint: `udp ${this.address}`, detail: null };
  }

  start(): void {
    if (this.worker !== null) return;
    this.drops = { chunks: 0, bytes: 0 };
    this.setStatus({ state: 'opening', endpoint: `udp ${this.address}`, detail: null });
    let worker: Worker;
    try {
      worker = startUdpReceiverWorker({
        listenHost: this.settings.listenHost,
        listenPort: this.settings.listenPort,
        socketType: isIPv6(this.settings.listenHost) ? 'udp6' : 'udp4',
        receiveBufferBytes: this.options.receiveBufferBytes,
        maxQueuedDatagrams: this.options.maxQueuedDatagrams,
        maxQueuedBytes: this.options.maxQueuedBytes,
        maxBatchDatagrams: MAX_BATCH_DATAGRAMS,
      });
    } catch (error) {
      this.setStatus({ state: 'failed', endpoint: `udp ${this.address}`, detail: this.receiverStopped(error) });
      return;
    }
    this.worker = worker;
    worker.on('message', (message: ReceiverToLinkMessage) => this.onReceiverMessage(worker, message));
    worker.on('error', (error) => this.onReceiverGone(worker, this.receiverStopped(error)));
    worker.on('exit', (code) => this.onReceiverGone(worker, this.receiverStopped(new Error(`it exited with code ${code}`))));
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.settleSends('NOT_CONNECTED', `The UDP bridge on ${this.address} was stopped before the command was sent.`);
    // Ending the thread closes its socket; the port is free once terminate() resolves.
    if (worker !== null) await worker.terminate().catch(() => undefined);
    this.setStatus({ state: 'closed', endpoint: `udp ${this.address}`, detail: null });
  }

  status(): LinkStatus {
    return this.current;
  }

  droppedChunks(): LinkDrops {
    return { ...this.drops };
  }

  onDidChangeStatus(listener: (status: LinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onData(listener: (chunk: LinkChunk) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  write(bytes: Buffer): Promise<Result<{ bytesWritten: number }>> {
    const { commandHost, commandPort } = this.settings;
    if (commandHost === '' || commandPort === 0) {
      return Promise.resolve(fail('INVALID', 'This UDP bridge has no command address; set a command host and port to send commands to the device.'));
    }
    const worker = this.worker;
    if (worker === null || this.current.state !== 'open') {
      return Promise.resolve(fail('NOT_CONNECTED', `The UDP bridge is not listening on ${this.address}, so it sends no commands; start it first.`));
    }
    if (bytes.length > MAX_UDP_PAYLOAD_BYTES) {
      return Promise.resolve(fail('INVALID', `The command is ${bytes.length} bytes; one UDP datagram carries at most ${MAX_UDP_PAYLOAD_BYTES}.`));
    }
    const id = this.nextSendId++;
    return new Promise((resolve) => {
      this.pendingSends.set(id, { target: `${commandHost}:${commandPort}`, bytes: bytes.length, resolve });
      const message: LinkToReceiverMessage = { type: 'send', id, bytes, host: commandHost, port: commandPort };
      worker.postMessage(message);
    });
  }

  private onReceiverMessage(worker: Worker, message: ReceiverToLinkMessage): void {
    if (this.worker !== worker) return;
    switch (message.type) {
      case 'batch':
        this.deliverBatch(worker, message);
        return;
      case 'listening': {
        const buffer = message.grantedBufferBytes === null ? 'receive buffer size unknown' : describeBufferSize(message.grantedBufferBytes, this.options.receiveBufferBytes);
        this.setStatus({ state: 'open', endpoint: `udp ${this.address}, ${buffer}`, detail: null });
        return;
      }
      case 'sent': {
        const pending = this.pendingSends.get(message.id);
        if (pending === undefined) return;
        this.pendingSends.delete(message.id);
        if (message.error === null) pending.resolve(ok({ bytesWritten: pending.bytes }));
        else pending.resolve(describeSendError(asError(message.error), pending.target));
        return;
      }
      case 'failed': {
        const detail = message.wasListening
          ? `The UDP socket on ${this.address} stopped: ${message.message}. Start the bridge again.`
          : describeBindError(asError(message), this.settings.listenHost, this.settings.listenPort);
        this.onReceiverGone(worker, detail);
        return;
      }
    }
  }

  private deliverBatch(worker: Worker, batch: ReceivedBatch): void {
    this.drops = { chunks: batch.droppedDatagrams, bytes: batch.droppedBytes };
    const count = batch.count;
    try {
      for (let i = 0; i < count; i++) {
        const start = batch.offsets[i]!;
        // A view on the batch's buffer, not a copy: the buffer was transferred to this thread.
        const chunk: LinkChunk = { bytes: Buffer.from(batch.payload, start, batch.offsets[i + 1]! - start), isWholeRecord: true, receivedAt: batch.receivedAt[i]! };
        for (const listener of this.dataListeners) listener(chunk);
      }
    } finally {
      // Delivered (or thrown by a listener): either way the worker's queue has room again.
      const delivered: LinkToReceiverMessage = { type: 'delivered', datagrams: count, bytes: batch.offsets[count]! };
      worker.postMessage(delivered);
    }
  }

  /** The worker failed, threw or exited on its own: it is ended, its pending commands answered, the link 'failed'. */
  private onReceiverGone(worker: Worker, detail: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    void worker.terminate().catch(() => undefined);
    this.settleSends('CONNECTION_LOST', `The UDP socket on ${this.address} stopped before the command was sent; it was not retried.`);
    this.setStatus({ state: 'failed', endpoint: `udp ${this.address}`, detail });
  }

  private receiverStopped(error: unknown): string {
    const reason = error instanceof Error ? error.message : String(error);
    return `The UDP receiver for ${this.address} stopped unexpectedly (${reason}). Start the bridge again.`;
  }

  private settleSends(code: 'NOT_CONNECTED' | 'CONNECTION_LOST', message: string): void {
    for (const pending of this.pendingSends.values()) pending.resolve(fail(code, message));
    this.pendingSends.clear();
  }

  private setStatus(status: LinkStatus): void {
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/** An error as the worker described it, for the words in udpWords.ts. */
function asError(described: { code: string | null; message: string }): Error {
  return Object.assign(new Error(described.message), described.code === null ? {} : { code: described.code });
}
