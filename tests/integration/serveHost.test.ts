/**
 * The serve host in-process with a FakeBusThread: token, cookie, static
 * files, security headers, and the WebSocket's checks and message handling.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServeHost, type ServeHost } from '../../src/serve/serveHost';
import { BACKLOG_DROP_REASON, UNREADABLE_MESSAGE_ID } from '../../src/serve/websocketGateway';
import { SERVE_WEBSOCKET_PATH, type BusToHostMessage } from '../../src/shared/contract';
import type { FeedFrame } from '../../src/shared/liveChannels';
import { FakeBusThread, fakePlotFrame } from '../support/fakeBusCore';
import { openSocket, rawGet, SocketInbox } from '../support/serveClient';
import type { WebSocket } from 'ws';
import { encodeBusMessage } from '../../src/shared/busMessageCodec';

const INDEX_HTML = '<!doctype html><title>Labwire test</title><script type="module" src="/assets/app.js"></script>';
const SECRET = 'TOP-SECRET-CONTENT-OUTSIDE-THE-RENDERER';

describe('serve host', () => {
  let root: string;
  let host: ServeHost;
  let fakeBus: FakeBusThread | undefined;
  let cookie: string;
  let origin: string;
  let socketUrl: string;
  const sockets: WebSocket[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'labwire-serve-'));
    await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(root, 'renderer', 'index.html'), INDEX_HTML);
    await writeFile(join(root, 'renderer', 'assets', 'app.js'), 'console.log("app");');
    await writeFile(join(root, 'secret.txt'), SECRET);
    host = await startServeHost({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(root, 'data'),
      rendererDir: join(root, 'renderer'),
      appVersion: '1.2.3',
      startBus: (workerData) => {
        fakeBus = new FakeBusThread(workerData);
        return fakeBus.asBusThread();
      },
    });
    cookie = `labwire_token_${host.port}=${host.token}`;
    origin = `http://127.0.0.1:${host.port}`;
    socketUrl = `ws://127.0.0.1:${host.port}${SERVE_WEBSOCKET_PATH}`;
  });

  after(async () => {
    for (const socket of sockets) socket.terminate();
    await host?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function openAuthorized(): Promise<SocketInbox> {
    const outcome = await openSocket(socketUrl, { cookie, origin });
    assert.equal(outcome.state, 'open');
    if (outcome.state !== 'open') throw new Error('unreachable');
    sockets.push(outcome.socket);
    return new SocketInbox(outcome.socket);
  }

  test('the URL carries a 43-character base64url token and the chosen port', () => {
    assert.match(host.url, new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });

  test('a request without the token gets 401 with a plain explanation and the security headers', async () => {
    const response = await rawGet(host.port, '/');
    assert.deepStrictEqual(
      {
        status: response.status,
        mentionsTerminal: response.body.includes('printed in the terminal'),
        csp: response.headers['content-security-policy'],
        nosniff: response.headers['x-content-type-options'],
        referrer: response.headers['referrer-policy'],
      },
      {
        status: 401,
        mentionsTerminal: true,
        csp: `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws://127.0.0.1:${host.port}; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        nosniff: 'nosniff',
        referrer: 'no-referrer',
      },
    );
  });

  test('a wrong token, in the URL or the cookie, gets 401', async () => {
    const statuses = [
      (await rawGet(host.port, '/?token=wrong')).status,
      (await rawGet(host.port, '/', { Cookie: `labwire_token_${host.port}=wrong` })).status,
      (await rawGet(host.port, `/?token=${host.token}x`)).status,
      // The right token under the cookie name of a serve host on another port does not count here.
      (await rawGet(host.port, '/', { Cookie: `labwire_token_${host.port + 1}=${host.token}` })).status,
      (await rawGet(host.port, '/', { Cookie: `labwire_token=${host.token}` })).status,
    ];
    assert.deepStrictEqual(statuses, [401, 401, 401, 401, 401]);
  });

  test('the token in the URL sets an HttpOnly cookie and redirects to the same address without it', async () => {
    const home = await rawGet(host.port, `/?token=${host.token}`);
    const asset = await rawGet(host.port, `/assets/app.js?view=plots&token=${host.token}`);
    const sneaky = await rawGet(host.port, `//evil.example/?token=${host.token}`);
    assert.deepStrictEqual(
      [home, asset, sneaky].map((response) => ({
        status: response.status,
        location: response.headers.location,
        cookie: response.headers['set-cookie'],
      })),
      [
        { status: 302, location: '/', cookie: [`labwire_token_${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`] },
        { status: 302, location: '/assets/app.js?view=plots', cookie: [`labwire_token_${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`] },
        { status: 302, location: '/evil.example/', cookie: [`labwire_token_${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`] },
      ],
    );
  });

  test('with the cookie, / serves index.html uncached with the CSP, and assets get their content type', async () => {
    const index = await rawGet(host.port, '/', { Cookie: cookie });
    const asset = await rawGet(host.port, '/assets/app.js', { Cookie: `other=1; ${cookie}` });
    const head = await rawGet(host.port, '/index.html', { Cookie: cookie }, 'HEAD');
    assert.deepStrictEqual(
      {
        index: [index.status, index.body, index.headers['content-type'], index.headers['cache-control'], typeof index.headers['content-security-policy']],
        asset: [asset.status, asset.body, asset.headers['content-type']],
        head: [head.status, head.body, head.headers['content-length']],
      },
      {
        index: [200, INDEX_HTML, 'text/html; charset=utf-8', 'no-store', 'string'],
        asset: [200, 'console.log("app");', 'text/javascript; charset=utf-8'],
        head: [200, '', String(Buffer.byteLength(INDEX_HTML))],
      },
    );
  });

  test('paths that climb out of the renderer folder never return file content', async () => {
    const paths = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%00',
      '/%E0%A4%A',
      '/assets',
    ];
    const outcomes: Record<string, number> = {};
    for (const path of paths) {
      const response = await rawGet(host.port, path, { Cookie: cookie });
      assert.ok(!response.body.includes(SECRET), `${path} leaked the file`);
      outcomes[path] = response.status;
    }
    assert.deepStrictEqual(outcomes, Object.fromEntries(paths.map((path) => [path, 404])));
  });

  test('only GET and HEAD are answered, and only for this server\'s own host names', async () => {
    const post = await rawGet(host.port, '/', { Cookie: cookie }, 'POST');
    const rebound = await rawGet(host.port, '/', { Cookie: cookie, Host: `attacker.example:${host.port}` });
    const localhost = await rawGet(host.port, '/', { Cookie: cookie, Host: `localhost:${host.port}` });
    assert.deepStrictEqual([post.status, post.headers.allow, rebound.status, localhost.status], [405, 'GET, HEAD', 403, 200]);
  });

  test('a WebSocket upgrade without the token is refused with 401 before any socket opens', async () => {
    const noToken = await openSocket(socketUrl, { origin });
    const wrongToken = await openSocket(`${socketUrl}?token=wrong`, { origin });
    assert.deepStrictEqual(
      [noToken, wrongToken],
      [
        { state: 'rejected', status: 401, body: 'Labwire needs its access token.\n' },
        { state: 'rejected', status: 401, body: 'Labwire needs its access token.\n' },
      ],
    );
  });

  test('a WebSocket upgrade with the token but from another origin is refused with 403', async () => {
    const outcomes = [
      await openSocket(socketUrl, { cookie, origin: 'http://attacker.example' }),
      await openSocket(socketUrl, { cookie, origin: `http://127.0.0.1:${host.port + 1}` }),
      await openSocket(socketUrl, { cookie }),
    ];
    assert.deepStrictEqual(
      outcomes.map((outcome) => (outcome.state === 'rejected' ? outcome.status : 'opened')),
      [403, 403, 403],
    );
  });

  test('an upgrade on another path is refused with 404', async () => {
    const outcome = await openSocket(`ws://127.0.0.1:${host.port}/other`, { cookie, origin });
    assert.deepStrictEqual(outcome.state === 'rejected' ? outcome.status : 'opened', 404);
  });

  test('with the token (cookie or query) and our origin, system:hello is answered over the socket', async () => {
    const inbox = await openAuthorized();
    inbox.socket.send(JSON.stringify({ kind: 'request', id: 1, method: 'system:hello', params: {} }));
    const viaQuery = await openSocket(`${socketUrl}?token=${host.token}`, { origin });
    if (viaQuery.state === 'open') sockets.push(viaQuery.socket);
    assert.deepStrictEqual(
      { response: await inbox.response(1), viaQuery: viaQuery.state },
      {
        response: {
          kind: 'response',
          id: 1,
          result: {
            ok: true,
            value: {
              appVersion: '1.2.3',
              host: 'serve',
              dataDir: join(root, 'data'),
              secretStorage: { state: 'unavailable', reason: 'fake core' },
              localRedis: { state: 'unavailable', reason: 'fake core' },
            },
          },
        },
        viaQuery: 'open',
      },
    );
  });

  test('malformed messages get error responses and the socket stays usable', async () => {
    const inbox = await openAuthorized();
    inbox.socket.send('this is not json');
    const notJson = await inbox.response(UNREADABLE_MESSAGE_ID);
    inbox.socket.send(JSON.stringify({ kind: 'request', id: 7, method: 42 }));
    const badMethod = await inbox.response(7);
    inbox.socket.send(JSON.stringify({ kind: 'event', id: 8 }));
    const badKind = await inbox.response(8);
    inbox.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    const binary = await inbox.response(UNREADABLE_MESSAGE_ID);
    inbox.socket.send(JSON.stringify({ kind: 'request', id: 9, method: 'fake:echo', params: { still: 'usable' } }));
    const echo = await inbox.response(9);
    assert.deepStrictEqual([notJson, badMethod, badKind, binary, echo], [
      { kind: 'response', id: -1, result: { ok: false, error: { code: 'INVALID', message: 'Labwire could not read this request: it is not valid JSON.' } } },
      { kind: 'response', id: 7, result: { ok: false, error: { code: 'INVALID', message: 'This request does not name a method.', field: 'method' } } },
      { kind: 'response', id: 8, result: { ok: false, error: { code: 'INVALID', message: 'Labwire accepts only messages of kind "request".', field: 'kind' } } },
      { kind: 'response', id: -1, result: { ok: false, error: { code: 'INVALID', message: 'Labwire expects requests as JSON text, not binary data.' } } },
      { kind: 'response', id: 9, result: { ok: true, value: { still: 'usable' } } },
    ]);
  });

  test('events reach every connected client', async () => {
    const first = await openAuthorized();
    const second = await openAuthorized();
    const event: BusToHostMessage = { kind: 'event', event: { type: 'localRedis:status', status: { state: 'starting' } } };
    fakeBus?.emit(event);
    const isEvent = (message: BusToHostMessage): boolean => message.kind === 'event';
    assert.deepStrictEqual([await first.next(isEvent), await second.next(isEvent)], [event, event]);
  });

  test('a frame reaches every client as one binary message that decodes back into typed arrays; events are binary too', async () => {
    const first = await openAuthorized();
    const second = await openAuthorized();
    const frame = fakePlotFrame(new Float64Array([1_700_000_000.004, 1_700_000_000.008, 1_700_000_000.012]), [
      new Float32Array([1.5, NaN, -2.25]),
      new Float32Array(0),
    ]);
    const event: BusToHostMessage = { kind: 'event', event: { type: 'localRedis:status', status: { state: 'stopped' } } };
    fakeBus?.emit({ kind: 'frame', frame });
    fakeBus?.emit(event);
    const isPlotFrame = (message: BusToHostMessage): boolean => message.kind === 'frame' && message.frame.kind === 'plot';
    const isEvent = (message: BusToHostMessage): boolean => message.kind === 'event';
    const received = [await first.next(isPlotFrame), await second.next(isPlotFrame), await first.next(isEvent)];
    assert.deepStrictEqual(
      { received, arrivals: first.arrivals },
      {
        received: [{ kind: 'frame', frame }, { kind: 'frame', frame }, event],
        arrivals: [
          { kind: 'frame', isBinary: true },
          { kind: 'event', isBinary: true },
        ],
      },
    );
  });

  test('a frame the bus sent as bytes reaches every client unread and decodes to the same frame', async () => {
    const first = await openAuthorized();
    const second = await openAuthorized();
    const frame = feedFrame(7, 'encoded by the bus');
    const bytes = encodeBusMessage({ kind: 'frame', frame });
    fakeBus?.emit({ kind: 'encodedFrame', frameKind: 'feed', profileId: frame.profileId, messageCount: 1, bytes });
    const isFrame = (message: BusToHostMessage): boolean => message.kind === 'frame';
    assert.deepStrictEqual([await first.next(isFrame), await second.next(isFrame)], [{ kind: 'frame', frame }, { kind: 'frame', frame }]);
  });

  test('each tab is its own client: closing one releases its plots in the bus and nobody else\'s', async () => {
    const core = fakeBus!.core;
    const first = await openAuthorized();
    const second = await openAuthorized();
    // A page cannot choose its client id: a clientId field in the message is ignored.
    first.socket.send(JSON.stringify({ kind: 'request', id: 1, method: 'plots:open', params: {}, clientId: 'host' }));
    first.socket.send(JSON.stringify({ kind: 'request', id: 2, method: 'plots:open', params: {} }));
    second.socket.send(JSON.stringify({ kind: 'request', id: 1, method: 'plots:open', params: {} }));
    const [firstPlot, , secondPlot] = [
      await first.next((message) => message.kind === 'response' && message.id === 1),
      await first.next((message) => message.kind === 'response' && message.id === 2),
      await second.next((message) => message.kind === 'response' && message.id === 1),
    ].map((message) => (message.kind === 'response' && message.result.ok ? (message.result.value as { plotId: string }).plotId : null));
    const firstClient = core.plotOwners.get(firstPlot!);
    const secondClient = core.plotOwners.get(secondPlot!);
    first.socket.close();
    const deadline = Date.now() + 5_000;
    while (core.releasedClientIds.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepStrictEqual(
      {
        isEachTabItsOwnClient: firstClient !== secondClient && /^serve:socket-\d+$/.test(firstClient ?? '') && /^serve:socket-\d+$/.test(secondClient ?? ''),
        released: core.releasedClientIds,
        stillOpen: [...core.openPlotIds],
      },
      { isEachTabItsOwnClient: true, released: [firstClient], stillOpen: [secondPlot] },
    );
  });

  test('a frame the codec cannot carry is not sent, and later frames still are', async () => {
    const inbox = await openAuthorized();
    // Plot frames go through the codec's typed-array path, which refuses what it cannot carry.
    const unsendable = { ...fakePlotFrame(new Float64Array([1]), []), x: new DataView(new ArrayBuffer(8)) } as unknown as FeedFrame;
    fakeBus?.emit({ kind: 'frame', frame: unsendable });
    fakeBus?.emit({ kind: 'frame', frame: feedFrame(2, 'after') });
    const next = await inbox.next((message) => message.kind === 'frame');
    assert.deepStrictEqual({ next, arrivals: inbox.arrivals.length }, { next: { kind: 'frame', frame: feedFrame(2, 'after') }, arrivals: 1 });
  });

  test('a client that stops reading loses frames, and its next feed frame counts the feed frames it missed', async () => {
    const inbox = await openAuthorized();
    const reader = (inbox.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    reader.pause();
    const padding = 'x'.repeat(1024 * 1024);
    const sentFrames = 40;
    for (let seq = 1; seq <= sentFrames; seq++) {
      fakeBus?.emit({ kind: 'frame', frame: feedFrame(seq, padding) });
      // Plot frames skipped for a slow client are not counted: the next one carries the whole window again.
      fakeBus?.emit({ kind: 'frame', frame: fakePlotFrame(new Float64Array(1024), [new Float32Array(1024)]) });
    }
    reader.resume();
    // Probe until a feed frame gets through: the first one that does reports what this client missed.
    const isProbe = (message: BusToHostMessage): boolean =>
      message.kind === 'frame' && message.frame.kind === 'feed' && message.frame.seq > sentFrames;
    let probes = 0;
    while (!inbox.messages.some(isProbe) && probes < 200) {
      probes++;
      fakeBus?.emit({ kind: 'frame', frame: feedFrame(sentFrames + probes, '') });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const probe = await inbox.next(isProbe);
    // Counts what arrived, including probes sent before the first one's arrival was seen.
    const delivered = inbox.messages.filter((message) => message.kind === 'frame' && message.frame.kind === 'feed').length;
    const reported = probe.kind === 'frame' && probe.frame.kind === 'feed' ? (probe.frame.dropped[BACKLOG_DROP_REASON] ?? 0) : 0;
    const otherDrops = probe.kind === 'frame' && probe.frame.kind === 'feed' ? probe.frame.dropped['frame-cap'] : undefined;
    assert.deepStrictEqual(
      { isSomethingDropped: reported > 0, accountedFor: delivered + 1 + reported, otherDrops },
      { isSomethingDropped: true, accountedFor: sentFrames + probes, otherDrops: 1 },
    );
  });
});

/** A feed frame whose one message preview is `preview` (its size drives the backlog); one 'frame-cap' drop of its own. */
function feedFrame(seq: number, preview: string): FeedFrame {
  return {
    kind: 'feed',
    profileId: 'p1',
    seq,
    at: 1_700_000_000_000 + seq,
    messages: [
      {
        seq,
        laneIds: ['lane-1'],
        channel: { text: 'lab:events', byteLength: 10, isTruncated: false },
        receivedAt: 1_700_000_000_000 + seq,
        sizeBytes: preview.length,
        kind: 'text',
        preview,
      },
    ],
    gaps: [],
    lanes: [],
    channels: [],
    history: { heldMessages: seq, heldBytes: 0, capacityMessages: 10_000, capacityBytes: 1_000_000, evicted: 0, oldestSeq: 1 },
    removedFromLanes: [],
    dropped: { 'frame-cap': 1 },
  };
}
