/**
 * The one contract between the bus and every host and renderer.
 *
 * Control plane: `BusRequests` maps a method name to its params and result.
 * Events: `BusEvent`, pushed by the bus. Data plane: `BusFrame`, batched on a
 * clock. Method and channel names are the constants below and are written
 * nowhere else.
 */
import type { ConnectionState, ServerFacts } from './connectionState';
import type { Profile, ProfileDraft } from './profile';
import type { Result } from './result';
import type { LocalRedisStatus, SimulatorOptions, SimulatorStatus } from './simulator';

export type HostKind = 'desktop' | 'serve';

/** How secrets are protected at rest on this machine. */
export type SecretStorageStatus =
  /** OS keychain (desktop safeStorage) or a 0600 key file (serve) protects the data key. */
  | { state: 'protected'; mechanism: string }
  /** Secrets cannot be stored: passwords are kept for this session only. */
  | { state: 'unavailable'; reason: string };

export interface HelloInfo {
  appVersion: string;
  host: HostKind;
  /** Where profiles, audit logs and the managed Redis live. */
  dataDir: string;
  secretStorage: SecretStorageStatus;
  localRedis: LocalRedisStatus;
}

export interface BusRequests {
  'system:hello': { params: Record<string, never>; result: HelloInfo };
  'profiles:list': { params: Record<string, never>; result: Profile[] };
  'profiles:save': { params: ProfileDraft; result: Profile };
  'profiles:duplicate': { params: { id: string }; result: Profile };
  'profiles:delete': { params: { id: string }; result: { id: string } };
  /** Exported JSON never contains secrets. */
  'profiles:export': { params: { ids?: string[] }; result: { json: string; count: number } };
  'profiles:import': { params: { json: string }; result: { imported: Profile[] } };
  'connection:open': { params: { profileId: string }; result: ConnectionState };
  'connection:close': { params: { profileId: string }; result: ConnectionState };
  /** Connect once with the draft's settings (password undefined: the stored one), read facts, disconnect. */
  'connection:test': { params: { draft: ProfileDraft }; result: ServerFacts };
  /** Read fresh server facts over the open connection. */
  'connection:facts': { params: { profileId: string }; result: ServerFacts };
  /** A snapshot of every profile's state, for a renderer that just started. */
  'connection:states': { params: Record<string, never>; result: Record<string, ConnectionState> };
  /** Start a Labwire-managed redis-server and point the managed profile at it. */
  'localRedis:start': { params: Record<string, never>; result: { profile: Profile; status: LocalRedisStatus } };
  'localRedis:stop': { params: Record<string, never>; result: LocalRedisStatus };
  'simulator:start': { params: { profileId: string; options: SimulatorOptions }; result: SimulatorStatus };
  'simulator:stop': { params: { profileId: string }; result: SimulatorStatus };
  'simulator:status': { params: { profileId: string }; result: SimulatorStatus };
}

export type RequestMethod = keyof BusRequests;
export type RequestParams<M extends RequestMethod> = BusRequests[M]['params'];
export type RequestResult<M extends RequestMethod> = BusRequests[M]['result'];

export const REQUEST_METHODS = [
  'system:hello',
  'profiles:list',
  'profiles:save',
  'profiles:duplicate',
  'profiles:delete',
  'profiles:export',
  'profiles:import',
  'connection:open',
  'connection:close',
  'connection:test',
  'connection:facts',
  'connection:states',
  'localRedis:start',
  'localRedis:stop',
  'simulator:start',
  'simulator:stop',
  'simulator:status',
] as const satisfies readonly RequestMethod[];

export type BusEvent =
  | { type: 'connection:state'; profileId: string; state: ConnectionState }
  | { type: 'connection:facts'; profileId: string; facts: ServerFacts }
  | { type: 'profiles:changed'; profiles: Profile[] }
  | { type: 'simulator:status'; profileId: string; status: SimulatorStatus }
  | { type: 'localRedis:status'; status: LocalRedisStatus };

/** Counters carried by every frame so drops are never silent. */
export interface FrameCounters {
  received: number;
  decoded: number;
  /** Dropped, by reason (e.g. "pause-buffer-full", "byte-budget", "disconnect"). */
  dropped: Record<string, number>;
}

/** Data plane: batched on a clock; typed-array columns ride inside. Extended by later features. */
export interface BusFrame {
  /** Monotonic per bus. */
  seq: number;
  /** Epoch ms when the frame was cut. */
  at: number;
  profileId: string;
  counters: FrameCounters;
}

/** Messages between a host and the bus thread (and over the serve host's WebSocket). */
export type HostToBusMessage = { kind: 'request'; id: number; method: RequestMethod; params: unknown };
export type BusToHostMessage =
  | { kind: 'response'; id: number; result: Result<unknown> }
  | { kind: 'event'; event: BusEvent }
  | { kind: 'frame'; frame: BusFrame };

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

/** Electron IPC channel names, shared by the desktop host and the preload. */
export const IPC_CHANNELS = {
  request: 'labwire:request',
  event: 'labwire:event',
  frame: 'labwire:frame',
} as const;

/** The serve host's WebSocket path and cookie name. */
export const SERVE_WEBSOCKET_PATH = '/labwire/ws';
export const SERVE_TOKEN_COOKIE = 'labwire_token';
export const SERVE_TOKEN_QUERY = 'token';
