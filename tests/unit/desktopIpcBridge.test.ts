import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createRequestHandler,
  forwardBusMessage,
  registerFrameAckHandler,
  REFUSED_SENDER_MESSAGE,
  type BusRequestTarget,
  type FrameLike,
  type InvokeEventLike,
  type WindowContentsLike,
} from '../../src/main/desktop/ipcBridge';
import type { RendererLocation } from '../../src/main/desktop/rendererLocation';
import { WindowFrameFlow } from '../../src/main/desktop/windowFrameFlow';
import { decodeBusMessage, encodeBusMessage } from '../../src/shared/busMessageCodec';
import { IPC_CHANNELS, type BusFrame, type BusToHostMessage, type RequestMethod } from '../../src/shared/contract';
import { BACKLOG_DROP_REASON, FRAME_DROP_PENDING_BYTES } from '../../src/shared/frameBacklog';
import { fail, ok, type Result } from '../../src/shared/result';
import { fakePlotFrame } from '../support/fakeBusCore';

const APP_URL = 'labwire://app/index.html';
const APP_LOCATION: RendererLocation = { kind: 'appScheme', url: APP_URL, origin: 'labwire://app', rootPath: '/opt/Labwire/resources/app.asar/out/renderer' };
const DEV_LOCATION: RendererLocation = { kind: 'devServer', url: 'http://localhost:5173/', origin: 'http://localhost:5173' };

function frame(overrides: Partial<FrameLike> = {}): FrameLike {
  return { url: APP_URL, parent: null, processId: 4, routingId: 1, ...overrides };
}

class FakeWindowContents implements WindowContentsLike {
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  isDestroyedNow = false;
  constructor(
    readonly mainFrame: FrameLike = frame(),
    readonly id = 1,
  ) {}
  isDestroyed(): boolean {
    return this.isDestroyedNow;
  }
  /** Electron serializes IPC payloads with the structured clone algorithm; so does this fake. */
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload: structuredClone(payload) });
  }
}

class FakeBusThread implements BusRequestTarget {
  readonly calls: Array<{ method: RequestMethod; params: unknown }> = [];
  readonly clientIds: string[] = [];
  constructor(private readonly answer: (method: RequestMethod) => Promise<Result<unknown>> = async (method) => ok({ answered: method })) {}
  request(method: RequestMethod, params: unknown, clientId: string): Promise<Result<unknown>> {
    this.calls.push({ method, params });
    this.clientIds.push(clientId);
    return this.answer(method);
  }
}

function setup(options: { location?: RendererLocation; contents?: FakeWindowContents | null; bus?: FakeBusThread } = {}) {
  const contents = options.contents === undefined ? new FakeWindowContents() : options.contents;
  const bus = options.bus ?? new FakeBusThread();
  const handle = createRequestHandler({ bus, location: options.location ?? APP_LOCATION, getWindowContents: () => contents, clientIdOf: (contentsId) => `desktop:${contentsId}:1` });
  const eventFrom = (senderFrame: FrameLike | null, sender: { id: number } | null = contents): InvokeEventLike => ({ sender, senderFrame });
  return { contents, bus, handle, eventFrom };
}

