/**
 * The host side of the bus worker thread, shared by the desktop host and the
 * serve host: correlates request ids, fans out events and frames, and shuts
 * the worker down.
 *
 * If the worker dies (it catches its own stray exceptions, so this means an
 * out-of-memory kill or a native crash), every pending request is answered
 * with INTERNAL and a fresh worker starts, at most MAX_RESTARTS_PER_WINDOW
 * times per RESTART_WINDOW_MS. After that the thread reports 'failed' through
 * onDidChangeStatus and answers every request with INTERNAL, rather than
 * crash-looping while a lab watches. A restarted bus has lost its connections
 * (they lived in the old worker); hosts tell the user through the status.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import { HOST_CLIENT_ID, type BusToHostMessage, type ClientId, type RequestMethod, type RequestParams, type RequestResult } from '../shared/contract';
import { fail, type Result } from '../shared/result';
import type { BusWorkerData, HostToBusWorkerMessage } from './busWorkerData';

export const MAX_PENDING_REQUESTS = 10_000;
export const STOP_TIMEOUT_MS = 8_000;
export const MAX_RESTARTS_PER_WINDOW = 3;
export const RESTART_WINDOW_MS = 60_000;

export type BusThreadStatus =
  /** The worker answers requests (its core may still be starting; requests wait for it). */
  | { state: 'running'; since: number; restarts: number }
  /** The worker died and a new one was started; `lastError` says why the old one died. */
  | { state: 'restarted'; since: number; restarts: number; lastError: string }
  /** Too many deaths in a row: no more restarts, every request fails with INTERNAL. */
  | { state: 'failed'; since: number; reason: string }
  | { state: 'stopped'; since: number };

/**
 * Requests to the bus. `clientId` is who asked, named by the host (a socket,
 * a page load); left out, the host itself asks (HOST_CLIENT_ID).
 */
export interface BusRequester {
  request<M extends RequestMethod>(method: M, params: RequestParams<M>, clientId?: ClientId): Promise<Result<RequestResult<M>>>;
  /** For relays (the serve host's WebSocket, the desktop IPC): the bus validates method and params. */
  request(method: string, params: unknown, clientId?: ClientId): Promise<Result<unknown>>;
}

/** The host's side of owned resources: what a gone client opened is released in the bus. */
export interface BusClientReleaser {
  /** The client will send nothing more (tab closed, page reloaded or crashed). Fire and forget. */
  clientGone(clientId: ClientId): void;
}

export interface BusThread extends BusRequester, BusClientReleaser {
  /**
   * Events and frames from the bus, as the bus sent them: a frame's typed-array
   * columns arrive as typed arrays (moved, not copied, when the bus listed their
   * buffers for transfer). Listeners share one object and must not change it.
   * Returns the function that unsubscribes.
   */
  onDidEmit(listener: (message: BusToHostMessage) => void): () => void;
  onDidChangeStatus(listener: (status: BusThreadStatus) => void): () => void;
  status(): BusThreadStatus;
  /** Disposes the core (closing connections, stopping the managed Redis); terminates after STOP_TIMEOUT_MS. */
  stop(): Promise<void>;
}

export interface BusThreadOptions {
  workerUrl: URL;
  workerData: BusWorkerData;
  /** Node flags for the worker; by default it inherits the host's. */
  execArgv?: string[];
  /** One line per problem; default stderr. */
  log?: (line: string) => void;
  stopTimeoutMs?: number;
  /**
   * Called for each worker started (a restart too): a port of a fresh
   * MessageChannel, transferred to the worker as `workerData.portProcesses`;
   * the host answers on the other end (the desktop host starts serial port
   * processes there).
   */
  portProcessChannel?: () => MessagePort;
}

type PendingRequest = (result: Result<unknown>) => void;

const WORKER_DIED_MESSAGE =
  'The Labwire engine stopped unexpectedly while this request was running. It restarts by itself; open your connections again.';
const WORKER_FAILED_MESSAGE = 'The Labwire engine stopped several times in a row and was not restarted. Restart Labwire.';
const STOPPED_MESSAGE = 'Labwire is shutting down, so this request was not run.';
const TOO_MANY_PENDING_MESSAGE = 'Labwire has too many requests waiting for an answer. Wait a moment and try again.';

/**
 * Where the worker lives, seen from the module at `fromUrl` (pass
 * import.meta.url). Built: out/main/busWorker.js next to serve.js and index.js.
 * From source (tsx): src/bus/busWorker.ts under the same project.
 */
export function resolveBusWorkerUrl(fromUrl: string): URL {
  const from = new URL(fromUrl);
  if (!isTypeScriptUrl(from)) return new URL('busWorker.js', from);
  const sourceIndex = from.pathname.lastIndexOf('/src/');
  if (sourceIndex < 0) return new URL('busWorker.ts', from);
  const root = new URL(from.href);
  root.pathname = from.pathname.slice(0, sourceIndex + 1);
  return new URL('src/bus/busWorker.ts', root);
}

function isTypeScriptUrl(url: URL): boolean {
  return url.pathname.endsWith('.ts');
}

/**
 * A worker entry written in TypeScript needs tsx inside the worker. Measured on
 * Node 20.20: `execArgv: ['--import', 'tsx']` runs tsx's entry in the worker,
 * but tsx only registers its loader on the main thread there, so the worker
 * still fails with "Unknown file extension .ts". Registering through
 * tsx/esm/api from a small eval bootstrap works.
 */
