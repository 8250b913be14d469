/**
 * Frames from the bus worker to the host thread: a real worker (the tsx
 * bootstrap) running the real worker loop with a FakeBusCore that emits plot
 * frames. Typed-array buffers listed for transfer move: the host gets typed
 * arrays with the values, the worker's arrays are left detached.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBusThread, type BusThread } from '../../src/bus/busThread';
import type { BusFrame } from '../../src/shared/contract';
import { fakePlotFrame, type FakePlotFrameRequest } from '../support/fakeBusCore';
import type { FakeBusWorkerData } from '../support/fakeBusWorker';

const FAKE_WORKER_URL = new URL('../support/fakeBusWorker.ts', import.meta.url);

const X = [1_700_000_000.004, 1_700_000_000.008, 1_700_000_000.012];
const YS = [
  [1.5, NaN, -2.25],
  [0, 3, 4],
];

describe('frame transport from the bus worker', () => {
  let dataDir: string;
  let thread: BusThread;
  const frames: BusFrame[] = [];
  const logLines: string[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'labwire-frames-'));
    const workerData: FakeBusWorkerData = { host: 'serve', appVersion: '9.9.9', dataDir, keySource: { kind: 'keyFile' } };
    thread = startBusThread({ workerUrl: FAKE_WORKER_URL, workerData, log: (line) => logLines.push(line) });
    thread.onDidEmit((message) => {
      if (message.kind === 'frame') frames.push(message.frame);
    });
  });
  after(async () => {
    await thread.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Sends one plot frame from the worker; the frame is posted before the answer, so it has arrived when this resolves. */
  async function emitPlotFrame(request: FakePlotFrameRequest): Promise<{ frame: BusFrame | undefined; answer: unknown }> {
    frames.length = 0;
    const answer = await thread.request('fake:emitPlotFrame', request);
    return { frame: frames[0], answer };
  }

  const expectedFrame = fakePlotFrame(new Float64Array(X), YS.map((column) => new Float32Array(column)));

  test('transferred columns arrive as Float64Array and Float32Array with their values, and the sender is left with detached buffers', async () => {
    const outcome = await emitPlotFrame({ x: X, ys: YS, shouldTransfer: true });
    assert.deepStrictEqual(outcome, { frame: expectedFrame, answer: { ok: true, value: { senderByteLengths: [0, 0, 0] } } });
  });

  test('without a transfer list the columns are copied and the sender keeps them', async () => {
    const outcome = await emitPlotFrame({ x: X, ys: YS, shouldTransfer: false });
    assert.deepStrictEqual(outcome, { frame: expectedFrame, answer: { ok: true, value: { senderByteLengths: [24, 12, 12] } } });
  });

  test('a buffer listed twice is moved once, not refused', async () => {
    const outcome = await emitPlotFrame({ x: X, ys: YS, shouldTransfer: true, shouldListTwice: true });
    assert.deepStrictEqual(
      { ...outcome, logLines },
      { frame: expectedFrame, answer: { ok: true, value: { senderByteLengths: [0, 0, 0] } }, logLines: [] },
    );
  });
});
