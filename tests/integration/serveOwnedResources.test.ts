/**
 * Owned resources end to end in the serve host: a real socket, the real bus
 * worker (from source) and a real redis-server. A tab's plot holds a
 * subscription on the server; when the tab's socket closes, the bus releases
 * the plot and the subscription leaves the server, while another tab's plot
 * stays.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { startServeHost, type ServeHost } from '../../src/serve/serveHost';
import { SERVE_WEBSOCKET_PATH, type BusToHostMessage } from '../../src/shared/contract';
import type { PlotSpec } from '../../src/shared/plots';
import { defaultProfileFields } from '../../src/shared/profile';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { openSocket, SocketInbox } from '../support/serveClient';
import { STREAM_LINGER_MS } from '../../src/bus/plots/plotService';

function telemetrySpec(channel: string): PlotSpec {
  return { kind: 'telemetry', target: { kind: 'channel', name: channel }, fieldPaths: ['temperature'], match: null, timeSource: 'receive', windowSeconds: 60, pixelWidth: 300 };
}

describe('serve host: what a tab opened goes with its socket', () => {
  let root: string;
  let server: TestRedisServer;
  let observer: Redis;
  let host: ServeHost;
  const inboxes: SocketInbox[] = [];

  before(async () => {
    server = await startRedisServer();
    observer = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
    await observer.connect();
    root = await mkdtemp(join(tmpdir(), 'labwire-serve-owned-'));
    await mkdir(join(root, 'renderer'), { recursive: true });
    await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>Labwire test</title>');
    host = await startServeHost({ host: '127.0.0.1', port: 0, dataDir: join(root, 'data'), rendererDir: join(root, 'renderer'), appVersion: 'test', log: () => undefined });
  });

  after(async () => {
    for (const inbox of inboxes) inbox.socket.terminate();
    await host?.close();
    observer?.disconnect();
    await server?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function openTab(): Promise<{ inbox: SocketInbox; ask(method: string, params: unknown): Promise<unknown> }> {
    const outcome = await openSocket(`ws://127.0.0.1:${host.port}${SERVE_WEBSOCKET_PATH}`, {
      cookie: `labwire_token_${host.port}=${host.token}`,
      origin: `http://127.0.0.1:${host.port}`,
    });
    assert.equal(outcome.state, 'open');
    if (outcome.state !== 'open') throw new Error('unreachable');
    const inbox = new SocketInbox(outcome.socket);
    inboxes.push(inbox);
    let nextId = 1;
    const ask = async (method: string, params: unknown): Promise<unknown> => {
      const id = nextId++;
      inbox.socket.send(JSON.stringify({ kind: 'request', id, method, params }));
      const response = await inbox.next((message) => message.kind === 'response' && message.id === id, 10_000);
      if (response.kind !== 'response' || !response.result.ok) assert.fail(`${method} failed: ${JSON.stringify(response)}`);
      return response.result.value;
    };
    return { inbox, ask };
  }

  /** A released plot's stream keeps its subscription STREAM_LINGER_MS (a reloaded tab finds its history), then it leaves. */
  const subscribersOnceSettled = async (channel: string, expected: number): Promise<number> => {
    const deadline = Date.now() + STREAM_LINGER_MS + 10_000;
    for (;;) {
      const [, count] = (await observer.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
      if (Number(count) === expected || Date.now() > deadline) return Number(count);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  test('closing a tab releases its plot in the bus; the other tab keeps its own', async () => {
    const leaving = await openTab();
    const staying = await openTab();
    const profile = (await leaving.ask('profiles:save', { ...defaultProfileFields(), name: 'Bench', port: server.port })) as { id: string };
    await leaving.ask('connection:open', { profileId: profile.id });
    await leaving.inbox.next(
      (message: BusToHostMessage) => message.kind === 'event' && message.event.type === 'connection:state' && message.event.state.state === 'ready',
      10_000,
    );
    await leaving.ask('plots:open', { profileId: profile.id, spec: telemetrySpec('lab:leaving') });
    await staying.ask('plots:open', { profileId: profile.id, spec: telemetrySpec('lab:staying') });
    const whileOpen = [await subscribersOnceSettled('lab:leaving', 1), await subscribersOnceSettled('lab:staying', 1)];
    leaving.inbox.socket.close();
    const afterClose = [await subscribersOnceSettled('lab:leaving', 0), await subscribersOnceSettled('lab:staying', 1)];
    assert.deepStrictEqual({ whileOpen, afterClose }, { whileOpen: [1, 1], afterClose: [0, 1] });
  });
});
