/**
 * The bus worker's message loop, apart from the worker entry so tests can run
 * it with a FakeBusCore (on a MessageChannel or a worker of their own).
 *
 * Requests that arrive while the core is still starting wait for it; a core
 * that failed to start answers every request with INTERNAL, so the host always
 * gets an answer and the console can say what went wrong.
 */
import type { MessagePort } from 'node:worker_threads';
import type { BusToHostMessage, ClientId } from '../shared/contract';
import { fail, type Result } from '../shared/result';
import type { BusRequestHandler } from './busWorkerData';

/** How the core sends events and frames to the host: BusCoreOptions['emit']. */
export type BusEmit = (message: BusToHostMessage, transfer?: ArrayBuffer[]) => void;

export interface BusWorkerLoopOptions {
  /** The worker's parentPort (or one end of a MessageChannel in tests). */
  port: MessagePort;
  /** Builds the core; it sends events and frames through `emit`, listing buffers to move in `transfer`. */
  startCore(emit: BusEmit): Promise<BusRequestHandler>;
  /** Called once the core is disposed after a shutdown message. */
  exit(): void;
  /** One line per problem; never given params or secrets. */
  log(line: string): void;
}

type CoreStart = { state: 'ready'; core: BusRequestHandler } | { state: 'failed'; detail: string };

const CORE_FAILED_MESSAGE =
  'The Labwire engine could not start, so this request could not run. Restart Labwire; if it happens again, the log has the details.';
const SHUTTING_DOWN_MESSAGE = 'Labwire is shutting down, so this request was not run.';
const NO_CLIENT_MESSAGE = 'Labwire could not tell which window sent this request, so it was not run.';
/** Host-made ids are short ("serve:socket-12", "desktop:3:7"); anything longer is not one. */
export const MAX_CLIENT_ID_CHARS = 200;

export function isClientId(value: unknown): value is ClientId {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CLIENT_ID_CHARS;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * A stray throw in a timer or an unawaited promise must not take the whole
 * engine (and every open connection) down without a word. Inside a worker
 * these process events belong to the worker's own thread.
 */
export function installCrashGuards(log: (line: string) => void): void {
  process.on('uncaughtException', (error) => log(`Uncaught exception: ${describeError(error)}`));
  process.on('unhandledRejection', (reason) => log(`Unhandled rejection: ${describeError(reason)}`));
}

export function runBusWorkerLoop(options: BusWorkerLoopOptions): void {
  const { port, log } = options;
  let isShuttingDown = false;

  const post = (message: BusToHostMessage, transfer?: ArrayBuffer[]): void => {
    try {
      port.postMessage(message, transfer);
    } catch (error) {
      // A value that cannot cross threads (a function, a socket) is a bug in the core; the host still gets an answer.
      log(`The bus worker could not send a ${message.kind}: ${describeError(error)}`);
      if (message.kind === 'response') {
        port.postMessage({
          kind: 'response',
          id: message.id,
          result: fail('INTERNAL', 'Labwire hit an unexpected problem. The console keeps running; details are in the log.', {
            detail: error instanceof Error ? error.message : String(error),
          }),
        } satisfies BusToHostMessage);
      }
    }
  };

  /**
   * `transfer` moves the frame's typed-array buffers to the host thread
   * instead of copying them; the core must not touch those arrays afterwards
   * (they are detached, byteLength 0). A buffer listed twice would make
   * postMessage refuse the whole message, so the list is deduplicated.
   */
  const emit = (message: BusToHostMessage, transfer?: ArrayBuffer[]): void => {
    if (isShuttingDown) return;
    post(message, transfer && transfer.length > 1 ? [...new Set(transfer)] : transfer);
  };

  const coreStart: Promise<CoreStart> = options.startCore(emit).then(
    (core): CoreStart => ({ state: 'ready', core }),
    (error: unknown): CoreStart => {
      log(`The bus core failed to start: ${describeError(error)}`);
      return { state: 'failed', detail: error instanceof Error ? error.message : String(error) };
    },
  );

  const answer = async (method: unknown, params: unknown, clientId: ClientId): Promise<Result<unknown>> => {
    const start = await coreStart;
    if (start.state === 'failed') return fail('INTERNAL', CORE_FAILED_MESSAGE, { detail: start.detail });
    try {
      return await start.core.handle(method, params, clientId);
    } catch (error) {
      // BusCore.handle never throws by contract; this guards the contract, not the core.
      log(`A request handler threw: ${describeError(error)}`);
      return fail('INTERNAL', 'Labwire hit an unexpected problem. The console keeps running; details are in the log.', {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  };

  /**
   * Waits for the core on the same promise as requests, so a client's
   * requests sent before its clientGone are handled (and what they open is
   * claimed) before the release.
   */
  const releaseClient = async (clientId: ClientId): Promise<void> => {
    const start = await coreStart;
    if (start.state !== 'ready' || isShuttingDown) return;
    try {
      start.core.releaseClient(clientId);
    } catch (error) {
      log(`Releasing what a closed window left open failed: ${describeError(error)}`);
    }
  };

  const shutdown = async (): Promise<void> => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    const start = await coreStart;
    if (start.state === 'ready') {
      try {
        await start.core.dispose();
      } catch (error) {
        log(`The bus core did not shut down cleanly: ${describeError(error)}`);
      }
    }
    port.close();
    options.exit();
  };

  port.on('message', (message: unknown) => {
    if (!isRecord(message)) {
      log('The bus worker ignored a message that is not an object.');
      return;
    }
    if (message.kind === 'shutdown') {
      void shutdown();
      return;
    }
    if (message.kind === 'clientGone') {
      if (isClientId(message.clientId)) void releaseClient(message.clientId);
      else log('The bus worker ignored a clientGone message without a client id.');
      return;
    }
    if (message.kind !== 'request' || !Number.isSafeInteger(message.id)) {
      log(`The bus worker ignored a message of kind ${String(message.kind)}.`);
      return;
    }
    const id = message.id as number;
    if (isShuttingDown) {
      post({ kind: 'response', id, result: fail('INTERNAL', SHUTTING_DOWN_MESSAGE) });
      return;
    }
    if (!isClientId(message.clientId)) {
      post({ kind: 'response', id, result: fail('INTERNAL', NO_CLIENT_MESSAGE) });
      return;
    }
    void answer(message.method, message.params, message.clientId).then((result) => post({ kind: 'response', id, result }));
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
