/**
 * The browser relay's slice of the contract: a WebSocket server the operator
 * starts for one profile, so lab dashboards in browsers (and Foxglove) get
 * live channels without a Redis connection each. Owned by the relay work.
 * The wire protocol the relay speaks is described in docs/ARCHITECTURE.md
 * ("Browser relay").
 */
import { arrayOf, boolean, empty, idCheck, integer, shape, string } from '../requestChecks';
import { request } from '../requestSlice';

export const RELAY_DEFAULT_HOST = '127.0.0.1';
export const RELAY_DEFAULT_PORT = 8765;
/** The subprotocol a Foxglove or Lichtblick client asks for. */
export const FOXGLOVE_SUBPROTOCOL = 'foxglove.websocket.v1';
/** The relay's own protocol; a client that names no subprotocol gets it too. */
export const LABWIRE_JSON_SUBPROTOCOL = 'labwire-json';
/** Most origins and Foxglove topics the operator can list. */
export const MAX_RELAY_ORIGINS = 32;
export const MAX_FOXGLOVE_TOPICS = 64;

export type RelayProtocol = 'labwire-json' | 'foxglove';

export interface RelayClientView {
  /** The relay's own number for the connection ("client-3"), counted from 1 per relay start. */
  id: string;
  /** The page's Origin header, or '' when it sent none (a script, not a browser). */
  origin: string;
  protocol: RelayProtocol;
  /** Channels and patterns the client subscribed to, as it named them (patterns end with their glob). */
  subscriptions: string[];
  /** Messages written to this client since it connected. */
  messagesSent: number;
  /** Messages written to this client in the last whole second. */
  messagesPerSecond: number;
  /** Messages this client did not get because it read too slowly (the newest of each channel was kept instead). */
  dropped: number;
  /** Bytes waiting in the relay for this client: its queue plus what the socket has not sent yet. */
  queuedBytes: number;
  /** True while the client reads too slowly and gets only the newest message of each channel. */
  isCatchingUp: boolean;
  /** Epoch ms when it connected. */
  connectedAtMs: number;
}

export type RelayStatus =
  | {
      isRunning: false;
      /** Why the relay stopped or could not start, in words; null when it was simply stopped or never started. */
      lastError: string | null;
    }
  | {
      isRunning: true;
      profileId: string;
      /** ws://HOST:PORT/?token=... : the whole address a dashboard opens. */
      url: string;
      host: string;
      port: number;
      /**
       * The relay's own secret, new at each start. Clients send it as `?token=` in the
       * address; it is shown in the UI so the operator can paste it into a dashboard.
       */
      token: string;
      /** Changes each time the relay starts; clients see it in every message and know sequence numbers restarted. */
      epoch: string;
      /** Origins accepted besides this computer's own pages (http(s)://localhost, 127.0.0.1, [::1] on any port). */
      allowedOrigins: string[];
      /** Whether Foxglove clients are answered, and the channels/patterns advertised to them. */
      isFoxgloveOn: boolean;
      foxgloveTopics: string[];
      /** Always true: the relay only reads from Redis, whatever the profile allows. */
      isReceiveOnly: true;
      clients: RelayClientView[];
      /** Clients refused since the start (bad token, foreign Origin, too many clients). */
      refusedConnections: number;
      /** The newest problem a client or a subscription had, in words; null when none. */
      lastError: string | null;
      startedAtMs: number;
    };

export interface RelayStartParams {
  profileId: string;
  /** 127.0.0.1 unless the operator opens it wider. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  shouldSpeakFoxglove: boolean;
  /** Channels (or patterns with * ? [) advertised to Foxglove clients, one Foxglove channel each. */
  foxgloveTopics: string[];
  /** Exact origins ("https://dash.lab.example") accepted besides this computer's own pages. */
  allowedOrigins: string[];
}

export const RELAY_REQUESTS = {
  'relay:status': request<Record<string, never>, RelayStatus>(empty),
  /** Starts the relay for one profile (one relay at a time: a running one is refused, stop it first). */
  'relay:start': request<RelayStartParams, RelayStatus>(
    shape({
      profileId: idCheck,
      host: string(255),
      port: integer(0, 65_535),
      shouldSpeakFoxglove: boolean,
      foxgloveTopics: arrayOf(string(1024), MAX_FOXGLOVE_TOPICS),
      allowedOrigins: arrayOf(string(512), MAX_RELAY_ORIGINS),
    }),
  ),
  'relay:stop': request<Record<string, never>, RelayStatus>(empty),
};
