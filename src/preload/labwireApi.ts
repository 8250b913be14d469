/**
 * What the preload gives the page: three functions (PreloadApi) and nothing
 * else. ipcRenderer itself never crosses the contextBridge, and listeners
 * receive the payload only, never the IPC event (whose `sender` would hand
 * the page ipcRenderer). Frames reach the page as the bytes the bus wrote
 * (one buffer copied across the bridge, not thousands of objects); the
 * renderer's desktop transport decodes them.
 *
 * The preload takes only types from src/shared (it runs sandboxed, bundled
 * alone): the channel names below are checked against IPC_CHANNELS by the
 * compiler, so they cannot drift from the host's.
 */
import type { BusEvent, IPC_CHANNELS, PreloadApi, RequestMethod, RequestParams, RequestResult } from '../shared/contract';
import type { BusErrorCode, Result } from '../shared/result';

type Channels = typeof IPC_CHANNELS;
const CHANNELS: Channels = {
  request: 'labwire:request',
  event: 'labwire:event',
  frame: 'labwire:frame',
  frameAck: 'labwire:frame-ack',
};

/** The page reads the API from `window.labwire`. */
export const LABWIRE_GLOBAL_NAME = 'labwire';

type IpcListener = (event: unknown, payload: unknown) => void;

/** The part of Electron's ipcRenderer the API uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** The part of Electron's contextBridge the preload uses. */
export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export function createLabwireApi(ipc: IpcRendererLike): PreloadApi {
  const onDidReceiveEvent = createSubscription<BusEvent>(ipc, CHANNELS.event);
  // Every frame is acknowledged once handed over, listened to or not, so the desktop host knows what the window owes (windowFrameFlow.ts).
  const onDidReceiveFrameBytes = createSubscription<Uint8Array>(ipc, CHANNELS.frame, readFrameBytes, {
    isAlwaysAttached: true,
    afterEach: (payload) => {
      if (payload instanceof Uint8Array) ipc.send(CHANNELS.frameAck, payload.byteLength);
    },
  });
  return {
    async request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<Result<RequestResult<M>>> {
      try {
        const reply = await ipc.invoke(CHANNELS.request, method, params);
        if (isResult(reply)) return reply as Result<RequestResult<M>>;
        return internalFailure('Labwire received an answer it could not read from its engine. Try again.');
      } catch (error) {
        return internalFailure(
          'Labwire lost contact with its engine while sending a request. Try again; restart Labwire if it keeps happening.',
          error instanceof Error ? error.message : String(error),
        );
      }
    },
    onDidReceiveEvent,
    onDidReceiveFrameBytes,
  };
}

/** Called once by the preload entry with Electron's real contextBridge and ipcRenderer. */
export function exposeLabwireApi(bridge: ContextBridgeLike, ipc: IpcRendererLike): void {
  bridge.exposeInMainWorld(LABWIRE_GLOBAL_NAME, createLabwireApi(ipc));
}

interface SubscriptionOptions {
  /** Listen from the start and never stop (frames must be acknowledged even with no page listener). */
  isAlwaysAttached?: boolean;
  /** Called with every raw payload after the listeners, read or not. */
  afterEach?: (payload: unknown) => void;
}

/**
 * One IPC listener per channel, attached while the page has at least one
 * listener (or always), fanned out to all of them. Subscribing the same
 * function twice registers it once; one listener's exception does not
 * starve the others.
 */
function createSubscription<T>(
  ipc: IpcRendererLike,
  channel: string,
  read: (payload: unknown) => T | null = (payload) => payload as T,
  options: SubscriptionOptions = {},
): (listener: (payload: T) => void) => () => void {
  const listeners = new Set<(payload: T) => void>();
  const deliver = (payload: unknown): void => {
    let value: T | null;
    try {
      value = read(payload);
    } catch (error) {
      console.error(`A Labwire ${channel} message could not be read:`, error);
      return;
    }
    if (value === null) return;
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch (error) {
        console.error(`A Labwire ${channel} listener failed:`, error);
      }
    }
  };
  const relay: IpcListener = (_event, payload) => {
    deliver(payload);
    options.afterEach?.(payload);
  };
  const isAlwaysAttached = options.isAlwaysAttached === true;
  if (isAlwaysAttached) ipc.on(channel, relay);
  return (listener) => {
    if (listeners.size === 0 && !isAlwaysAttached) ipc.on(channel, relay);
    listeners.add(listener);
    let isSubscribed = true;
    return () => {
      if (!isSubscribed) return;
      isSubscribed = false;
      listeners.delete(listener);
      if (listeners.size === 0 && !isAlwaysAttached) ipc.removeListener(channel, relay);
    };
  };
}

/** Frames arrive as the bytes the bus wrote; anything else is not a frame. */
function readFrameBytes(payload: unknown): Uint8Array | null {
  return payload instanceof Uint8Array ? payload : null;
}

function internalFailure(message: string, detail?: string): Result<never> {
  const code: BusErrorCode = 'INTERNAL';
  return { ok: false, error: detail === undefined ? { code, message } : { code, message, detail } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (candidate.ok === true) return true;
  return candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null;
}
