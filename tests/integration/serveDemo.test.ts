/**
 * `--demo`'s startup path: scripted against a FakeDemoBus for the decisions,
 * and against the real bus thread with real redis-server processes.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { NO_SERVER_DEMO_MESSAGE, REDIS_SERVER_MISSING_MESSAGE, runDemo, startDemo, type DemoBus } from '../../src/serve/demoStartup';
import { startServeHost, type ServeHost } from '../../src/serve/serveHost';
import type { ConnectionState } from '../../src/shared/connectionState';
import { decodeBusMessage } from '../../src/shared/busMessageCodec';
import { SERVE_WEBSOCKET_PATH, type BusToHostMessage, type HelloInfo } from '../../src/shared/contract';
import { defaultProfileFields, type Profile, type ProfileDraft } from '../../src/shared/profile';
import { fail, ok, type Result } from '../../src/shared/result';
import { DEFAULT_SIMULATOR_OPTIONS, type LocalRedisStatus } from '../../src/shared/simulator';
import { findFreePort } from '../support/freePort';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { openSocket, SocketInbox } from '../support/serveClient';
import { until } from '../support/waitUntil';

function fakeProfile(id: string, port: number, isManagedLocal: boolean): Profile {
  const name = isManagedLocal ? 'Labwire local Redis' : 'Local Redis';
  return { ...defaultProfileFields(), name, port, id, hasPassword: false, isManagedLocal, createdAt: 0, updatedAt: 0 };
}

/** Answers the demo's requests from a script and records them. */
class FakeDemoBus {
  readonly calls: string[] = [];
  private readonly listeners = new Set<(message: BusToHostMessage) => void>();

  constructor(
    private readonly localRedis: LocalRedisStatus,
    private readonly stateAfterOpen: Record<string, ConnectionState>,
  ) {}

  asDemoBus(): DemoBus {
    return {
      request: ((method: string, params: unknown) => this.request(method, params)) as DemoBus['request'],
      onDidEmit: (listener) => {
        this.listeners.add(listener);
        return () => void this.listeners.delete(listener);
      },
    };
  }

  private async request(method: string, params: unknown): Promise<Result<unknown>> {
    const profileId = (params as { profileId?: string }).profileId;
    this.calls.push(profileId ? `${method} ${profileId}` : method);
    switch (method) {
      case 'system:hello':
        return ok({ localRedis: this.localRedis });
      case 'profiles:list':
        return ok([fakeProfile('managed', 6390, true), fakeProfile('local', 6379, false)]);
      case 'connection:open': {
        const settled = this.stateAfterOpen[profileId ?? ''];
        setTimeout(() => {
          if (settled) for (const listener of this.listeners) listener({ kind: 'event', event: { type: 'connection:state', profileId: profileId ?? '', state: settled } });
        }, 5);
        return ok({ state: 'connecting', since: 0 });
      }
      case 'connection:close':
        return ok({ state: 'closed', since: 0 });
      case 'localRedis:start':
        return ok({ profile: fakeProfile('managed', 6390, true), status: { state: 'running', port: 6390, pid: 1, dataDir: '/x' } });
      case 'simulator:start':
        return ok({ state: 'running', options: DEFAULT_SIMULATOR_OPTIONS, since: 0, published: 0, failed: 0, channels: [] });
      case 'simulator:startOffline':
        return ok({ profile: { ...fakeProfile('demo', 6379, false), isDemo: true }, status: { state: 'running' } });
      default:
        return fail('INVALID', `unexpected ${method}`);
    }
  }
}

const REFUSED_STATE: ConnectionState = {
  state: 'reconnecting',
  since: 0,
  attempt: 1,
  nextRetryAt: 0,
  lastError: { code: 'REFUSED', message: 'Nothing is listening at 127.0.0.1:6379.' },
};

