/**
 * The relay's WebSocket server, for one profile: admits clients (token,
 * Origin, client cap), gives each a session of its protocol, and writes to
 * all of them once per tick. Runs in the bus worker so neither host's event
 * loop carries the fan-out. It only ever reads from Redis.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { FOXGLOVE_SUBPROTOCOL, LABWIRE_JSON_SUBPROTOCOL, type RelayProtocol, type RelayStatus } from '../../shared/features/relayContract';
import type { MessageSource } from '../sources/messageSource';
import { FoxgloveSession, foxgloveChannelsOf, foxgloveStatus, type FoxgloveChannel } from './foxgloveSession';
import { LabwireJsonSession, labwireDropNotice } from './labwireJsonSession';
import { admitRelayClient } from './relayAdmission';
import { DEFAULT_CLIENT_LIMITS, RelayClient, type RelayClientLimits } from './relayClient';
import { MAX_CLIENT_FRAME_BYTES, MAX_RELAY_CLIENTS, RELAY_RETRY_FLUSH_MS } from './relayLimits';
import type { RelaySession } from './relaySession';
import { RelaySubscriptions } from './relaySubscriptions';

export interface RelayServerOptions {
  profileId: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  source: MessageSource;
  isFoxgloveOn: boolean;
  foxgloveTopics: readonly string[];
  /** Exact origins accepted besides this computer's own pages, already normalised. */
  allowedOrigins: readonly string[];
  /** Tests lower the caps to see them work; the relay feature uses the defaults. */
  clientLimits?: RelayClientLimits;
}

type RunningStatus = Extract<RelayStatus, { isRunning: true }>;

interface ConnectedClient {
  client: RelayClient;
  session: RelaySession;
}

