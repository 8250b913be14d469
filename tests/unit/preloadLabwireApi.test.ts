import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLabwireApi, exposeLabwireApi, type ContextBridgeLike, type IpcRendererLike } from '../../src/preload/labwireApi';
import { IPC_CHANNELS, type BusEvent, type BusFrame } from '../../src/shared/contract';
import { fail, ok } from '../../src/shared/result';
import { fakePlotFrame } from '../support/fakeBusCore';
import { encodeBusMessage } from '../../src/shared/busMessageCodec';

type IpcListener = (event: unknown, payload: unknown) => void;

/** An ipcRenderer stand-in whose event object carries a `sender`, as Electron's does. */
class FakeIpcRenderer implements IpcRendererLike {
  readonly invocations: unknown[][] = [];
  readonly sent: unknown[][] = [];
  readonly listeners = new Map<string, IpcListener[]>();
  readonly fakeEvent = { sender: this, senderId: 0, ports: [] };
  constructor(private readonly reply: (...args: unknown[]) => Promise<unknown> = async () => ok('pong')) {}
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push([channel, ...args]);
    return this.reply(channel, ...args);
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  on(channel: string, listener: IpcListener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: IpcListener): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((candidate) => candidate !== listener));
    return this;
  }
  emit(channel: string, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(this.fakeEvent, payload);
  }
  count(channel: string): number {
    return this.listeners.get(channel)?.length ?? 0;
  }
}

class FakeContextBridge implements ContextBridgeLike {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(apiKey: string, api: unknown): void {
    this.exposed.set(apiKey, api);
  }
}

const EVENT: BusEvent = { type: 'localRedis:status', status: { state: 'stopped' } };
const FRAME: BusFrame = fakePlotFrame(new Float64Array([1_700_000_000.004, 1_700_000_000.008]), [new Float32Array([1.5, NaN])]);
const FRAME_BYTES = encodeBusMessage({ kind: 'frame', frame: FRAME });

