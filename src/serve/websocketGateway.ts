/**
 * The serve host's WebSocket: the contract's requests in, responses, events
 * and frames out. The HTTP upgrade is refused unless the token and the Origin
 * are right, so no socket ever opens without them.
 *
 * Requests come in as JSON text. Everything going out (responses, events,
 * frames) is one binary message each, written by frameCodec.ts, so typed-array
 * columns travel as raw bytes wherever they appear (a plot frame, or a
 * 'plots:range' answer). Frames usually arrive already written by the bus
 * (`encodedFrame`) and go out unread; an event is encoded once. Every client
 * gets the same bytes.
 *
 * Each socket is one client of the bus ("serve:socket-<n>", numbered here,
 * never taken from the page): its requests carry that id, and when the socket
 * closes the gateway tells the bus `clientGone`, which releases what the tab
 * opened (src/bus/clientResources.ts), so a reloaded page leaves nothing behind.
 *
 * Every buffer is bounded: message size (maxPayload), clients, requests in
 * flight per client, and each client's outbound backlog. A client that falls
 * behind loses frames (feed frames are counted and reported in its next feed
 * frame's `dropped`); responses and events are never dropped, but a client
 * hopelessly behind is closed so it reloads.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { SERVE_WEBSOCKET_PATH, type BusToHostMessage, type ClientId } from '../shared/contract';
import { FRAME_DROP_PENDING_BYTES, FrameBacklog, type EncodedFrame } from '../shared/frameBacklog';
import { fail, type Result } from '../shared/result';
import type { BusThread } from '../bus/busThread';
import { encodeBusMessage } from '../shared/busMessageCodec';

export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
export const MAX_CLIENTS = 32;
export const MAX_PENDING_REQUESTS_PER_CLIENT = 256;
/**
 * Above this backlog a client gets no frames until it catches up (the rule
 * both hosts share: shared/frameBacklog.ts).
 * Motivation (when plot frames still carried whole windows of about
 * 0.7 MB): bench/eegBrowser.ts --quick, publish-to-pixel p95 380–430 ms at
 * 8 MiB, 214 ms at 2 MiB, 256 ms at 1 MiB.
 */
export const FRAME_DROP_BUFFERED_BYTES = FRAME_DROP_PENDING_BYTES;
/** Above this backlog a client is closed: it would never catch up. */
export const CLIENT_CLOSE_BUFFERED_BYTES = 64 * 1024 * 1024;
export const HEARTBEAT_INTERVAL_MS = 30_000;
/** The id of a response to a message so broken that its own id could not be read. */
export const UNREADABLE_MESSAGE_ID = -1;
export { BACKLOG_DROP_REASON } from '../shared/frameBacklog';
export const CLOSE_CODE_TOO_SLOW = 4008;
const MAX_METHOD_CHARS = 100;

export type UpgradeCheck = { state: 'accept' } | { state: 'reject'; status: 401 | 403 | 404 | 503; message: string };

export interface WebSocketGatewayOptions {
  bus: Pick<BusThread, 'request' | 'onDidEmit' | 'clientGone'>;
  /** Token and Origin checks, done by the host before the socket opens. */
  checkUpgrade(request: IncomingMessage, url: URL): UpgradeCheck;
  log(line: string): void;
}

interface Client {
  /** Names this socket to the bus; never reused while the host runs. */
  clientId: ClientId;
  socket: WebSocket;
  pendingRequests: number;
  isAlive: boolean;
  /** Which frames this client gets while its socket is backed up. */
  backlog: FrameBacklog;
}

export class WebSocketGateway {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  private readonly clients = new Set<Client>();
  private readonly stopListening: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private hasLoggedEncodeFailure = false;
  private nextSocketNumber = 1;

  constructor(private readonly options: WebSocketGatewayOptions) {
    this.stopListening = options.bus.onDidEmit((message) => this.broadcast(message));
    this.heartbeat = setInterval(() => this.checkHeartbeats(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(`http://serve.invalid${request.url ?? '/'}`);
    let check: UpgradeCheck =
      url.pathname === SERVE_WEBSOCKET_PATH ? this.options.checkUpgrade(request, url) : { state: 'reject', status: 404, message: 'Not found.' };
    if (check.state === 'accept' && this.clients.size >= MAX_CLIENTS)
      check = { state: 'reject', status: 503, message: `Labwire serves at most ${MAX_CLIENTS} browser tabs at once.` };
    if (check.state === 'reject') {
      rejectUpgrade(socket, check);
      return;
    }
    this.server.handleUpgrade(request, socket, head, (webSocket) => this.accept(webSocket));
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.stopListening();
    for (const client of this.clients) client.socket.close(1001, 'Labwire is shutting down.');
    const closing = [...this.clients].map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.socket.readyState === WebSocket.CLOSED) resolve();
          else client.socket.once('close', () => resolve());
          // A client that never answers the close handshake is cut off.
          setTimeout(() => {
            client.socket.terminate();
            resolve();
          }, 1_000).unref();
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const backlog = new FrameBacklog((error) => this.options.log(`A frame from the engine could not be read: ${error instanceof Error ? error.message : String(error)}`));
    const client: Client = { clientId: `serve:socket-${this.nextSocketNumber++}`, socket, pendingRequests: 0, isAlive: true, backlog };
    this.clients.add(client);
    socket.on('pong', () => {
      client.isAlive = true;
    });
    socket.on('message', (data, isBinary) => this.receive(client, data, isBinary));
    socket.on('error', (error) => this.options.log(`A browser connection failed: ${error.message}`));
    socket.on('close', () => {
      this.clients.delete(client);
      this.options.bus.clientGone(client.clientId);
    });
  }

  private receive(client: Client, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.respond(client, UNREADABLE_MESSAGE_ID, fail('INVALID', 'Labwire expects requests as JSON text, not binary data.'));
      return;
    }
    const parsed = parseRequest(rawDataToString(data));
    if (!parsed.ok) {
      this.respond(client, parsed.id, parsed.result);
      return;
    }
    const { id, method, params } = parsed;
    if (client.pendingRequests >= MAX_PENDING_REQUESTS_PER_CLIENT) {
      this.respond(
        client,
        id,
        fail('INVALID', `This window sent more than ${MAX_PENDING_REQUESTS_PER_CLIENT} requests at once. Wait for answers, then try again.`),
      );
      return;
    }
    client.pendingRequests++;
    void this.options.bus.request(method, params, client.clientId).then((result) => {
      client.pendingRequests--;
      this.respond(client, id, result);
    });
  }

