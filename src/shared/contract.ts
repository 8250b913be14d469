/**
 * The one contract between the bus and every host and renderer.
 *
 * Control plane: `BusRequests` maps a method name to its params and result.
 * Events: `BusEvent`, pushed by the bus. Data plane: `BusFrame`, batched on a
 * clock. Method and channel names are the constants below and are written
 * nowhere else.
 */
import type { ConnectionState, ServerFacts } from './connectionState';
import type { DecoderChoice, DiscoveredChannel, FeedFrame, FeedMessageDetail, FeedSnapshot, Lane, LaneTarget } from './liveChannels';
import type { OfferedStreams, PlotFrame, PlotInfo, PlotSpec } from './plots';
import type { Profile, ProfileDraft } from './profile';
import type { PublishRecord, PublishRequest } from './publishing';
import type { Result } from './result';
import type { LocalRedisStatus, SimulatorOptions, SimulatorStatus } from './simulator';

export type HostKind = 'desktop' | 'serve';

/** How secrets are protected at rest on this machine. */
export type SecretStorageStatus =
  /** OS keychain (desktop safeStorage) or a 0600 key file (serve) protects the data key. */
  | { state: 'protected'; mechanism: string }
  /** Secrets cannot be stored: passwords are kept for this session only. */
  | { state: 'unavailable'; reason: string };

/** What `npm run serve -- --demo` did, so the page can say it. Messages are whole sentences for a technician. */
export type DemoStatus =
  | { state: 'starting' }
  | { state: 'running'; message: string }
  /** `message` says what stopped the demo and, when a command fixes it, that command. */
  | { state: 'failed'; message: string };

export interface HelloInfo {
  appVersion: string;
  host: HostKind;
  /** Where profiles, audit logs and the managed Redis live. */
  dataDir: string;
  secretStorage: SecretStorageStatus;
  localRedis: LocalRedisStatus;
  /** Set by the serve host when it was started with --demo; absent otherwise (and in the desktop host). */
  demo?: DemoStatus;
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
  /** Add a lane: SUBSCRIBE (channel) or PSUBSCRIBE (pattern). Resolves once the server answered. */
  'lanes:add': { params: { profileId: string; target: LaneTarget; decoder: DecoderChoice }; result: Lane };
  'lanes:remove': { params: { profileId: string; laneId: string }; result: { laneId: string } };
  'lanes:update': { params: { profileId: string; laneId: string; patch: LanePatch }; result: Lane };
  'lanes:list': { params: { profileId: string }; result: Lane[] };
  /** PUBSUB CHANNELS with a glob, NUMSUB of each, and NUMPAT. */
  'channels:discover': {
    params: { profileId: string; pattern: string };
    result: { channels: DiscoveredChannel[]; patternSubscriptions: number; isTruncated: boolean };
  };
  /** The full payload and decoded tree of one feed message, from the bus history. */
  'feed:message': { params: { profileId: string; seq: number }; result: FeedMessageDetail };
  /**
   * Recent feed messages from the bus history, newest first, with the
   * channel statistics, history and drops as of now (a window that was not
   * listening to frames is current at once, even on a silent channel).
   */
  'feed:recent': { params: { profileId: string; beforeSeq: number | null; limit: number }; result: FeedSnapshot };
  'publish:send': { params: PublishRequest; result: PublishRecord };
  'publish:history': { params: { profileId: string }; result: PublishRecord[] };
  'plots:open': { params: { profileId: string; spec: PlotSpec }; result: PlotInfo };
  'plots:update': { params: { plotId: string; spec: PlotSpec }; result: PlotInfo };
  'plots:close': { params: { plotId: string }; result: { plotId: string } };
  /** The next live frame of the plot is a keyframe: the receiver missed one of the chain (PlotFrame). */
  'plots:keyframe': { params: { plotId: string }; result: { plotId: string } };
  /** Frozen view: a range of the plot's history, decimated to pixelWidth. Times in epoch ms. */
  'plots:range': { params: { plotId: string; fromMs: number; toMs: number; pixelWidth: number }; result: PlotFrame };
  /**
   * Fields seen on a channel: numeric paths for autocomplete, and short text
   * values by path (e.g. "data.device_id": ["incubator-3", "mushroom1"]) to offer
   * one chart per sender. The bus starts listening on the first ask: ask again.
   */
  'plots:paths': { params: { profileId: string; channel: string }; result: { paths: string[]; textValues: Record<string, string[]> } };
  /**
   * Channels seen in traffic that an EEG view can show, whether or not
   * anyone else listens on them. The bus starts listening on the first ask
   * and stops a minute after the last: ask again.
   */
  'plots:streams': { params: { profileId: string }; result: OfferedStreams };
}

export interface LanePatch {
  isPaused?: boolean;
  /** '' clears the filter. */
  filter?: string;
  decoder?: DecoderChoice;
  /** Empty the lane's pause buffer and forget its shown messages in the bus history view. */
  shouldClear?: boolean;
  /** Stop applying a new filter to the messages held before it (what was searched stays as it is). */
  shouldStopFilterScan?: boolean;
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
  'lanes:add',
  'lanes:remove',
  'lanes:update',
  'lanes:list',
  'channels:discover',
  'feed:message',
  'feed:recent',
  'publish:send',
  'publish:history',
  'plots:open',
  'plots:update',
  'plots:close',
  'plots:keyframe',
  'plots:range',
  'plots:paths',
  'plots:streams',
] as const satisfies readonly RequestMethod[];

export type BusEvent =
  | { type: 'connection:state'; profileId: string; state: ConnectionState }
  | { type: 'connection:facts'; profileId: string; facts: ServerFacts }
  | { type: 'profiles:changed'; profiles: Profile[] }
  | { type: 'simulator:status'; profileId: string; status: SimulatorStatus }
  | { type: 'localRedis:status'; status: LocalRedisStatus };

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
