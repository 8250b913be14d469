/**
 * A stand-in for BusCore (not Redis): answers system:hello and a few fake:*
 * methods that let transport tests echo, emit (plot frames with transferred
 * buffers too), stall, throw and crash.
 * Used inline (FakeBusThread) and on a real worker (fakeBusWorker.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BusThread, BusThreadStatus } from '../../src/bus/busThread';
import type { BusRequestHandler, BusWorkerData } from '../../src/bus/busWorkerData';
import type { BusEmit } from '../../src/bus/busWorkerLoop';
import { HOST_CLIENT_ID, type BusToHostMessage, type ClientId, type HelloInfo } from '../../src/shared/contract';
import type { PlotFrame } from '../../src/shared/plots';
import { fail, ok, type Result } from '../../src/shared/result';

/** Written into the data folder when the fake core is disposed, so tests can see a clean shutdown from outside the worker. */
export const FAKE_DISPOSED_MARKER = 'fake-core-disposed';

/** Params of fake:emitPlotFrame: the columns to send, and how to hand their buffers to emit. */
export interface FakePlotFrameRequest {
  x: number[];
  ys: number[][];
  /** List the columns' buffers in emit's transfer list (moved), or not (copied). */
  shouldTransfer: boolean;
  /** List each buffer twice, as a careless core might. */
  shouldListTwice?: boolean;
}

/** What fake:emitPlotFrame answers: the byteLength of each column on the sending side after emit returned. */
export interface FakePlotFrameResult {
  senderByteLengths: number[];
}

export const FAKE_PLOT_ID = 'fake-plot';

/** The PlotFrame fake:emitPlotFrame sends for these columns. */
export function fakePlotFrame(x: Float64Array, ys: Float32Array[]): PlotFrame {
  return {
    kind: 'plot',
    plotId: FAKE_PLOT_ID,
    profileId: 'fake-profile',
    seq: 1,
    at: 1_700_000_000_000,
    replaceFrom: null,
    keepFrom: 0,
    seriesNames: ys.map((_, index) => `Ch${index + 1}`),
    x,
    ys,
    isDecimated: false,
    stats: { nominalRateHz: 250, actualRateHz: 250, samples: x.length, gaps: 0, late: 0, overwritten: 0 },
    newestPublishedAt: null,
    buildMs: 0,
  };
}

export interface FakeBusCoreOptions {
  /** Milliseconds dispose() takes; Infinity never finishes. */
  disposeDelayMs?: number;
}

export class FakeBusCore implements BusRequestHandler {
  /** Plots opened through this fake and not closed yet. */
  readonly openPlotIds = new Set<string>();
  /** Who opened each open plot, by the client id the host gave. */
  readonly plotOwners = new Map<string, ClientId>();
  /** Every client id a request arrived with, in order. */
  readonly requestClientIds: ClientId[] = [];
  /** Every releaseClient call, in order. */
  readonly releasedClientIds: ClientId[] = [];
  private plotCount = 0;

  constructor(
    private readonly data: BusWorkerData,
    private readonly emit: BusEmit,
    private readonly options: FakeBusCoreOptions = {},
  ) {}

  async handle(method: unknown, params: unknown, clientId: ClientId = HOST_CLIENT_ID): Promise<Result<unknown>> {
    this.requestClientIds.push(clientId);
    switch (method) {
      case 'system:hello':
        return ok<HelloInfo>({
          appVersion: this.data.appVersion,
          host: this.data.host,
          dataDir: this.data.dataDir,
          secretStorage: { state: 'unavailable', reason: 'fake core' },
          localRedis: { state: 'unavailable', reason: 'fake core' },
        });
      case 'fake:echo':
        return ok(params);
      case 'plots:open': {
        const plotId = `fake-plot-${++this.plotCount}`;
        this.openPlotIds.add(plotId);
        this.plotOwners.set(plotId, clientId);
        return ok({ plotId });
      }
      case 'plots:close':
        this.closePlot((params as { plotId: string }).plotId);
        return ok(params);
      case 'fake:whoAmI':
        return ok(clientId);
      case 'fake:ownership':
        return ok({ plotOwners: Object.fromEntries(this.plotOwners), released: this.releasedClientIds });
      case 'fake:emit':
        this.emit(params as BusToHostMessage);
        return ok('emitted');
      case 'fake:emitPlotFrame': {
        const request = params as FakePlotFrameRequest;
        const x = new Float64Array(request.x);
        const ys = request.ys.map((column) => new Float32Array(column));
        const buffers = [x.buffer, ...ys.map((column) => column.buffer)];
        const transfer = request.shouldTransfer ? (request.shouldListTwice ? [...buffers, ...buffers] : buffers) : undefined;
        this.emit({ kind: 'frame', frame: fakePlotFrame(x, ys) }, transfer);
        return ok<FakePlotFrameResult>({ senderByteLengths: [x.byteLength, ...ys.map((column) => column.byteLength)] });
      }
      case 'fake:wait':
        await new Promise((resolve) => setTimeout(resolve, Number(params)));
        return ok('waited');
      case 'fake:throwLater':
        setTimeout(() => {
          throw new Error('a stray exception in a timer');
        }, 1);
        void Promise.reject(new Error('a stray rejection'));
        return ok('thrown later');
      case 'fake:exit':
        // Only meaningful on a worker: ends the worker thread as a crash would.
        setTimeout(() => process.exit(7), 1);
        return new Promise(() => undefined);
      default:
        return fail('INVALID', `The fake core does not know ${String(method)}.`);
    }
  }

  /** Closes the plots the client opened, as BusCore's ClientResources does. */
  releaseClient(clientId: ClientId): void {
    this.releasedClientIds.push(clientId);
    for (const [plotId, owner] of [...this.plotOwners]) if (owner === clientId) this.closePlot(plotId);
  }

  private closePlot(plotId: string): void {
    this.openPlotIds.delete(plotId);
    this.plotOwners.delete(plotId);
  }

  async dispose(): Promise<void> {
    const delayMs = this.options.disposeDelayMs ?? 0;
    if (delayMs === Infinity) await new Promise(() => undefined);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    writeFileSync(join(this.data.dataDir, FAKE_DISPOSED_MARKER), 'disposed');
  }
}

/** A BusThread without a thread: the serve host's tests drive it directly. */
export class FakeBusThread {
  readonly core: FakeBusCore;
  readonly workerData: BusWorkerData;
  isStopped = false;
  private readonly listeners = new Set<(message: BusToHostMessage) => void>();

  constructor(workerData: BusWorkerData) {
    this.workerData = workerData;
    this.core = new FakeBusCore(workerData, (message) => this.emit(message));
  }

  /** Sends an event or frame as the bus would. */
  emit(message: BusToHostMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  asBusThread(): BusThread {
    const thread = {
      request: (method: string, params: unknown, clientId: ClientId = HOST_CLIENT_ID) =>
        this.isStopped ? Promise.resolve(fail('INTERNAL', 'stopped')) : this.core.handle(method, params, clientId),
      clientGone: (clientId: ClientId) => {
        if (!this.isStopped) this.core.releaseClient(clientId);
      },
      onDidEmit: (listener: (message: BusToHostMessage) => void) => {
        this.listeners.add(listener);
        return () => void this.listeners.delete(listener);
      },
      onDidChangeStatus: () => () => undefined,
      status: (): BusThreadStatus => (this.isStopped ? { state: 'stopped', since: 0 } : { state: 'running', since: 0, restarts: 0 }),
      stop: async () => {
        this.isStopped = true;
        await this.core.dispose();
      },
    };
    return thread as BusThread;
  }
}