describe('IPC request handler: sender check', () => {
  test("accepts our window's main frame showing our page (any hash) and forwards to the bus", async () => {
    const { handle, eventFrom, bus } = setup();
    const result = await handle(eventFrom(frame({ url: `${APP_URL}#/streams` })), 'connection:open', { profileId: 'p1' });
    assert.deepStrictEqual({ result, calls: bus.calls, clientIds: bus.clientIds }, {
      result: ok({ answered: 'connection:open' }),
      calls: [{ method: 'connection:open', params: { profileId: 'p1' } }],
      clientIds: ['desktop:1:1'],
    });
  });

  test('accepts the dev-server origin in development', async () => {
    const contents = new FakeWindowContents(frame({ url: 'http://localhost:5173/' }));
    const { handle, eventFrom } = setup({ location: DEV_LOCATION, contents });
    assert.deepStrictEqual(await handle(eventFrom(frame({ url: 'http://localhost:5173/index.html' })), 'system:hello', {}), ok({ answered: 'system:hello' }));
  });

  test('refuses another URL, a subframe, a missing frame, another process, another window and no window', async () => {
    const refused = fail('INVALID', REFUSED_SENDER_MESSAGE);
    const stranger = new FakeWindowContents(frame(), 2);
    const cases: Array<[string, ReturnType<typeof setup>, InvokeEventLike]> = [];
    const ours = setup();
    cases.push(['remote page', ours, ours.eventFrom(frame({ url: 'https://evil.example/index.html' }))]);
    cases.push(['other local file', ours, ours.eventFrom(frame({ url: 'file:///tmp/index.html' }))]);
    cases.push(['our own page over file://', ours, ours.eventFrom(frame({ url: 'file:///opt/Labwire/resources/app.asar/out/renderer/index.html' }))]);
    cases.push(['another host of our scheme', ours, ours.eventFrom(frame({ url: 'labwire://evil/index.html' }))]);
    cases.push(['our scheme with a port', ours, ours.eventFrom(frame({ url: 'labwire://app:8080/index.html' }))]);
    cases.push(['our scheme with a user', ours, ours.eventFrom(frame({ url: 'labwire://user@app/index.html' }))]);
    cases.push(['subframe', ours, ours.eventFrom(frame({ parent: frame(), routingId: 7 }))]);
    cases.push(['subframe claiming the main ids', ours, ours.eventFrom(frame({ parent: frame() }))]);
    cases.push(['missing frame', ours, ours.eventFrom(null)]);
    cases.push(['frame of another process', ours, ours.eventFrom(frame({ processId: 9 }))]);
    cases.push(['another webContents', ours, ours.eventFrom(frame(), stranger)]);
    const dev = setup({ location: DEV_LOCATION, contents: new FakeWindowContents(frame({ url: 'http://localhost:5173/' })) });
    cases.push(['other dev port', dev, dev.eventFrom(frame({ url: 'http://localhost:5174/' }))]);
    const destroyed = new FakeWindowContents();
    destroyed.isDestroyedNow = true;
    const gone = setup({ contents: destroyed });
    cases.push(['destroyed window', gone, gone.eventFrom(frame())]);
    const none = setup({ contents: null });
    cases.push(['no window', none, none.eventFrom(frame(), null)]);

    const outcomes = await Promise.all(cases.map(async ([name, s, event]) => [name, await s.handle(event, 'system:hello', {}), s.bus.calls.length]));
    assert.deepStrictEqual(outcomes, cases.map(([name]) => [name, refused, 0]));
  });
});

