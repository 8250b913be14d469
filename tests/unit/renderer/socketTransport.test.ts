import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BusEvent, BusFrame, HostToBusMessage } from '../../../src/shared/contract';
import { encodeFrame } from '../../../src/shared/frameCodec';
import type { LinkState } from '../../../src/renderer/src/transport/linkState';
import { SocketTransport, type SocketHandlers } from '../../../src/renderer/src/transport/socketTransport';

/** Stands in for the browser's WebSocket: the test opens, answers and closes it by hand. */
class FakeSocket {
  readonly sent: HostToBusMessage[] = [];
  isClosedByClient = false;
  constructor(readonly handlers: SocketHandlers) {}
  send(text: string): void {
    this.sent.push(JSON.parse(text) as HostToBusMessage);
  }
  close(): void {
    this.isClosedByClient = true;
  }
  answer(id: number, value: unknown): void {
    this.handlers.onMessage(JSON.stringify({ kind: 'response', id, result: { ok: true, value } }));
  }
}

/** Timers that run only when the test says so. */
class FakeTimers {
  readonly scheduled: { callback: () => void; delayMs: number }[] = [];
  setTimer = (callback: () => void, delayMs: number): unknown => {
    this.scheduled.push({ callback, delayMs });
    return this.scheduled.length;
  };
  runNext(): void {
    const next = this.scheduled.shift();
    assert.ok(next, 'a timer was scheduled');
    next.callback();
  }
}

const NOW = 1_000_000;

function setUp(isRefusedByHost = false) {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const transport = new SocketTransport({
    openSocket: (handlers) => {
      const socket = new FakeSocket(handlers);
      sockets.push(socket);
      return socket;
    },
    isRefusedByHost: async () => isRefusedByHost,
    setTimer: timers.setTimer,
    clearTimer: () => undefined,
    now: () => NOW,
    random: () => 0.5,
  });
  const links: LinkState[] = [];
  transport.onDidChangeLinkState((state) => links.push(state));
  transport.start();
  const socketAt = (index: number): FakeSocket => {
    const socket = sockets[index];
    assert.ok(socket, `socket ${index} was opened`);
    return socket;
  };
  return { transport, sockets, socketAt, timers, links };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the WebSocket transport', () => {
  test('requests made before the socket opens are sent once it does, and answered by id', async () => {
    const { transport, socketAt } = setUp();
    const profiles = transport.request('profiles:list', {});
    const hello = transport.request('connection:states', {});
    const socket = socketAt(0);
    assert.deepStrictEqual(socket.sent, []);
    socket.handlers.onOpen();
    socket.answer(2, { a: { state: 'idle' } });
    socket.answer(1, []);
    assert.deepStrictEqual(
      { sent: socket.sent, results: await Promise.all([profiles, hello]) },
      {
        sent: [
          { kind: 'request', id: 1, method: 'profiles:list', params: {} },
          { kind: 'request', id: 2, method: 'connection:states', params: {} },
        ],
        results: [
          { ok: true, value: [] },
          { ok: true, value: { a: { state: 'idle' } } },
        ],
      },
    );
  });

  test('a dropped socket fails pending requests in words, then reconnects with backoff', async () => {
    const { transport, socketAt, timers, links } = setUp();
    socketAt(0).handlers.onOpen();
    const pending = transport.request('profiles:list', {});
    socketAt(0).handlers.onClose(1006);
    const whileDown = await transport.request('profiles:list', {});
    timers.runNext();
    socketAt(1).handlers.onOpen();
    assert.deepStrictEqual(
      { pending: await pending, whileDown, links, delays: timers.scheduled },
      {
        pending: { ok: false, error: { code: 'CONNECTION_LOST', message: 'The console lost its link to the Labwire server. Reconnecting…' } },
        whileDown: { ok: false, error: { code: 'CONNECTION_LOST', message: 'The console lost its link to the Labwire server. Reconnecting…' } },
        links: [{ state: 'connected' }, { state: 'reconnecting', attempt: 1, nextRetryAt: NOW + 500 }, { state: 'connected' }],
        delays: [],
      },
    );
  });

  test('a page the host refuses stops retrying and says which link to open', async () => {
    const { transport, socketAt, timers, links } = setUp(true);
    const queued = transport.request('profiles:list', {});
    socketAt(0).handlers.onClose(1006);
    await flush();
    const message = 'This page needs the link printed by `npm run serve` (it carries an access token).';
    assert.deepStrictEqual(
      { queued: await queued, links, timers: timers.scheduled.length },
      {
        queued: { ok: false, error: { code: 'NOT_CONNECTED', message } },
        links: [{ state: 'unauthorized', message }],
        timers: 0,
      },
    );
  });

  test('a first attempt that fails for another reason keeps queued requests for the next socket', async () => {
    const { transport, socketAt, timers } = setUp(false);
    const queued = transport.request('profiles:list', {});
    socketAt(0).handlers.onClose(1006);
    await flush();
    timers.runNext();
    socketAt(1).handlers.onOpen();
    socketAt(1).answer(1, []);
    assert.deepStrictEqual(await queued, { ok: true, value: [] });
  });

  test('events reach listeners until they unsubscribe; unreadable messages are ignored', () => {
    const { transport, socketAt } = setUp();
    const received: BusEvent[] = [];
    const unsubscribe = transport.onDidReceiveEvent((event) => received.push(event));
    const socket = socketAt(0);
    socket.handlers.onOpen();
    const event: BusEvent = { type: 'connection:state', profileId: 'p1', state: { state: 'idle' } };
    socket.handlers.onMessage('not json');
    socket.handlers.onMessage(JSON.stringify({ kind: 'event', event }));
    unsubscribe();
    socket.handlers.onMessage(JSON.stringify({ kind: 'event', event }));
    assert.deepStrictEqual(received, [event]);
  });

  test('binary messages are frames, with their typed-array columns intact', () => {
    const { transport, socketAt } = setUp();
    const received: BusFrame[] = [];
    transport.onDidReceiveFrame((frame) => received.push(frame));
    socketAt(0).handlers.onOpen();
    // Only the fields the transport carries matter here; the codec passes the rest through untouched.
    const frame = { kind: 'plot', plotId: 'plot-1', profileId: 'p1', seq: 7, x: new Float64Array([1.5, 2.5]), ys: [new Float32Array([0.25, -1])] } as unknown as BusFrame;
    socketAt(0).handlers.onMessage(encodeFrame({ kind: 'frame', frame }));
    socketAt(0).handlers.onMessage(new Uint8Array([1, 2, 3]));
    assert.deepStrictEqual(received, [frame]);
  });

  test('a close code meaning "not allowed" makes the link unauthorized at once', () => {
    const { socketAt, transport } = setUp();
    socketAt(0).handlers.onOpen();
    socketAt(0).handlers.onClose(4401);
    assert.equal(transport.currentLinkState().state, 'unauthorized');
  });
});