describe('demo startup, scripted', () => {
  test('Local Redis refused: starts the managed Redis and demo traffic on it', async () => {
    const bus = new FakeDemoBus({ state: 'stopped' }, { local: REFUSED_STATE, managed: { state: 'ready', since: 0 } });
    const outcome = await startDemo(bus.asDemoBus());
    assert.deepStrictEqual(
      { outcome, calls: bus.calls },
      {
        outcome: {
          state: 'running',
          profileId: 'managed',
          isManagedRedis: true,
          message: 'Started a Labwire-managed Redis on port 6390 and demo traffic on it.',
        },
        calls: [
          'system:hello',
          'profiles:list',
          'connection:open local',
          'connection:close local',
          'localRedis:start',
          'connection:open managed',
          'simulator:start managed',
        ],
      },
    );
  });

  test('Local Redis ready: demo traffic on it, no managed Redis', async () => {
    const bus = new FakeDemoBus({ state: 'stopped' }, { local: { state: 'ready', since: 0 } });
    const outcome = await startDemo(bus.asDemoBus());
    assert.deepStrictEqual(
      { outcome, calls: bus.calls },
      {
        outcome: { state: 'running', profileId: 'local', isManagedRedis: false, message: 'Demo traffic on "Local Redis" (127.0.0.1:6379).' },
        calls: ['system:hello', 'profiles:list', 'connection:open local', 'simulator:start local'],
      },
    );
  });

  test('refused and no redis-server installed: says so with the command that fixes it, and shows demo data from no server', async () => {
    const bus = new FakeDemoBus({ state: 'unavailable', reason: 'redis-server is not installed.' }, { local: REFUSED_STATE });
    const outcome = await startDemo(bus.asDemoBus());
    assert.deepStrictEqual(
      { outcome, calls: bus.calls },
      {
        outcome: {
          state: 'running',
          profileId: 'demo',
          isManagedRedis: false,
          hasNoServer: true,
          message:
            'Nothing answers at 127.0.0.1:6379 ("Local Redis"). Demo traffic needs redis-server, which is not installed here. ' +
            'Install it with: sudo apt-get install redis-server, then restart Labwire. Showing demo data from no server instead: ' +
            'it is generated on this computer, on the profile "Demo data (no server)", and nothing is published anywhere.',
        },
        calls: ['system:hello', 'profiles:list', 'connection:open local', 'connection:close local', 'simulator:startOffline'],
      },
    );
  });

  test('the managed Redis never answers: it is closed, and the demo runs with no server', async () => {
    const managedRefused: ConnectionState = { ...REFUSED_STATE, lastError: { code: 'REFUSED', message: 'Nothing is listening at 127.0.0.1:6390.' } };
    const bus = new FakeDemoBus({ state: 'stopped' }, { local: REFUSED_STATE, managed: managedRefused });
    const outcome = await startDemo(bus.asDemoBus());
    assert.deepStrictEqual(
      { state: outcome.state, hasNoServer: 'hasNoServer' in outcome, calls: bus.calls.slice(-3) },
      { state: 'running', hasNoServer: true, calls: ['connection:open managed', 'connection:close managed', 'simulator:startOffline'] },
    );
  });

  test('a wrong password is not papered over with a managed Redis', async () => {
    const wrongPassword: ConnectionState = { state: 'failed', since: 0, reason: { code: 'WRONGPASS', message: 'The server refused the password.' } };
    const bus = new FakeDemoBus({ state: 'stopped' }, { local: wrongPassword });
    const outcome = await startDemo(bus.asDemoBus());
    assert.deepStrictEqual(outcome, {
      state: 'failed',
      message: 'No demo traffic was started: could not connect to "Local Redis": The server refused the password. Fix that, then restart Labwire.',
    });
  });
});