describe('IPC request handler: validation and errors', () => {
  test('unknown method and malformed params are INVALID and never reach the bus', async () => {
    const { handle, eventFrom, bus } = setup();
    const results = [
      await handle(eventFrom(frame()), 'redis:flushall', {}),
      await handle(eventFrom(frame()), 42, {}),
      await handle(eventFrom(frame()), 'connection:open', { profileId: 7 }),
      await handle(eventFrom(frame()), 'connection:open', { profileId: 'p1', extra: true }),
      await handle(eventFrom(frame()), 'profiles:delete', 'p1'),
    ];
    assert.deepStrictEqual(
      { codes: results.map((result) => (result.ok ? 'ok' : result.error.code)), fields: results.map((result) => (result.ok ? null : result.error.field)), calls: bus.calls },
      { codes: ['INVALID', 'INVALID', 'INVALID', 'INVALID', 'INVALID'], fields: ['method', 'method', 'profileId', 'extra', 'params'], calls: [] },
    );
  });

  test('a bus that throws or rejects becomes INTERNAL, never a throw', async () => {
    const throwing = setup({ bus: new FakeBusThread(() => { throw new Error('worker gone'); }) });
    const rejecting = setup({ bus: new FakeBusThread(() => Promise.reject(new Error('port closed'))) });
    const results = [
      await throwing.handle(throwing.eventFrom(frame()), 'system:hello', {}),
      await rejecting.handle(rejecting.eventFrom(frame()), 'system:hello', {}),
    ];
    assert.deepStrictEqual(
      results.map((result) => (result.ok ? null : { code: result.error.code, detail: result.error.detail })),
      [
        { code: 'INTERNAL', detail: 'worker gone' },
        { code: 'INTERNAL', detail: 'port closed' },
      ],
    );
  });

  test('an event whose senderFrame getter throws is refused as an internal problem, not thrown', async () => {
    const { handle, contents } = setup();
    const event = {
      sender: contents,
      get senderFrame(): FrameLike | null {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    const result = await handle(event, 'system:hello', {});
    assert.deepStrictEqual(result.ok ? null : result.error.code, 'INTERNAL');
  });
});

describe('relay of bus messages to the window', () => {
  const frameMessage: BusFrame = {
    kind: 'feed',
    profileId: 'p1',
    seq: 3,
    at: 1_700_000_000_000,
    messages: [],
    gaps: [],
    lanes: [],
    channels: [],
    history: { heldMessages: 0, heldBytes: 0, capacityMessages: 10_000, capacityBytes: 1_000_000, evicted: 0, oldestSeq: 1 },
    removedFromLanes: [],
    dropped: { 'byte-budget': 1 },
  };
  const plotMessage: BusFrame = fakePlotFrame(new Float64Array([1_700_000_000.004, 1_700_000_000.008, 1_700_000_000.012]), [
    new Float32Array([1.5, NaN, -2.25]),
    new Float32Array(0),
  ]);

  const newFlow = (log: string[] = []): WindowFrameFlow => new WindowFrameFlow((line) => log.push(line));
  /** What the window received on the frame channel, decoded as the preload decodes it. */
  const framesSent = (contents: FakeWindowContents): BusToHostMessage[] =>
    contents.sent.filter((sent) => sent.channel === IPC_CHANNELS.frame).map((sent) => decodeBusMessage(sent.payload as Uint8Array));

  test('events go to their channel, frames as bytes the preload decodes to the same frame; responses do not go to the window', () => {
    const contents = new FakeWindowContents();
    const flow = newFlow();
    const delivered = [
      forwardBusMessage({ kind: 'event', event: { type: 'localRedis:status', status: { state: 'stopped' } } }, contents, flow),
      forwardBusMessage({ kind: 'frame', frame: frameMessage }, contents, flow),
      forwardBusMessage({ kind: 'frame', frame: plotMessage }, contents, flow),
      forwardBusMessage({ kind: 'response', id: 1, result: ok(null) }, contents, flow),
    ];
    assert.deepStrictEqual(
      {
        delivered,
        channels: contents.sent.map((sent) => sent.channel),
        event: contents.sent[0]?.payload,
        frames: framesSent(contents),
        areBytes: contents.sent.slice(1).every((sent) => sent.payload instanceof Uint8Array),
      },
      {
        delivered: [true, true, true, false],
        channels: [IPC_CHANNELS.event, IPC_CHANNELS.frame, IPC_CHANNELS.frame],
        event: { type: 'localRedis:status', status: { state: 'stopped' } },
        // Typed-array columns survive as Float64Array/Float32Array: nothing on the way turned them into JSON.
        frames: [
          { kind: 'frame', frame: frameMessage },
          { kind: 'frame', frame: plotMessage },
        ],
        areBytes: true,
      },
    );
  });

  test('nothing is sent to a destroyed or missing window', () => {
    const destroyed = new FakeWindowContents();
    destroyed.isDestroyedNow = true;
    const flow = newFlow();
    assert.deepStrictEqual(
      [forwardBusMessage({ kind: 'frame', frame: frameMessage }, destroyed, flow), forwardBusMessage({ kind: 'frame', frame: frameMessage }, null, flow), destroyed.sent],
      [false, false, []],
    );
  });
});

describe('frame flow to the desktop window', () => {
  const feedFrame = (seq: number): BusFrame => ({
    kind: 'feed',
    profileId: 'p1',
    seq,
    at: 1_700_000_000_000 + seq,
    messages: [],
    gaps: [],
    lanes: [],
    channels: [],
    history: { heldMessages: 0, heldBytes: 0, capacityMessages: 10_000, capacityBytes: 1_000_000, evicted: 0, oldestSeq: 1 },
    removedFromLanes: [],
    dropped: {},
  });
  /** A plot frame of about 1 MiB, so two of them put the window past the limit. */
  const bigPlotFrame = (): BusFrame => fakePlotFrame(new Float64Array(128 * 1024), [new Float32Array(0)]);
  const encoded = (frame: BusFrame): BusToHostMessage => ({
    kind: 'encodedFrame',
    frameKind: frame.kind,
    profileId: frame.profileId,
    messageCount: 0,
    bytes: encodeBusMessage({ kind: 'frame', frame }),
  });

  test('past the limit of unacknowledged bytes frames are skipped; acknowledged bytes let them through, with the skipped feed frames counted', () => {
    const contents = new FakeWindowContents();
    const flow = new WindowFrameFlow(() => undefined);
    const sentBig = [forwardBusMessage(encoded(bigPlotFrame()), contents, flow), forwardBusMessage(encoded(bigPlotFrame()), contents, flow)];
    const outstandingAfterBig = flow.outstanding;
    const whileBehind = [forwardBusMessage(encoded(feedFrame(1)), contents, flow), forwardBusMessage(encoded(feedFrame(2)), contents, flow), forwardBusMessage(encoded(bigPlotFrame()), contents, flow)];
    flow.acknowledge(outstandingAfterBig);
    const afterAck = forwardBusMessage(encoded(feedFrame(3)), contents, flow);
    const lastSent = decodeBusMessage(contents.sent.at(-1)!.payload as Uint8Array);
    assert.deepStrictEqual(
      {
        sentBig,
        isPastLimit: outstandingAfterBig > FRAME_DROP_PENDING_BYTES,
        whileBehind,
        afterAck,
        framesSent: contents.sent.length,
        lastSeq: lastSent.kind === 'frame' ? lastSent.frame.seq : null,
        missedReported: lastSent.kind === 'frame' && lastSent.frame.kind === 'feed' ? lastSent.frame.dropped[BACKLOG_DROP_REASON] : null,
      },
      { sentBig: [true, true], isPastLimit: true, whileBehind: [false, false, false], afterAck: true, framesSent: 3, lastSeq: 3, missedReported: 2 },
    );
  });

  test('only whole positive byte counts are acknowledged, never more than was sent; a reloaded window owes nothing', () => {
    const contents = new FakeWindowContents();
    const flow = new WindowFrameFlow(() => undefined);
    forwardBusMessage(encoded(feedFrame(1)), contents, flow);
    const sent = flow.outstanding;
    for (const bogus of [-5, 0, 1.5, Number.NaN, '100', null, Number.POSITIVE_INFINITY]) flow.acknowledge(bogus);
    const afterBogus = flow.outstanding;
    flow.acknowledge(sent * 10);
    const afterOverAck = flow.outstanding;
    forwardBusMessage(encoded(bigPlotFrame()), contents, flow);
    forwardBusMessage(encoded(bigPlotFrame()), contents, flow);
    forwardBusMessage(encoded(bigPlotFrame()), contents, flow);
    const isBehind = !forwardBusMessage(encoded(feedFrame(2)), contents, flow);
    flow.reset();
    const afterReset = { outstanding: flow.outstanding, sends: forwardBusMessage(encoded(feedFrame(3)), contents, flow) };
    const last = decodeBusMessage(contents.sent.at(-1)!.payload as Uint8Array);
    assert.deepStrictEqual(
      { isPositive: sent > 0, afterBogus: afterBogus === sent, afterOverAck, isBehind, afterReset, lastDropped: last.kind === 'frame' && last.frame.kind === 'feed' ? last.frame.dropped : null },
      { isPositive: true, afterBogus: true, afterOverAck: 0, isBehind: true, afterReset: { outstanding: 0, sends: true }, lastDropped: {} },
    );
  });

  test('acknowledgements count only from our window\'s main frame showing our page', () => {
    const contents = new FakeWindowContents();
    const flow = new WindowFrameFlow(() => undefined);
    const listeners = new Map<string, (event: InvokeEventLike, byteLength: unknown) => void>();
    const ipcMain = {
      on: (channel: string, listener: (event: InvokeEventLike, byteLength: unknown) => void) => listeners.set(channel, listener),
      removeListener: (channel: string) => listeners.delete(channel),
    };
    const remove = registerFrameAckHandler(ipcMain as never, { flow, location: APP_LOCATION, getWindowContents: () => contents });
    forwardBusMessage(encoded(feedFrame(1)), contents, flow);
    const sent = flow.outstanding;
    const ack = listeners.get(IPC_CHANNELS.frameAck)!;
    ack({ sender: contents, senderFrame: frame({ url: 'https://evil.example/' }) }, sent);
    ack({ sender: { id: 99 }, senderFrame: frame() }, sent);
    const afterStrangers = flow.outstanding;
    ack({ sender: contents, senderFrame: frame() }, sent);
    const afterOurs = flow.outstanding;
    remove();
    assert.deepStrictEqual({ afterStrangers: afterStrangers === sent, afterOurs, listening: listeners.has(IPC_CHANNELS.frameAck) }, { afterStrangers: true, afterOurs: 0, listening: false });
  });
});
