/**
 * The whole data path of the serve host: a plot frame built on a real bus
 * worker (FakeBusCore behind the real worker loop), moved to the host thread,
 * encoded once by the WebSocket gateway and read by two browser-like clients
 * the way the renderer reads it (ArrayBuffer, decodeFrame).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBusThread } from '../../src/bus/busThread';
import { startServeHost, type ServeHost } from '../../src/serve/serveHost';
import { SERVE_WEBSOCKET_PATH, type BusToHostMessage } from '../../src/shared/contract';
import { fakePlotFrame, type FakePlotFrameRequest } from '../support/fakeBusCore';
import { openSocket, SocketInbox } from '../support/serveClient';
import type { WebSocket } from 'ws';

const FAKE_WORKER_URL = new URL('../support/fakeBusWorker.ts', import.meta.url);

describe('frame transport from the bus worker to the browser', () => {
  let root: string;
  let host: ServeHost;
  const sockets: WebSocket[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'labwire-frame-serve-'));
    await mkdir(join(root, 'renderer'), { recursive: true });
    await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>Labwire test</title>');
    host = await startServeHost({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(root, 'data'),
      rendererDir: join(root, 'renderer'),
      appVersion: '1.2.3',
      startBus: (workerData) => startBusThread({ workerUrl: FAKE_WORKER_URL, workerData }),
    });
  });

  after(async () => {
    for (const socket of sockets) socket.terminate();
    await host?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function openBrowserLike(): Promise<SocketInbox> {
    const outcome = await openSocket(`ws://127.0.0.1:${host.port}${SERVE_WEBSOCKET_PATH}`, {
      cookie: `labwire_token_${host.port}=${host.token}`,
      origin: `http://127.0.0.1:${host.port}`,
    });
    if (outcome.state !== 'open') throw new Error(`The WebSocket was refused with ${outcome.status}.`);
    sockets.push(outcome.socket);
    return new SocketInbox(outcome.socket);
  }

  test('a plot frame transferred out of the worker reaches every browser as typed arrays with its values', async () => {
    const first = await openBrowserLike();
    const second = await openBrowserLike();
    const request: FakePlotFrameRequest = { x: [1_700_000_000.004, 1_700_000_000.008, 1_700_000_000.012], ys: [[1.5, 0.5, -2.25], [0, 3, 4]], shouldTransfer: true };
    first.socket.send(JSON.stringify({ kind: 'request', id: 1, method: 'fake:emitPlotFrame', params: request }));
    const isFrame = (message: BusToHostMessage): boolean => message.kind === 'frame';
    const expected = fakePlotFrame(new Float64Array(request.x), request.ys.map((column) => new Float32Array(column)));
    assert.deepStrictEqual(
      { first: await first.next(isFrame), second: await second.next(isFrame), answer: await first.response(1), arrivals: second.arrivals },
      {
        first: { kind: 'frame', frame: expected },
        second: { kind: 'frame', frame: expected },
        answer: { kind: 'response', id: 1, result: { ok: true, value: { senderByteLengths: [0, 0, 0] } } },
        arrivals: [{ kind: 'frame', isBinary: true }],
      },
    );
  });
});
