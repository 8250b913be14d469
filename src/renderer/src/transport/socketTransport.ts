/**
 * The contract over one WebSocket to the serve host. Plain TypeScript with the
 * socket injected, so the same code runs against the browser's WebSocket and
 * against a FakeSocket in unit tests.
 */
import type {
  BusEvent,
  BusFrame,
  BusToHostMessage,
  HostToBusMessage,
  LabwireApi,
  RequestMethod,
  RequestParams,
  RequestResult,
} from '../../../shared/contract';
import { decodeBusMessage } from '../../../shared/busMessageCodec';
import { fail, type Result } from '../../../shared/result';
import { CONNECTION_LOST_MESSAGE, UNAUTHORIZED_MESSAGE, type LinkState, type LinkStateSource } from './linkState';
import { reconnectDelayMs } from './reconnectDelay';

export interface SocketHandlers {
  onOpen(): void;
  /** Text carries responses and events as JSON; binary carries frames (frameCodec.ts). */
  onMessage(data: string | Uint8Array): void;
  /** Called once per socket, whether it ever opened or not. */
  onClose(code: number): void;
}

export interface SocketConnection {
  send(text: string): void;
  close(): void;
}

export type OpenSocket = (handlers: SocketHandlers) => SocketConnection;

export interface SocketTransportOptions {
  openSocket: OpenSocket;
  /** Asked when a socket closed before it ever opened: does the host refuse this page (no valid token)? */
  isRefusedByHost(): Promise<boolean>;
  setTimer?: (callback: () => void, delayMs: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  now?: () => number;
  random?: () => number;
}

/** Requests waiting for an answer; beyond this the console is not keeping up and new ones fail at once. */
export const MAX_PENDING_REQUESTS = 1_000;
/** Close codes a host uses to say "this page is not allowed" (policy violation, or 4401 by analogy with HTTP 401). */
export const UNAUTHORIZED_CLOSE_CODES: readonly number[] = [1008, 4401];

type Settle = (result: Result<unknown>) => void;

export class SocketTransport implements LabwireApi, LinkStateSource {
  private link: LinkState = { state: 'connecting' };
  private socket: SocketConnection | null = null;
  /** Bumped for every socket, so callbacks of an old socket are ignored. */
  private generation = 0;
  private isOpen = false;
  private hasEverOpened = false;
  private isDisposed = false;
  private attempt = 0;
  private retryTimer: unknown = null;
  private nextRequestId = 1;
  private readonly pending = new Map<number, Settle>();
  /** Requests made before the first socket opened; sent as soon as it does. */
  private readonly unsent: string[] = [];
  private readonly eventListeners = new Set<(event: BusEvent) => void>();
  private readonly frameListeners = new Set<(frame: BusFrame) => void>();
  private readonly linkListeners = new Set<(state: LinkState) => void>();
  private readonly setTimer: (callback: () => void, delayMs: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: SocketTransportOptions) {
    this.setTimer = options.setTimer ?? ((callback, delayMs) => setTimeout(callback, delayMs));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.connect();
  }

  dispose(): void {
    this.isDisposed = true;
    if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    this.generation++;
    this.socket?.close();
    this.socket = null;
    this.settleAll(fail('CONNECTION_LOST', CONNECTION_LOST_MESSAGE));
  }

  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<Result<RequestResult<M>>> {
    if (this.link.state === 'unauthorized') return Promise.resolve(fail('NOT_CONNECTED', UNAUTHORIZED_MESSAGE));
    if (this.isDisposed || (this.hasEverOpened && !this.isOpen))
      return Promise.resolve(fail('CONNECTION_LOST', CONNECTION_LOST_MESSAGE));
    if (this.pending.size >= MAX_PENDING_REQUESTS)
      return Promise.resolve(
        fail('INTERNAL', 'Too many requests are waiting for the Labwire server. Wait a moment and try again.'),
      );
    const id = this.nextRequestId++;
    const message: HostToBusMessage = { kind: 'request', id, method, params };
    const text = JSON.stringify(message);
    return new Promise((resolve) => {
      this.pending.set(id, resolve as Settle);
      if (this.isOpen) this.send(text);
      else this.unsent.push(text);
    });
  }

