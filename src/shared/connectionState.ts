/** The state of one profile's connection: one union, pushed as events. */
import type { BusError } from './result';

/** A span during which the console was not receiving, in epoch milliseconds. */
export interface ConnectionGap {
  from: number;
  to: number;
}

export type ConnectionState =
  /** Never opened, or closed and forgotten. */
  | { state: 'idle' }
  /** First connection attempt under way. `since` is epoch ms. */
  | { state: 'connecting'; since: number }
  /** Connected and answering. `lastGap` is the most recent outage, if any. */
  | { state: 'ready'; since: number; lastGap?: ConnectionGap }
  /**
   * Lost the server and trying again. `attempt` counts from 1 for this outage;
   * `nextRetryAt` is epoch ms; `since` is when the outage began.
   */
  | { state: 'reconnecting'; since: number; attempt: number; lastError: BusError; nextRetryAt: number }
  /** Gave up: retrying cannot help (wrong password, no permission, bad TLS settings). */
  | { state: 'failed'; since: number; reason: BusError }
  /** Closed by the user. */
  | { state: 'closed'; since: number }
  /**
   * A demo profile: no server and no connection, the messages are generated
   * on this computer (bus/sources/demo/). Never 'ready', so nothing that
   * needs a server mistakes it for one.
   */
  | { state: 'demo'; since: number };

export type ConnectionStateName = ConnectionState['state'];

/** Whether lanes and plots can receive on the profile: a ready server, or demo data generated on this computer. */
export function canReceive(state: ConnectionStateName): boolean {
  return state === 'ready' || state === 'demo';
}

export type RedisMode = 'standalone' | 'sentinel' | 'cluster';

/** What the connection panel shows once a connection is ready. */
export interface ServerFacts {
  /** e.g. "7.0.15" */
  version: string;
  mode: RedisMode;
  /** "master" | "slave" (Redis' own words), or "sentinel". */
  role: string;
  usedMemoryBytes: number;
  connectedClients: number;
  /** Round-trip of one PING from the bus, in milliseconds. */
  roundTripMs: number;
  /** Seconds the server has been up. */
  uptimeSeconds: number;
  /** Epoch ms when these facts were read. */
  readAt: number;
}
