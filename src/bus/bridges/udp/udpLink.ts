/**
 * A UDP socket as a BridgeLink: each datagram is one record
 * (isWholeRecord), delivered as it came; caps, decoding and counting are
 * the runtime's. Commands go out as one datagram each to the configured
 * command address.
 *
 * Motivation: with the default receive buffer (~208 KiB on Linux), 92 of
 * 20,000 1 KB datagrams survived a loop blocked for a moment (issue #14);
 * the buffer is raised to RECEIVE_BUFFER_BYTES and the size the kernel
 * granted is shown in the endpoint, since net.core.rmem_max may cap it.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { UdpSettings } from '../../../shared/bridges';
import { fail, ok, type Result } from '../../../shared/result';
import type { BridgeLink, LinkChunk, LinkStatus } from '../bridgeLink';
import { describeBindError, describeSendError, describeBufferSize } from './udpWords';

export const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;
/** The largest payload one IPv4 UDP datagram carries: 65,535 minus the 8-byte UDP and 20-byte IP headers. */
export const MAX_UDP_PAYLOAD_BYTES = 65_507;

export interface UdpLinkOptions {
  /** The receive buffer asked of the kernel; tests lower it to provoke drops. */
  receiveBufferBytes?: number;
}

export function createUdpLink(settings: UdpSettings, options: UdpLinkOptions = {}): BridgeLink {
  return new UdpLink(settings, options.receiveBufferBytes ?? RECEIVE_BUFFER_BYTES);
}

class UdpLink implements BridgeLink {
  private socket: Socket | null = null;
  private current: LinkStatus;
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();
  private readonly dataListeners = new Set<(chunk: LinkChunk) => void>();
  private readonly address: string;

  constructor(
    private readonly settings: UdpSettings,
    private readonly receiveBufferBytes: number,
  ) {
    this.address = `${settings.listenHost}:${settings.listenPort}`;
    this.current = { state: 'closed', endpoint: `udp ${this.address}`, detail: null };
  }

  start(): void {
    if (this.socket !== null) return;
    const socket = createSocket({ type: isIPv6(this.settings.listenHost) ? 'udp6' : 'udp4' });
    this.socket = socket;
    this.setStatus({ state: 'opening', endpoint: `udp ${this.address}`, detail: null });
    socket.on('message', (bytes) => this.deliver(bytes));
    socket.on('error', (error) => this.onSocketError(socket, error));
    socket.once('listening', () => {
      if (this.socket !== socket) return;
      this.setStatus({ state: 'open', endpoint: `udp ${this.address}, ${this.raiseReceiveBuffer(socket)}`, detail: null });
    });
    try {
      socket.bind(this.settings.listenPort, this.settings.listenHost);
    } catch (error) {
      // bind throws synchronously only for arguments Node refuses (a port out of range).
      this.onSocketError(socket, error as Error);
    }
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) await closeQuietly(socket);
    this.setStatus({ state: 'closed', endpoint: `udp ${this.address}`, detail: null });
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

  write(bytes: Buffer): Promise<Result<{ bytesWritten: number }>> {
    const { commandHost, commandPort } = this.settings;
    if (commandHost === '' || commandPort === 0) {
      return Promise.resolve(fail('INVALID', 'This UDP bridge has no command address; set a command host and port to send commands to the device.'));
    }
    const socket = this.socket;
    if (socket === null || this.current.state !== 'open') {
      return Promise.resolve(fail('NOT_CONNECTED', `The UDP bridge is not listening on ${this.address}, so it sends no commands; start it first.`));
    }
    if (bytes.length > MAX_UDP_PAYLOAD_BYTES) {
      return Promise.resolve(fail('INVALID', `The command is ${bytes.length} bytes; one UDP datagram carries at most ${MAX_UDP_PAYLOAD_BYTES}.`));
    }
    return new Promise((resolve) => {
      socket.send(bytes, commandPort, commandHost, (error) => {
        resolve(error ? describeSendError(error, `${commandHost}:${commandPort}`) : ok({ bytesWritten: bytes.length }));
      });
    });
  }

  private deliver(bytes: Buffer): void {
    const chunk: LinkChunk = { bytes, isWholeRecord: true, receivedAt: Date.now() };
    for (const listener of this.dataListeners) listener(chunk);
  }

  private raiseReceiveBuffer(socket: Socket): string {
    try {
      socket.setRecvBufferSize(this.receiveBufferBytes);
    } catch {
      // Refused sizes leave the default; the granted size below says what the socket has.
    }
    try {
      return describeBufferSize(socket.getRecvBufferSize(), this.receiveBufferBytes);
    } catch {
      return 'receive buffer size unknown';
    }
  }

  private onSocketError(socket: Socket, error: Error): void {
    if (this.socket !== socket) return;
    const wasOpen = this.current.state === 'open';
    this.socket = null;
    void closeQuietly(socket);
    const detail = wasOpen
      ? `The UDP socket on ${this.address} stopped: ${error.message}. Start the bridge again.`
      : describeBindError(error, this.settings.listenHost, this.settings.listenPort);
    this.setStatus({ state: 'failed', endpoint: `udp ${this.address}`, detail });
  }

  private setStatus(status: LinkStatus): void {
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

function closeQuietly(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      // Already closed (a failed bind closes nothing to wait for).
      resolve();
    }
  });
}