function createWorker(options: BusThreadOptions): Worker {
  const portProcesses = options.portProcessChannel?.();
  const common = {
    workerData: portProcesses ? { ...options.workerData, portProcesses } : options.workerData,
    ...(portProcesses ? { transferList: [portProcesses] } : {}),
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
  };
  if (!isTypeScriptUrl(options.workerUrl)) return new Worker(options.workerUrl, common);
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsxApiUrl)})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(options.workerUrl.href)}); });`;
  return new Worker(bootstrap, { ...common, eval: true });
}

export function startBusThread(options: BusThreadOptions): BusThread {
  const log = options.log ?? ((line: string) => console.error(`[labwire host] ${line}`));
  const stopTimeoutMs = options.stopTimeoutMs ?? STOP_TIMEOUT_MS;
  const pending = new Map<number, PendingRequest>();
  const emitListeners = new Set<(message: BusToHostMessage) => void>();
  const statusListeners = new Set<(status: BusThreadStatus) => void>();
  const restartTimes: number[] = [];
  let nextId = 1;
  let worker: Worker | null = null;
  let current: BusThreadStatus = { state: 'running', since: Date.now(), restarts: 0 };
  let stopping: Promise<void> | null = null;

  const setStatus = (status: BusThreadStatus): void => {
    current = status;
    for (const listener of statusListeners) callSafely(() => listener(status), log);
  };

  const answerAllPending = (result: Result<unknown>): void => {
    const resolvers = [...pending.values()];
    pending.clear();
    for (const resolve of resolvers) resolve(result);
  };

  const onMessage = (message: BusToHostMessage): void => {
    if (message.kind === 'response') {
      const resolve = pending.get(message.id);
      if (!resolve) return;
      pending.delete(message.id);
      resolve(message.result);
      return;
    }
    for (const listener of emitListeners) callSafely(() => listener(message), log);
  };

  const launch = (): void => {
    const started = createWorker(options);
    let lastError = '';
    started.on('message', onMessage);
    started.on('error', (error) => {
      lastError = error instanceof Error ? error.message : String(error);
      log(`The bus worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    started.on('messageerror', (error) => log(`A message from the bus worker could not be read: ${error.message}`));
    started.on('exit', (code) => {
      if (worker !== started) return;
      worker = null;
      if (stopping) return;
      const reason = lastError || `the worker exited with code ${code}`;
      answerAllPending(fail('INTERNAL', WORKER_DIED_MESSAGE, { detail: reason }));
      const now = Date.now();
      while (restartTimes.length > 0 && now - (restartTimes[0] ?? 0) > RESTART_WINDOW_MS) restartTimes.shift();
      if (restartTimes.length >= MAX_RESTARTS_PER_WINDOW) {
        log(`The bus worker died again (${reason}); not restarting it.`);
        setStatus({ state: 'failed', since: now, reason });
        return;
      }
      restartTimes.push(now);
      log(`The bus worker died (${reason}); starting a new one.`);
      launch();
      const restarts = current.state === 'running' || current.state === 'restarted' ? current.restarts + 1 : 1;
      setStatus({ state: 'restarted', since: now, restarts, lastError: reason });
    });
    worker = started;
  };

  const request = (method: string, params: unknown, clientId: ClientId = HOST_CLIENT_ID): Promise<Result<unknown>> => {
    if (stopping) return Promise.resolve(fail('INTERNAL', STOPPED_MESSAGE));
    if (!worker) return Promise.resolve(fail('INTERNAL', WORKER_FAILED_MESSAGE));
    if (pending.size >= MAX_PENDING_REQUESTS) return Promise.resolve(fail('INTERNAL', TOO_MANY_PENDING_MESSAGE));
    const id = nextId++;
    const target = worker;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      post(target, { kind: 'request', id, clientId, method: method as RequestMethod, params }, (error) => {
        pending.delete(id);
        resolve(fail('INVALID', 'This request contains a value Labwire cannot send to its engine.', { detail: error }));
      });
    });
  };

  /** A restarted worker never saw the client's things, and a stopping one releases everything: nothing to send then. */
  const clientGone = (clientId: ClientId): void => {
    if (stopping || !worker) return;
    post(worker, { kind: 'clientGone', clientId }, (error) => log(`Could not tell the bus a window closed: ${error}`));
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const target = worker;
      answerAllPending(fail('INTERNAL', STOPPED_MESSAGE));
      if (target) {
        const exited = new Promise<void>((resolve) => target.once('exit', () => resolve()));
        post(target, { kind: 'shutdown' }, (error) => log(`Could not ask the bus worker to shut down: ${error}`));
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), stopTimeoutMs);
        });
        const outcome = await Promise.race([exited.then(() => 'exited' as const), timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          log(`The bus worker did not shut down within ${stopTimeoutMs} ms; terminating it.`);
          await target.terminate();
        }
      }
      worker = null;
      setStatus({ state: 'stopped', since: Date.now() });
    })();
    return stopping;
  };

  launch();

  const thread = {
    request,
    clientGone,
    onDidEmit(listener: (message: BusToHostMessage) => void) {
      emitListeners.add(listener);
      return () => void emitListeners.delete(listener);
    },
    onDidChangeStatus(listener: (status: BusThreadStatus) => void) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    status: () => current,
    stop,
  };
  return thread as BusThread;
}

function post(target: Worker, message: HostToBusWorkerMessage, onError: (detail: string) => void): void {
  try {
    target.postMessage(message);
  } catch (error) {
    onError(error instanceof Error ? error.message : String(error));
  }
}

function callSafely(call: () => void, log: (line: string) => void): void {
  try {
    call();
  } catch (error) {
    log(`A bus listener threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
