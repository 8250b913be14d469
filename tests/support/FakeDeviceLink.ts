/**
 * A device that is not there: a BridgeLink whose bytes and states the test
 * hands in, and whose writes it records. Redis stays real wherever a test
 * needs it; only the device is played.
 */
import type { BridgeLink, LinkChunk, LinkStatus } from '../../src/bus/bridges/bridgeLink';
import { fail, ok, type Result } from '../../src/shared/result';

export class FakeDeviceLink implements BridgeLink {
  readonly writes: Buffer[] = [];
  /** When set, every write fails with this reason. */
  writeFailure: string | null = null;
  isStopped = false;
  private current: LinkStatus = { state: 'closed', endpoint: '/dev/fake0', detail: null };
  private readonly dataListeners = new Set<(chunk: LinkChunk) => void>();
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();

  start(): void {
    this.setStatus({ state: 'open', endpoint: '/dev/fake0', detail: null });
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    this.setStatus({ state: 'closed', endpoint: '/dev/fake0', detail: null });
  }

  status(): LinkStatus {
    return this.current;
  }

  onDidChangeStatus(listener: (status: LinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onData(listener: (chunk: LinkChunk) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  async write(bytes: Buffer): Promise<Result<{ bytesWritten: number }>> {
    if (this.writeFailure !== null) return fail('CONNECTION_LOST', this.writeFailure);
    this.writes.push(Buffer.from(bytes));
    return ok({ bytesWritten: bytes.length });
  }

  /** The device sends bytes (a stream: framing applies). */
  send(text: string | Buffer, receivedAt = Date.now()): void {
    this.deliver({ bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), isWholeRecord: false, receivedAt });
  }

  /** The device sends one whole record (a datagram). */
  sendRecord(bytes: Buffer, receivedAt = Date.now()): void {
    this.deliver({ bytes, isWholeRecord: true, receivedAt });
  }

  setStatus(status: LinkStatus): void {
    this.current = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }

  private deliver(chunk: LinkChunk): void {
    for (const listener of [...this.dataListeners]) listener(chunk);
  }
}
