/**
 * The browser relay's slice of the contract: a WebSocket server the operator
 * starts for one profile, so lab dashboards in browsers (and Foxglove) get
 * live channels without a Redis connection each. Owned by the relay work.
 */
import { boolean, empty, idCheck, integer, shape, string } from '../requestChecks';
import { request } from '../requestSlice';

export interface RelayClientView {
  id: string;
  /** The page's Origin header, or '' when it sent none. */
  origin: string;
  protocol: 'labwire-json' | 'foxglove';
  subscriptions: string[];
  messagesSent: number;
  messagesPerSecond: number;
  /** Messages this client did not get because it read too slowly ("latest per channel" kept). */
  dropped: number;
  queuedBytes: number;
  connectedAtMs: number;
}

export interface RelayStatus {
  isRunning: boolean;
  profileId: string | null;
  /** ws://127.0.0.1:PORT/ when running. */
  url: string | null;
  host: string;
  port: number | null;
  /** Changes each time the relay starts; clients see it in every message and know sequence numbers restarted. */
  epoch: string | null;
  /** Whether a read-only profile made it receive-only (it always is: the relay never publishes). */
  clients: RelayClientView[];
  lastError: string | null;
}

export const RELAY_REQUESTS = {
  'relay:status': request<Record<string, never>, RelayStatus>(empty),
  /** `host` is 127.0.0.1 unless the operator opens it wider; the token is the relay's own and shown once in the UI. */
  'relay:start': request<{ profileId: string; host: string; port: number; shouldSpeakFoxglove: boolean }, RelayStatus>(
    shape({ profileId: idCheck, host: string(255), port: integer(0, 65_535), shouldSpeakFoxglove: boolean }),
  ),
  'relay:stop': request<Record<string, never>, RelayStatus>(empty),
};