  onDidReceiveEvent(listener: (event: BusEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onDidReceiveFrame(listener: (frame: BusFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  currentLinkState(): LinkState {
    return this.link;
  }

  onDidChangeLinkState(listener: (state: LinkState) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  private connect(): void {
    this.retryTimer = null;
    if (this.isDisposed) return;
    const generation = ++this.generation;
    const isCurrent = (): boolean => generation === this.generation && !this.isDisposed;
    this.socket = this.options.openSocket({
      onOpen: () => {
        if (isCurrent()) this.handleOpen();
      },
      onMessage: (data) => {
        if (isCurrent()) this.handleMessage(data);
      },
      onClose: (code) => {
        if (isCurrent()) this.handleClose(code);
      },
    });
  }

  private handleOpen(): void {
    this.isOpen = true;
    this.hasEverOpened = true;
    this.attempt = 0;
    this.setLink({ state: 'connected' });
    const texts = this.unsent.splice(0);
    for (const text of texts) this.send(text);
  }

  private handleMessage(data: string | Uint8Array): void {
    let message: BusToHostMessage;
    try {
      message = typeof data === 'string' ? (JSON.parse(data) as BusToHostMessage) : decodeBusMessage(data);
    } catch (error) {
      console.error('The Labwire server sent a message the console could not read', error);
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if (message.kind === 'response') {
      const settle = this.pending.get(message.id);
      if (!settle) return;
      this.pending.delete(message.id);
      settle(isResult(message.result) ? message.result : fail('INTERNAL', 'The Labwire server sent an answer the console could not read.'));
    } else if (message.kind === 'event') {
      notify(this.eventListeners, message.event);
    } else if (message.kind === 'frame') {
      notify(this.frameListeners, message.frame);
    }
  }

  private handleClose(code: number): void {
    const wasOpen = this.isOpen;
    this.isOpen = false;
    this.socket = null;
    // Before the first open nothing was sent: the queued requests wait for the next socket.
    if (this.hasEverOpened) this.settleAll(fail('CONNECTION_LOST', CONNECTION_LOST_MESSAGE));
    if (UNAUTHORIZED_CLOSE_CODES.includes(code)) {
      this.becomeUnauthorized();
      return;
    }
    if (wasOpen) {
      this.scheduleReconnect();
      return;
    }
    const generation = this.generation;
    void this.options.isRefusedByHost().then(
      (isRefused) => {
        if (generation !== this.generation || this.isDisposed) return;
        if (isRefused) this.becomeUnauthorized();
        else this.scheduleReconnect();
      },
      () => this.scheduleReconnect(),
    );
  }

  private scheduleReconnect(): void {
    if (this.isDisposed) return;
    this.attempt++;
    const delayMs = reconnectDelayMs(this.attempt, this.random);
    this.setLink({ state: 'reconnecting', attempt: this.attempt, nextRetryAt: this.now() + delayMs });
    this.retryTimer = this.setTimer(() => this.connect(), delayMs);
  }

  private becomeUnauthorized(): void {
    this.setLink({ state: 'unauthorized', message: UNAUTHORIZED_MESSAGE });
    this.settleAll(fail('NOT_CONNECTED', UNAUTHORIZED_MESSAGE));
  }

  private send(text: string): void {
    try {
      this.socket?.send(text);
    } catch {
      // A socket that fails to send is closing; its close handler settles the request.
    }
  }

  private settleAll(result: Result<never>): void {
    const settles = [...this.pending.values()];
    this.pending.clear();
    this.unsent.length = 0;
    for (const settle of settles) settle(result);
  }

  private setLink(state: LinkState): void {
    this.link = state;
    notify(this.linkListeners, state);
  }
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function notify<T>(listeners: Set<(value: T) => void>, value: T): void {
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (error) {
      console.error('A Labwire listener failed', error);
    }
  }
}
