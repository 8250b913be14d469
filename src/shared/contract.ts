/**
 * The one contract between the bus and every host and renderer.
 *
 * Control plane: `BusRequests` maps a method name to its params and result,
 * merged from the features' slices (features/*Contract.ts, each method
 * declared once with its check). Events: `BusEvent`, pushed by the bus. Data
 * plane: `BusFrame`, batched on a clock. IPC channel names and the serve
 * host's paths are the constants below and are written nowhere else.
 */
import type { FeedFrame } from './liveChannels';
import type { PlotFrame } from './plots';
import type { AlertsEvent } from './features/alertsContract';
import type { ConnectionsEvent } from './features/connectionsContract';
import type { DeadLettersEvent } from './features/deadLettersContract';
import type { LocalRedisEvent } from './features/localRedisContract';
import type { ProfilesEvent } from './features/profilesContract';
import type { SimulatorEvent } from './features/simulatorContract';
import { PARAM_CHECKS, type BusRequestDeclarations } from './requestMap';
import type { RequestTypesOf } from './requestSlice';
import type { Result } from './result';

export type { DemoStatus, HelloInfo, HostKind, SecretStorageStatus } from './features/systemContract';
export type { LanePatch } from './features/liveContract';

/**
 * Each method's params and result, from the features' contract slices
 * (src/shared/features/*Contract.ts, merged in requestMap.ts); the docs of
 * each method sit with its declaration there.
 */
export type BusRequests = RequestTypesOf<BusRequestDeclarations>;

export type RequestMethod = keyof BusRequests;
export type RequestParams<M extends RequestMethod> = BusRequests[M]['params'];
export type RequestResult<M extends RequestMethod> = BusRequests[M]['result'];

export const REQUEST_METHODS = Object.keys(PARAM_CHECKS) as readonly RequestMethod[];

/** Events pushed by the bus: each feature's, one line each. */
export type BusEvent = ConnectionsEvent | ProfilesEvent | SimulatorEvent | LocalRedisEvent | DeadLettersEvent | AlertsEvent;

/**
 * Data plane: batched on a clock (FRAME_INTERVAL_MS), never one message per
 * call. Typed-array columns ride inside: transferred between threads, copied
 * by Electron IPC, binary-encoded on the WebSocket (frameCodec.ts).
 */
export type BusFrame = FeedFrame | PlotFrame;

export const FRAME_INTERVAL_MS = 33;
/** Live plots send frames on this clock: over 30 a second, each a small continuation (PlotFrame). */
export const PLOT_FRAME_INTERVAL_MS = 20;

/**
 * A request as a renderer sends it (over the serve host's WebSocket). It
 * never says who sent it: the host adds that (ClientId) on its way to the bus.
 */
export type HostToBusMessage = { kind: 'request'; id: number; method: RequestMethod; params: unknown };

/**
 * Who a request came from, named by the host and never by the renderer: the
 * serve host numbers its sockets, the desktop host names each page load of a
 * window. What a client opens (plots now; stream tails, relays, recordings
 * later) belongs to it, and the bus releases it all when the host says the
 * client is gone (a tab closed, a page reloaded or crashed). Ids are never
 * reused, so a late request from a gone client cannot revive its things.
 */
export type ClientId = string;

/** The host itself (startup work such as the serve host's --demo): never gone while the bus runs. */
export const HOST_CLIENT_ID: ClientId = 'host';
export type BusToHostMessage =
  | { kind: 'response'; id: number; result: Result<unknown> }
  | { kind: 'event'; event: BusEvent }
  /** A frame as an object: what in-process callers and test doubles emit; hosts accept it too. */
  | { kind: 'frame'; frame: BusFrame }
  /**
   * What the bus sends: the frame already written by frameCodec.ts (as
   * `{kind: 'frame', frame}`), its buffer transferred. Hosts pass the bytes on
   * without reading them, so no per-message work lands on the host thread
   * (Electron's main thread, the serve host's event loop); the renderer
   * decodes. `frameKind`, `profileId` and `messageCount` let a host count and
   * drop without decoding.
   */
  | { kind: 'encodedFrame'; frameKind: BusFrame['kind']; profileId: string; messageCount: number; bytes: Uint8Array };

/**
 * What the renderer sees, whichever host it runs in: the preload's
 * `window.labwire` or the WebSocket transport. Subscriptions return their
 * unsubscribe function (contextBridge breaks `.off(handler)`).
 */
export interface LabwireApi {
  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<Result<RequestResult<M>>>;
  onDidReceiveEvent(listener: (event: BusEvent) => void): () => void;
  onDidReceiveFrame(listener: (frame: BusFrame) => void): () => void;
}

/**
 * What the desktop preload exposes as `window.labwire`: the contract, with
 * frames as the bytes the bus wrote (busMessageCodec.ts). The renderer's
 * desktop transport decodes them into a LabwireApi.
 */
export interface PreloadApi extends Omit<LabwireApi, 'onDidReceiveFrame'> {
  onDidReceiveFrameBytes(listener: (bytes: Uint8Array) => void): () => void;
}

/** Electron IPC channel names, shared by the desktop host and the preload. */
export const IPC_CHANNELS = {
  request: 'labwire:request',
  event: 'labwire:event',
  frame: 'labwire:frame',
  /** Preload to main: the byte length of each frame the window has read (desktop flow control). */
  frameAck: 'labwire:frame-ack',
} as const;

/** The serve host's WebSocket path and cookie name. */
export const SERVE_WEBSOCKET_PATH = '/labwire/ws';
export const SERVE_TOKEN_COOKIE = 'labwire_token';
export const SERVE_TOKEN_QUERY = 'token';
