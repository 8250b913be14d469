/**
 * What a host hands the bus worker thread at start, and the control messages
 * that travel only between a host and its own worker (never over the serve
 * host's WebSocket, so they stay out of src/shared).
 */
import type { ClientId, HostKind, RequestMethod } from '../shared/contract';
import type { MessagePort } from 'node:worker_threads';
import type { Result } from '../shared/result';
import type { DataKeySource } from './busCore';

export interface BusWorkerData {
  host: HostKind;
  appVersion: string;
  /** Absolute path of the folder with profiles, key file and the managed Redis. */
  dataDir: string;
  keySource: DataKeySource;
  /** The desktop host's port for starting serial port processes (transferred; see bridges/serial/portProcess.ts). */
  portProcesses?: MessagePort;
}

/** Ask the worker to dispose the core (closing connections, stopping the managed Redis) and exit. */
export interface BusShutdownMessage {
  kind: 'shutdown';
}

/** A request on its way to the bus, with the client the host says it came from. */
export interface BusRequestMessage {
  kind: 'request';
  id: number;
  clientId: ClientId;
  method: RequestMethod;
  params: unknown;
}

/** The client is gone (a tab closed, a page reloaded or crashed): release everything it opened. No answer. */
export interface BusClientGoneMessage {
  kind: 'clientGone';
  clientId: ClientId;
}

export type HostToBusWorkerMessage = BusRequestMessage | BusClientGoneMessage | BusShutdownMessage;

/** The part of BusCore the worker loop needs; tests supply a FakeBusCore with the same shape. */
export interface BusRequestHandler {
  /** Answers one request from `clientId`. Never throws. */
  handle(method: unknown, params: unknown, clientId: ClientId): Promise<Result<unknown>>;
  /** Releases everything `clientId` opened. Never throws. */
  releaseClient(clientId: ClientId): void;
  dispose(): Promise<void>;
}