describe('preload API', () => {
  test('exposes exactly request, onDidReceiveEvent and onDidReceiveFrameBytes as window.labwire', () => {
    const bridge = new FakeContextBridge();
    exposeLabwireApi(bridge, new FakeIpcRenderer());
    const api = bridge.exposed.get('labwire') as Record<string, unknown>;
    assert.deepStrictEqual(
      { names: [...bridge.exposed.keys()], keys: Object.keys(api).sort(), types: Object.values(api).map((value) => typeof value) },
      { names: ['labwire'], keys: ['onDidReceiveEvent', 'onDidReceiveFrameBytes', 'request'], types: ['function', 'function', 'function'] },
    );
  });

  test('listeners receive the payload only, never the IPC event', () => {
    const ipc = new FakeIpcRenderer();
    const api = createLabwireApi(ipc);
    const received: unknown[][] = [];
    api.onDidReceiveEvent((...args: unknown[]) => received.push(['event', ...args]));
    api.onDidReceiveFrameBytes((...args: unknown[]) => received.push(['frame', ...args]));
    ipc.emit(IPC_CHANNELS.event, EVENT);
    ipc.emit(IPC_CHANNELS.frame, FRAME_BYTES);
    assert.deepStrictEqual(received, [
      ['event', EVENT],
      ['frame', FRAME_BYTES],
    ]);
  });

  test('frames reach the page as the bytes the bus wrote; a payload that is not bytes reaches nobody', () => {
    const ipc = new FakeIpcRenderer();
    const api = createLabwireApi(ipc);
    const received: unknown[] = [];
    api.onDidReceiveFrameBytes((bytes) => received.push(bytes));
    ipc.emit(IPC_CHANNELS.frame, FRAME_BYTES);
    ipc.emit(IPC_CHANNELS.frame, { kind: 'plot' });
    assert.deepStrictEqual(received, [FRAME_BYTES]);
  });

  test('channel names the preload uses are the contract\'s', () => {
    const ipc = new FakeIpcRenderer();
    const api = createLabwireApi(ipc);
    api.onDidReceiveEvent(() => undefined);
    void api.request('system:hello', {});
    ipc.emit(IPC_CHANNELS.frame, FRAME_BYTES);
    assert.deepStrictEqual(
      { listening: [...ipc.listeners.keys()].sort(), invoked: ipc.invocations.map(([channel]) => channel), sent: ipc.sent.map(([channel]) => channel) },
      { listening: [IPC_CHANNELS.event, IPC_CHANNELS.frame].sort(), invoked: [IPC_CHANNELS.request], sent: [IPC_CHANNELS.frameAck] },
    );
  });

  test('unsubscribe removes the listener, and the IPC listener once none is left', () => {
    const ipc = new FakeIpcRenderer();
    const api = createLabwireApi(ipc);
    const first: unknown[] = [];
    const second: unknown[] = [];
    const unsubscribeFirst = api.onDidReceiveEvent((event) => first.push(event));
    const unsubscribeSecond = api.onDidReceiveEvent((event) => second.push(event));
    const whileBoth = ipc.count(IPC_CHANNELS.event);
    ipc.emit(IPC_CHANNELS.event, EVENT);
    unsubscribeFirst();
    unsubscribeFirst();
    ipc.emit(IPC_CHANNELS.event, EVENT);
    unsubscribeSecond();
    ipc.emit(IPC_CHANNELS.event, EVENT);
    assert.deepStrictEqual(
      { whileBoth, after: ipc.count(IPC_CHANNELS.event), first: first.length, second: second.length },
      { whileBoth: 1, after: 0, first: 1, second: 2 },
    );
  });

  test('every frame that arrives as bytes is acknowledged with its length once handed over, with or without a listener', () => {
    const ipc = new FakeIpcRenderer();
    const api = createLabwireApi(ipc);
    const readable = FRAME_BYTES;
    ipc.emit(IPC_CHANNELS.frame, readable);
    const unsubscribe = api.onDidReceiveFrameBytes(() => undefined);
    ipc.emit(IPC_CHANNELS.frame, new Uint8Array([1, 2, 3]));
    unsubscribe();
    ipc.emit(IPC_CHANNELS.frame, readable);
    assert.deepStrictEqual(
      { sent: ipc.sent, attached: ipc.count(IPC_CHANNELS.frame) },
      {
        sent: [
          [IPC_CHANNELS.frameAck, readable.byteLength],
          [IPC_CHANNELS.frameAck, 3],
          [IPC_CHANNELS.frameAck, readable.byteLength],
        ],
        attached: 1,
      },
    );
  });

  test("one listener's exception does not stop the others", (t) => {
    t.mock.method(console, 'error', () => undefined);
    const ipc = new FakeIpcRenderer();
    const api = createLabwireApi(ipc);
    const received: unknown[] = [];
    api.onDidReceiveFrameBytes(() => {
      throw new Error('plot disposed');
    });
    api.onDidReceiveFrameBytes((bytes) => received.push(bytes));
    ipc.emit(IPC_CHANNELS.frame, FRAME_BYTES);
    assert.deepStrictEqual(received, [FRAME_BYTES]);
  });

  test('request invokes the request channel with method and params and returns the Result', async () => {
    const ipc = new FakeIpcRenderer(async () => ok({ id: 'p1' }));
    const result = await createLabwireApi(ipc).request('profiles:delete', { id: 'p1' });
    assert.deepStrictEqual({ result, invocations: ipc.invocations }, {
      result: ok({ id: 'p1' }),
      invocations: [[IPC_CHANNELS.request, 'profiles:delete', { id: 'p1' }]],
    });
  });

  test('a rejected invoke or an unreadable answer becomes an INTERNAL Result, never a throw', async () => {
    const rejecting = createLabwireApi(new FakeIpcRenderer(() => Promise.reject(new Error("No handler registered for 'labwire:request'"))));
    const garbled = createLabwireApi(new FakeIpcRenderer(async () => 'not a result'));
    const failing = createLabwireApi(new FakeIpcRenderer(async () => fail('NOPERM', 'No permission.')));
    const results = [
      await rejecting.request('system:hello', {}),
      await garbled.request('system:hello', {}),
      await failing.request('system:hello', {}),
    ];
    assert.deepStrictEqual(
      results.map((result) => (result.ok ? 'ok' : result.error.code)),
      ['INTERNAL', 'INTERNAL', 'NOPERM'],
    );
  });
});
