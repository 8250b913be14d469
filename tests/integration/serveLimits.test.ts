/**
 * The serve host's bounds, hit on purpose: requests in flight per socket (256),
 * browser tabs at once (32) and the size of one message (16 MiB). Each limit
 * refuses the one over it in plain words and leaves everything else working.
 * The bus is a FakeHoldingBus (not Redis) that answers only when told to.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import type { BusThread } from '../../src/bus/busThread';
import { startServeHost, type ServeHost } from '../../src/serve/serveHost';
import { SERVE_WEBSOCKET_PATH, type BusToHostMessage } from '../../src/shared/contract';
import { ok, type Result } from '../../src/shared/result';
import { openSocket, SocketInbox, type UpgradeOutcome } from '../support/serveClient';

const PENDING_REQUESTS_PER_SOCKET = 256;
const CLIENTS = 32;
const MESSAGE_BYTES = 16 * 1024 * 1024;
/** RFC 6455: the peer sent a message bigger than it will process. */
const CLOSE_CODE_MESSAGE_TOO_BIG = 1009;
/** Reading and answering 16 MiB took over 5 s on a loaded 2-core machine. */
const ANSWER_TIMEOUT_MS = 30_000;

function answerTo(inbox: SocketInbox, id: number): Promise<BusToHostMessage> {
  return inbox.next((message) => message.kind === 'response' && message.id === id, ANSWER_TIMEOUT_MS);
}

/** Answers 'fake:hold' only when released; anything else at once with the length of its params as JSON. */
class FakeHoldingBus {
  private held: Array<() => void> = [];

  get heldCount(): number {
    return this.held.length;
  }

  releaseAll(): void {
    for (const release of this.held.splice(0)) release();
  }

  asBusThread(): BusThread {
    const thread = {
      request: (method: string, params: unknown): Promise<Result<unknown>> => {
        if (method !== 'fake:hold') return Promise.resolve(ok({ paramsChars: JSON.stringify(params ?? null).length }));
        return new Promise((resolve) => this.held.push(() => resolve(ok('released'))));
      },
      onDidEmit: () => () => undefined,
      // A closing tab tells the bus it is gone; this fake holds nothing for it.
      clientGone: () => undefined,
      onDidChangeStatus: () => () => undefined,
      status: () => ({ state: 'running', since: 0, restarts: 0 }),
      stop: async () => this.releaseAll(),
    };
    return thread as unknown as BusThread;
  }
}