  private respond(client: Client, id: number, result: Result<unknown>): void {
    const bytes = this.encode({ kind: 'response', id, result });
    if (bytes) this.sendReliable(client, bytes);
  }

  private broadcast(message: BusToHostMessage): void {
    if (this.clients.size === 0) return;
    if (message.kind === 'frame') {
      const bytes = this.encode(message);
      if (bytes) this.broadcastFrame({ kind: message.frame.kind, profileId: message.frame.profileId, bytes });
      return;
    }
    if (message.kind === 'encodedFrame') {
      this.broadcastFrame({ kind: message.frameKind, profileId: message.profileId, bytes: message.bytes });
      return;
    }
    const bytes = this.encode(message);
    if (!bytes) return;
    for (const client of this.clients) this.sendReliable(client, bytes);
  }

  /** A client that is behind skips frames (shared/frameBacklog.ts): skipped feed frames are counted in its next one, a skipped plot frame makes its tab ask for a keyframe. */
  private broadcastFrame(frame: EncodedFrame): void {
    for (const client of this.clients) {
      if (client.socket.readyState !== WebSocket.OPEN) continue;
      const bytes = client.backlog.pass(frame, client.socket.bufferedAmount);
      if (bytes) client.socket.send(bytes, { binary: true });
    }
  }

  /** A message the codec cannot carry is a bug in the bus: it is logged (once, not 30 times a second) and not sent. */
  private encode(message: BusToHostMessage): Uint8Array | null {
    try {
      return encodeBusMessage(message);
    } catch (error) {
      if (!this.hasLoggedEncodeFailure) {
        this.hasLoggedEncodeFailure = true;
        this.options.log(`A ${message.kind} could not be sent to the browser: ${error instanceof Error ? error.message : String(error)}`);
      }
      return null;
    }
  }

  /** Responses and events are never dropped; a client this far behind is closed instead. */
  private sendReliable(client: Client, bytes: Uint8Array): void {
    if (client.socket.readyState !== WebSocket.OPEN) return;
    if (client.socket.bufferedAmount + bytes.byteLength > CLIENT_CLOSE_BUFFERED_BYTES) {
      this.options.log('Closed a browser connection that fell too far behind to catch up.');
      client.socket.close(CLOSE_CODE_TOO_SLOW, 'This window fell too far behind. Reload the page.');
      return;
    }
    client.socket.send(bytes, { binary: true });
  }

  private checkHeartbeats(): void {
    for (const client of this.clients) {
      if (!client.isAlive) {
        client.socket.terminate();
        continue;
      }
      client.isAlive = false;
      client.socket.ping();
    }
  }
}

type ParsedRequest =
  | { ok: true; id: number; method: string; params: unknown }
  | { ok: false; id: number; result: Result<never> };

/** Shape only: BusCore validates the method name and the params. */
export function parseRequest(text: string): ParsedRequest {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, id: UNREADABLE_MESSAGE_ID, result: fail('INVALID', 'Labwire could not read this request: it is not valid JSON.') };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return { ok: false, id: UNREADABLE_MESSAGE_ID, result: fail('INVALID', 'Labwire could not read this request: it is not an object.') };
  const record = message as Record<string, unknown>;
  if (!Number.isSafeInteger(record.id))
    return { ok: false, id: UNREADABLE_MESSAGE_ID, result: fail('INVALID', 'This request has no whole-number id.', { field: 'id' }) };
  const id = record.id as number;
  if (record.kind !== 'request')
    return { ok: false, id, result: fail('INVALID', 'Labwire accepts only messages of kind "request".', { field: 'kind' }) };
  if (typeof record.method !== 'string' || record.method.length > MAX_METHOD_CHARS)
    return { ok: false, id, result: fail('INVALID', 'This request does not name a method.', { field: 'method' }) };
  return { ok: true, id, method: record.method, params: record.params };
}

function rawDataToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

const STATUS_TEXT: Record<Extract<UpgradeCheck, { state: 'reject' }>['status'], string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

function rejectUpgrade(socket: Duplex, check: Extract<UpgradeCheck, { state: 'reject' }>): void {
  const body = `${check.message}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${check.status} ${STATUS_TEXT[check.status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
