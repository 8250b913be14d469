/**
 * What a host hands the bus worker thread at start, and the control messages
 * that travel only between a host and its own worker (never over the serve
 * host's WebSocket, so they stay out of src/shared).
 */
import type { HostToBusMessage, HostKind } from '../shared/contract';
import type { Result } from '../shared/result';
import type { DataKeySource } from './busCore';

export interface BusWorkerData {
  host: HostKind;
  appVersion: string;
  /** Absolute path of the folder with profiles, key file and the managed Redis. */
  dataDir: string;
  keySource: DataKeySource;
}

/** Ask the worker to dispose the core (closing connections, stopping the managed Redis) and exit. */
export interface BusShutdownMessage {
  kind: 'shutdown';
}

export type HostToBusWorkerMessage = HostToBusMessage | BusShutdownMessage;

/** The part of BusCore the worker loop needs; tests supply a FakeBusCore with the same shape. */
export interface BusRequestHandler {
  /** Answers one request. Never throws. */
  handle(method: unknown, params: unknown): Promise<Result<unknown>>;
  dispose(): Promise<void>;
}