export class RelayServer {
  readonly token = randomBytes(24).toString('base64url');
  readonly epoch = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  private readonly startedAtMs = Date.now();
  private readonly webSockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    // Motivation: permessage-deflate cut 200-byte JSON from 118k to 3.1k msg/s here (issue 14).
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (offered, request) => protocolHeaderOf(offered, (request as AdmittedRequest).relayProtocol),
  });
  private readonly subscriptions: RelaySubscriptions;
  private readonly foxgloveChannels: FoxgloveChannel[];
  private readonly clients = new Map<string, ConnectedClient>();
  private readonly waitingClients = new Set<RelayClient>();
  private flushImmediate: NodeJS.Immediate | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private clientCount = 0;
  private refusedConnections = 0;
  private lastError: string | null = null;
  private isClosed = false;

  private constructor(
    private readonly options: RelayServerOptions,
    private readonly http: Server,
    readonly port: number,
  ) {
    this.subscriptions = new RelaySubscriptions(options.source, options.profileId, this.epoch);
    this.foxgloveChannels = options.isFoxgloveOn ? foxgloveChannelsOf(options.foxgloveTopics) : [];
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
    http.on('request', (_request, response) => {
      response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('This is the Labwire relay: open it with a WebSocket (ws://...?token=...).\n');
    });
  }

  /** Listens on host:port; rejects with a sentence when the port is taken or the address is not this computer's. */
  static async start(options: RelayServerOptions): Promise<RelayServer> {
    const http = createServer();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host, () => {
        http.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      throw new Error(describeListenError(error, options.host, options.port));
    });
    http.on('error', () => undefined);
    return new RelayServer(options, http, (http.address() as AddressInfo).port);
  }

  status(): RunningStatus {
    const now = Date.now();
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return {
      isRunning: true,
      profileId: this.options.profileId,
      url: `ws://${host}:${this.port}/?token=${this.token}`,
      host: this.options.host,
      port: this.port,
      token: this.token,
      epoch: this.epoch,
      allowedOrigins: [...this.options.allowedOrigins],
      isFoxgloveOn: this.options.isFoxgloveOn,
      foxgloveTopics: this.foxgloveChannels.map((channel) => (channel.target.kind === 'channel' ? channel.target.name : channel.target.pattern)),
      isReceiveOnly: true,
      clients: [...this.clients.values()].map(({ client, session }) => client.view(now, session.subscriptionNames())),
      refusedConnections: this.refusedConnections,
      lastError: this.lastError,
      startedAtMs: this.startedAtMs,
    };
  }

  /** Redis channels and patterns the relay holds for its clients (each once, however many clients share it). */
  get sharedTargetCount(): number {
    return this.subscriptions.targetCount;
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const { client, session } of this.clients.values()) {
      session.dispose();
      client.close(1001, 'The relay was stopped in Labwire.');
    }
    this.clients.clear();
    this.subscriptions.dispose();
    this.webSockets.close();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const refuse = (status: number, reason: string): void => {
      this.refusedConnections++;
      this.lastError = `A connection was refused: ${reason}`;
      socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${reason}\n`);
    };
    if (this.isClosed) return refuse(503, 'The relay is stopping.');
    const admission = admitRelayClient({ url: request.url, origin: request.headers.origin }, this.token, this.options.allowedOrigins);
    if (!admission.isAdmitted) return refuse(admission.status, admission.reason);
    const protocol = this.chooseProtocol(request.headers['sec-websocket-protocol']);
    if (typeof protocol !== 'object') return refuse(400, protocol);
    if (this.clients.size >= MAX_RELAY_CLIENTS) return refuse(503, `The relay serves at most ${MAX_RELAY_CLIENTS} clients at once.`);
    (request as AdmittedRequest).relayProtocol = protocol.protocol;
    this.webSockets.handleUpgrade(request, socket, head, (webSocket) => this.accept(webSocket, request.headers.origin ?? '', protocol.protocol));
  }

  private chooseProtocol(header: string | undefined): { protocol: RelayProtocol } | string {
    const offered = (header ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
    if (offered.length === 0 || offered.includes(LABWIRE_JSON_SUBPROTOCOL)) return { protocol: 'labwire-json' };
    if (offered.includes(FOXGLOVE_SUBPROTOCOL)) {
      return this.options.isFoxgloveOn ? { protocol: 'foxglove' } : 'Foxglove is turned off for this relay; turn it on in the Labwire relay panel.';
    }
    return `The relay speaks ${LABWIRE_JSON_SUBPROTOCOL} and ${FOXGLOVE_SUBPROTOCOL}, not ${offered.join(', ')}.`;
  }

  private accept(webSocket: WebSocket, origin: string, protocol: RelayProtocol): void {
    const id = `client-${++this.clientCount}`;
    const dropNotice =
      protocol === 'foxglove'
        ? (count: number) => foxgloveStatus(1, `${count} messages were dropped because this client read too slowly; the newest of each channel was kept.`)
        : labwireDropNotice;
    const client = new RelayClient(id, webSocket, origin, protocol, Date.now(), this.options.clientLimits ?? DEFAULT_CLIENT_LIMITS, (each) => this.requestFlush(each), dropNotice);
    const report = (clientId: string, problem: string): void => {
      this.lastError = `${clientId}: ${problem}`;
    };
    const session: RelaySession =
      protocol === 'foxglove'
        ? new FoxgloveSession(client, this.subscriptions, this.foxgloveChannels, this.epoch, report)
        : new LabwireJsonSession(client, this.subscriptions, report);
    this.clients.set(id, { client, session });
    webSocket.on('error', () => undefined);
    webSocket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) session.handleBinary(rawBytes(data));
      else session.handleText(rawBytes(data).toString('utf8'));
    });
    webSocket.on('close', () => {
      session.dispose();
      this.clients.delete(id);
      this.waitingClients.delete(client);
    });
    session.open();
  }

  private requestFlush(client: RelayClient): void {
    this.waitingClients.add(client);
    this.flushImmediate ??= setImmediate(() => this.flushWaiting());
  }

  /** One pass over the clients with frames waiting; those whose sockets were full are tried again on a clock. */
  private flushWaiting(): void {
    this.flushImmediate = null;
    const now = Date.now();
    for (const client of this.waitingClients) {
      if (!client.flush(now)) this.waitingClients.delete(client);
    }
    if (this.waitingClients.size > 0 && !this.retryTimer && !this.isClosed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.flushWaiting();
      }, RELAY_RETRY_FLUSH_MS);
    }
  }
}

type AdmittedRequest = IncomingMessage & { relayProtocol?: RelayProtocol };

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' };

/** The subprotocol named back to the client: the one it asked for, or none when it asked for none. */
function protocolHeaderOf(offered: Set<string>, chosen: RelayProtocol | undefined): string | false {
  if (chosen === 'foxglove') return FOXGLOVE_SUBPROTOCOL;
  return offered.has(LABWIRE_JSON_SUBPROTOCOL) ? LABWIRE_JSON_SUBPROTOCOL : false;
}

function rawBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function describeListenError(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `Port ${port} on ${host} is already in use; choose another port (0 picks a free one).`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this computer; use 127.0.0.1 to serve this computer only.`;
  if (code === 'EACCES') return `Port ${port} needs administrator rights; choose a port above 1023.`;
  return `The relay could not listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`;
}