describe('serve host limits', () => {
  let root: string;
  let host: ServeHost;
  const bus = new FakeHoldingBus();
  const sockets: WebSocket[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'labwire-serve-limits-'));
    await mkdir(join(root, 'renderer'), { recursive: true });
    await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>Labwire test</title>');
    host = await startServeHost({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(root, 'data'),
      rendererDir: join(root, 'renderer'),
      appVersion: '1.2.3',
      startBus: () => bus.asBusThread(),
      log: () => undefined,
    });
  });

  after(async () => {
    for (const socket of sockets) socket.terminate();
    await host?.close();
    await rm(root, { recursive: true, force: true });
  });

  function tryOpen(): Promise<UpgradeOutcome> {
    return openSocket(`ws://127.0.0.1:${host.port}${SERVE_WEBSOCKET_PATH}`, {
      cookie: `labwire_token_${host.port}=${host.token}`,
      origin: `http://127.0.0.1:${host.port}`,
    });
  }

  async function open(): Promise<SocketInbox> {
    const outcome = await tryOpen();
    if (outcome.state !== 'open') throw new Error(`The WebSocket was refused with ${outcome.status}.`);
    sockets.push(outcome.socket);
    return new SocketInbox(outcome.socket);
  }

  function send(inbox: SocketInbox, id: number, method: string, params: unknown = {}): void {
    inbox.socket.send(JSON.stringify({ kind: 'request', id, method, params }));
  }

  async function closeAll(): Promise<void> {
    const closing = sockets.splice(0).map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === socket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close();
        }),
    );
    await Promise.all(closing);
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (await countOpenable()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** 1 when one more socket would open now (it is closed again at once), else 0. */
  async function countOpenable(): Promise<number> {
    const outcome = await tryOpen();
    if (outcome.state !== 'open') return 0;
    outcome.socket.terminate();
    return 1;
  }

  test(`request ${PENDING_REQUESTS_PER_SOCKET + 1} in flight on one socket is refused; the others are answered, and the socket takes requests again`, async () => {
    const inbox = await open();
    for (let id = 1; id <= PENDING_REQUESTS_PER_SOCKET + 1; id++) send(inbox, id, 'fake:hold');
    const refused = await answerTo(inbox, PENDING_REQUESTS_PER_SOCKET + 1);
    const heldWhenRefused = bus.heldCount;
    bus.releaseAll();
    const answered: BusToHostMessage[] = [];
    for (let id = 1; id <= PENDING_REQUESTS_PER_SOCKET; id++) answered.push(await answerTo(inbox, id));
    send(inbox, 1_000, 'fake:after');
    const after = await answerTo(inbox, 1_000);
    assert.deepStrictEqual(
      { refused, heldWhenRefused, answeredOk: answered.filter((message) => message.kind === 'response' && message.result.ok).length, after },
      {
        refused: {
          kind: 'response',
          id: PENDING_REQUESTS_PER_SOCKET + 1,
          result: { ok: false, error: { code: 'INVALID', message: 'This window sent more than 256 requests at once. Wait for answers, then try again.' } },
        },
        heldWhenRefused: PENDING_REQUESTS_PER_SOCKET,
        answeredOk: PENDING_REQUESTS_PER_SOCKET,
        after: { kind: 'response', id: 1_000, result: { ok: true, value: { paramsChars: 2 } } },
      },
    );
    await closeAll();
  });

  test(`browser tab ${CLIENTS + 1} is refused with 503 and a plain reason; when one closes, another may open`, async () => {
    const opened: SocketInbox[] = [];
    for (let count = 0; count < CLIENTS; count++) opened.push(await open());
    const refused = await tryOpen();
    const first = sockets.shift();
    await new Promise<void>((resolve) => {
      first?.once('close', () => resolve());
      first?.close();
    });
    let reopened: UpgradeOutcome = refused;
    const deadline = Date.now() + 5_000;
    while (reopened.state !== 'open' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      reopened = await tryOpen();
    }
    if (reopened.state === 'open') sockets.push(reopened.socket);
    assert.deepStrictEqual(
      { opened: opened.length, refused, reopened: reopened.state },
      { opened: CLIENTS, refused: { state: 'rejected', status: 503, body: 'Labwire serves at most 32 browser tabs at once.\n' }, reopened: 'open' },
    );
    await closeAll();
  });

  test('a message of exactly 16 MiB is read; one byte more closes that socket with 1009, and other sockets keep working', async () => {
    const bystander = await open();
    const sender = await open();
    const envelope = JSON.stringify({ kind: 'request', id: 1, method: 'fake:size', params: '' });
    const fitting = envelope.replace('"params":""', `"params":"${'x'.repeat(MESSAGE_BYTES - envelope.length)}"`);
    sender.socket.send(fitting);
    const fittingAnswer = await answerTo(sender, 1);
    const closed = new Promise<number>((resolve) => sender.socket.once('close', (code) => resolve(code)));
    sender.socket.send(`${fitting} `);
    const closeCode = await closed;
    send(bystander, 2, 'fake:after');
    const bystanderAnswer = await answerTo(bystander, 2);
    assert.deepStrictEqual(
      { fittingBytes: Buffer.byteLength(fitting), fittingAnswer, closeCode, bystanderAnswer },
      {
        fittingBytes: MESSAGE_BYTES,
        fittingAnswer: { kind: 'response', id: 1, result: { ok: true, value: { paramsChars: MESSAGE_BYTES - envelope.length + 2 } } },
        closeCode: CLOSE_CODE_MESSAGE_TOO_BIG,
        bystanderAnswer: { kind: 'response', id: 2, result: { ok: true, value: { paramsChars: 2 } } },
      },
    );
    await closeAll();
  });
});