describe('demo startup on the real bus thread', () => {
  let root: string;
  let redis: TestRedisServer;
  const hosts: ServeHost[] = [];
  const clients: Redis[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'labwire-demo-'));
    await mkdir(join(root, 'renderer'));
    await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html>');
    redis = await startRedisServer();
  });
  after(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all(hosts.map((host) => host.close()));
    await redis?.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function startWithLocalRedisOn(port: number, name: string): Promise<ServeHost> {
    const host = await startServeHost({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(root, name),
      rendererDir: join(root, 'renderer'),
      appVersion: '0.0.0-test',
    });
    hosts.push(host);
    const listed = await host.bus.request('profiles:list', {});
    assert.ok(listed.ok);
    const local = listed.value.find((profile) => profile.name === 'Local Redis' && !profile.isManagedLocal);
    assert.ok(local, 'a fresh data folder has the default Local Redis profile');
    const draft: ProfileDraft = {
      id: local.id,
      name: local.name,
      host: local.host,
      port,
      db: local.db,
      username: local.username,
      tls: local.tls,
      color: local.color,
      isReadOnly: local.isReadOnly,
      isProduction: local.isProduction,
    };
    const saved = await host.bus.request('profiles:save', draft);
    assert.ok(saved.ok, JSON.stringify(saved));
    return host;
  }

  test('with Local Redis answering, demo traffic arrives on it', async () => {
    const host = await startWithLocalRedisOn(redis.port, 'ready');
    const subscriber = new Redis({ port: redis.port, host: '127.0.0.1', lazyConnect: true });
    clients.push(subscriber);
    await subscriber.connect();
    const firstMessage = new Promise<string>((resolve) => subscriber.once('pmessage', (_pattern, channel: string) => resolve(channel)));
    await subscriber.psubscribe('*');
    const outcome = await startDemo(host.bus);
    const channel = await firstMessage;
    assert.deepStrictEqual(
      { state: outcome.state, isManaged: outcome.state === 'running' && outcome.isManagedRedis, hasChannel: channel.length > 0 },
      { state: 'running', isManaged: false, hasChannel: true },
    );
  });

  test('with nothing listening, it starts a managed Redis, and closing the host stops it', async () => {
    const host = await startWithLocalRedisOn(await findFreePort(), 'refused');
    const outcome = await startDemo(host.bus);
    const hello = await host.bus.request('system:hello', {});
    const managedPort = hello.ok && hello.value.localRedis.state === 'running' ? hello.value.localRedis.port : -1;
    await host.close();
    const isListeningAfterClose = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port: managedPort, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    assert.deepStrictEqual(
      { outcome, isListeningAfterClose },
      {
        outcome: {
          state: 'running',
          profileId: outcome.state === 'running' ? outcome.profileId : '',
          isManagedRedis: true,
          message: `Started a Labwire-managed Redis on port ${managedPort} and demo traffic on it.`,
        },
        isListeningAfterClose: false,
      },
    );
  });

  test('without redis-server on the PATH, the page hears why, the fix, and that demo data from no server flows into lanes', async () => {
    const pathWithoutRedis = join(root, 'empty-bin');
    await mkdir(pathWithoutRedis);
    const savedPath = process.env.PATH;
    // The bus worker copies the environment when it starts, so the PATH only has to be changed around the start.
    process.env.PATH = pathWithoutRedis;
    let host: ServeHost;
    try {
      host = await startWithLocalRedisOn(await findFreePort(), 'no-redis-server');
    } finally {
      process.env.PATH = savedPath;
    }
    await runDemo(host);

    const opened = await openSocket(`ws://127.0.0.1:${host.port}${SERVE_WEBSOCKET_PATH}`, {
      cookie: `labwire_token_${host.port}=${host.token}`,
      origin: `http://127.0.0.1:${host.port}`,
    });
    assert.equal(opened.state, 'open');
    if (opened.state !== 'open') return;
    const inbox = new SocketInbox(opened.socket);
    opened.socket.send(JSON.stringify({ kind: 'request', id: 1, method: 'system:hello', params: {} }));
    const answer = await inbox.response(1);
    opened.socket.close();
    const hello = answer.kind === 'response' && answer.result.ok ? (answer.result.value as HelloInfo) : null;
    const listed = await host.bus.request('profiles:list', {});
    const local = listed.ok ? listed.value.find((profile) => profile.name === 'Local Redis') : undefined;
    const demoProfile = listed.ok ? listed.value.find((profile) => profile.isDemo === true) : undefined;
    // The lane's messages come back as feed frames through the same host, with no Redis anywhere.
    const feedChannels = new Set<string>();
    const stopListening = host.bus.onDidEmit((message) => {
      if (message.kind !== 'encodedFrame') return;
      const decoded = decodeBusMessage(message.bytes);
      if (decoded.kind === 'frame' && decoded.frame.kind === 'feed') for (const fed of decoded.frame.messages) feedChannels.add(fed.channel.text);
    });
    const lane = await host.bus.request('lanes:add', { profileId: demoProfile?.id ?? '', target: { kind: 'pattern', pattern: 'user:*' }, decoder: 'auto' });
    await until('demo messages in the lane', () => feedChannels.has('user:demo1:raw'), 10_000);
    stopListening();
    assert.deepStrictEqual(
      { demo: hello?.demo, isLaneAdded: lane.ok },
      {
        demo: {
          state: 'running',
          message: `Nothing answers at 127.0.0.1:${local?.port} ("Local Redis"). ${REDIS_SERVER_MISSING_MESSAGE} ${NO_SERVER_DEMO_MESSAGE}`,
          hasNoServer: true,
        },
        isLaneAdded: true,
      },
    );
  });
});
