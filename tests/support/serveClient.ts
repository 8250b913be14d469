/** Raw HTTP and WebSocket clients for the serve host's tests (no path normalisation, full control of headers). */
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import type { BusToHostMessage } from '../../src/shared/contract';
import { decodeBusMessage } from '../../src/shared/busMessageCodec';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

export type UpgradeOutcome = { state: 'open'; socket: WebSocket } | { state: 'rejected'; status: number; body: string };

export function openSocket(url: string, options: { cookie?: string; origin?: string }): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: options.cookie ? { Cookie: options.cookie } : {},
      ...(options.origin ? { origin: options.origin } : {}),
    });
    socket.once('open', () => resolve({ state: 'open', socket }));
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ state: 'rejected', status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        socket.terminate();
      });
    });
    socket.once('error', reject);
  });
}

/**
 * Collects every message the server sends, read as the renderer reads them:
 * binary messages (frames) with decodeBusMessage over an ArrayBuffer, text as JSON.
 */
export class SocketInbox {
  readonly messages: BusToHostMessage[] = [];
  /** Every message in arrival order (never spliced): its kind and whether it came as a binary message. */
  readonly arrivals: Array<{ kind: BusToHostMessage['kind']; isBinary: boolean }> = [];
  private waiters: Array<() => void> = [];

  constructor(readonly socket: WebSocket) {
    socket.binaryType = 'arraybuffer';
    socket.on('message', (data, isBinary) => {
      const bytes = new Uint8Array(data as ArrayBuffer);
      const message = isBinary ? decodeBusMessage(bytes) : (JSON.parse(new TextDecoder().decode(bytes)) as BusToHostMessage);
      this.arrivals.push({ kind: message.kind, isBinary });
      this.messages.push(message);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Resolves with the first message (in arrival order) that matches, waiting for it if needed. */
  async next(matches: (message: BusToHostMessage) => boolean, timeoutMs = 5_000): Promise<BusToHostMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex(matches);
      if (index >= 0) return this.messages.splice(index, 1)[0] as BusToHostMessage;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('No matching message from the serve host in time.');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  response(id: number): Promise<BusToHostMessage> {
    return this.next((message) => message.kind === 'response' && message.id === id);
  }
}
