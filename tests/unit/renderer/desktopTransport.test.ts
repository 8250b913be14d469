import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeBusMessage } from '../../../src/shared/busMessageCodec';
import type { BusEvent, BusFrame, PreloadApi } from '../../../src/shared/contract';
import { ok } from '../../../src/shared/result';
import { desktopApi } from '../../../src/renderer/src/transport/desktopTransport';

/** window.labwire as the preload gives it: frames as bytes, one subscription per listener. */
class FakePreload implements PreloadApi {
  readonly byteListeners = new Set<(bytes: Uint8Array) => void>();
  readonly eventListeners = new Set<(event: BusEvent) => void>();
  readonly requests: unknown[][] = [];
  async request(method: string, params: unknown): Promise<never> {
    this.requests.push([method, params]);
    return ok({ answered: method }) as never;
  }
  onDidReceiveEvent(listener: (event: BusEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }
  onDidReceiveFrameBytes(listener: (bytes: Uint8Array) => void): () => void {
    this.byteListeners.add(listener);
    return () => this.byteListeners.delete(listener);
  }
  emitBytes(bytes: Uint8Array): void {
    for (const listener of this.byteListeners) listener(bytes);
  }
}

const PLOT_FRAME: BusFrame = {
  kind: 'plot',
  plotId: 'plot-1',
  profileId: 'p1',
  seq: 4,
  at: 1_700_000_000_000,
  replaceFrom: null,
  keepFrom: 1_699_999_990,
  seriesNames: ['Ch1'],
  x: new Float64Array([1_700_000_000.004, 1_700_000_000.008]),
  ys: [new Float32Array([1.5, Number.NaN])],
  isDecimated: false,
  stats: { nominalRateHz: 250, actualRateHz: 250, samples: 2, gaps: 0, late: 0, overwritten: 0 },
  newestPublishedAt: null,
  buildMs: 0.2,
};

test('desktop transport: frames are decoded once for every listener, typed arrays intact; unreadable bytes reach nobody', (t) => {
  t.mock.method(console, 'error', () => undefined);
  const preload = new FakePreload();
  const api = desktopApi(preload);
  const first: BusFrame[] = [];
  const second: BusFrame[] = [];
  const stopFirst = api.onDidReceiveFrame((frame) => first.push(frame));
  const stopSecond = api.onDidReceiveFrame((frame) => second.push(frame));
  const subscriptionsWhileBoth = preload.byteListeners.size;
  preload.emitBytes(encodeBusMessage({ kind: 'frame', frame: PLOT_FRAME }));
  preload.emitBytes(new Uint8Array([1, 2, 3]));
  stopFirst();
  const subscriptionsWithOne = preload.byteListeners.size;
  stopSecond();
  assert.deepStrictEqual(
    {
      first,
      sameObject: first[0] === second[0],
      subscriptionsWhileBoth,
      subscriptionsWithOne,
      subscriptionsAfter: preload.byteListeners.size,
      isFloat32: first[0]?.kind === 'plot' && first[0].ys[0] instanceof Float32Array,
    },
    { first: [PLOT_FRAME], sameObject: true, subscriptionsWhileBoth: 1, subscriptionsWithOne: 1, subscriptionsAfter: 0, isFloat32: true },
  );
});

test('desktop transport: requests and events pass through to the preload', async () => {
  const preload = new FakePreload();
  const api = desktopApi(preload);
  const events: BusEvent[] = [];
  api.onDidReceiveEvent((event) => events.push(event));
  const event: BusEvent = { type: 'localRedis:status', status: { state: 'stopped' } };
  for (const listener of preload.eventListeners) listener(event);
  const answer = await api.request('system:hello', {});
  assert.deepStrictEqual({ events, answer, requests: preload.requests }, { events: [event], answer: ok({ answered: 'system:hello' }), requests: [['system:hello', {}]] });
});
