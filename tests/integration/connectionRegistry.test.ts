/**
 * The connection supervisor against real redis-server processes: facts,
 * credentials, kill and restart, a hung server, ACL users, close.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { ConnectionTiming } from '../../src/bus/connections/connectionTiming';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import { testConnection } from '../../src/bus/connections/testConnection';
import type { ConnectionState } from '../../src/shared/connectionState';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { findFreePort } from '../support/freePort';
import type { TestRedisServer } from '../support/redisServer';
import { connectPlainClient, startSuiteServer } from '../support/suiteRedis';
import { suiteCleanups } from '../support/unhandledRejections';

/** Quick retries keep the suite short; the heartbeat keeps its production values. */
const QUICK_RETRY: Partial<ConnectionTiming> = { retryBaseMs: 100, retryMaxMs: 800, connectTimeoutMs: 2_000 };

const cleanups = suiteCleanups();

function endpointFor(server: { port: number }, extra: Partial<RedisEndpoint> = {}): RedisEndpoint {
  return { host: '127.0.0.1', port: server.port, db: 0, ...extra };
}

function newRegistry(timing: Partial<ConnectionTiming> = QUICK_RETRY): { registry: ConnectionRegistry; recorder: ConnectionStateRecorder } {
  const recorder = new ConnectionStateRecorder();
  const registry = new ConnectionRegistry({ ...recorder.listeners, timing });
  cleanups.push(() => registry.dispose());
  return { registry, recorder };
}

const startServer = (args: string[] = []): Promise<TestRedisServer> => startSuiteServer(cleanups, args);
const adminClient = (server: TestRedisServer, password?: string): Promise<Redis> => connectPlainClient(cleanups, server, password);

async function connectionsReceived(admin: Redis): Promise<number> {
  const stats = await admin.info('stats');
  return Number(/total_connections_received:(\d+)/.exec(stats)?.[1]);
}

const isNamed =
  (name: ConnectionState['state']) =>
  (state: ConnectionState): boolean =>
    state.state === name;

function reasonOf(state: ConnectionState): unknown {
  return state.state === 'failed' ? { code: state.reason.code, message: state.reason.message } : state;
}

const delay = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('a reachable server', () => {
  let server: TestRedisServer;
  before(async () => {
    server = await startServer();
  });

  test('connects, reports the real version and mode, and pushes facts', async () => {
    const installedVersion = /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1];
    const { registry, recorder } = newRegistry();
    assert.equal(registry.open('lab', endpointFor(server)).state, 'connecting');
    await recorder.waitForState('lab', isNamed('ready'), 5_000);
    const pushed = await recorder.waitForFacts('lab', 5_000);
    const read = await registry.readFacts('lab');
    assert.ok(read.ok);
    const summary = (facts: typeof pushed) => ({ version: facts.version, mode: facts.mode, role: facts.role, hasTimes: facts.roundTripMs >= 0 && facts.readAt > 0 });
    assert.deepStrictEqual([summary(pushed), summary(read.value), recorder.namesOf('lab')], [
      { version: installedVersion, mode: 'standalone', role: 'master', hasTimes: true },
      { version: installedVersion, mode: 'standalone', role: 'master', hasTimes: true },
      ['connecting', 'ready'],
    ]);
  });

  test('opening again with the same endpoint changes nothing; another endpoint reconnects', async () => {
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server));
    const ready = await recorder.waitForState('lab', isNamed('ready'), 5_000);
    assert.deepStrictEqual(registry.open('lab', endpointFor(server)), ready.state);
    registry.open('lab', endpointFor(server, { db: 1 }));
    await recorder.waitForState('lab', isNamed('ready'), 5_000, recorder.states.indexOf(ready) + 1);
    assert.deepStrictEqual(recorder.namesOf('lab'), ['connecting', 'ready', 'closed', 'connecting', 'ready']);
  });

  test('publishes on the command connection and reports receivers', async () => {
    const { registry, recorder } = newRegistry();
    const listener = await adminClient(server);
    const received = new Promise<Buffer>((resolve) => listener.on('messageBuffer', (_channel, message: Buffer) => resolve(message)));
    await listener.subscribe('bench:commands');
    registry.open('lab', endpointFor(server));
    await recorder.waitForState('lab', isNamed('ready'), 5_000);
    const payload = Buffer.from([0x81, 0xa1, 0x61, 0xff]);
    const published = await registry.publish('lab', 'bench:commands', payload);
    assert.deepStrictEqual([published, await received], [{ ok: true, value: 1 }, payload]);
  });

  test('lanes open lazily with the same endpoint and close with the profile', async () => {
    const { registry, recorder } = newRegistry();
    const admin = await adminClient(server);
    registry.open('lab', endpointFor(server, { db: 2 }));
    await recorder.waitForState('lab', isNamed('ready'), 5_000);
    const blocking = registry.blockingClient('lab');
    assert.ok(blocking);
    await admin.select(2);
    await admin.set('lane:probe', 'yes');
    const seenFromLane = await blocking.get('lane:probe');
    const subscriber = registry.subscriberClient('lab');
    assert.ok(subscriber);
    await subscriber.subscribe('lane:channel');
    const namesWhileOpen = String(await admin.client('LIST'));
    await registry.close('lab');
    await delay(100);
    const namesAfterClose = String(await admin.client('LIST'));
    // Earlier tests' profiles may still be open on this server, on db 0 and 1.
    const count = (list: string, name: string): number =>
      list.split('\n').filter((line) => line.includes(`name=${name} `) && line.includes(' db=2 ')).length;
    assert.deepStrictEqual(
      [seenFromLane, registry.blockingClient('lab') === undefined, ['labwire-command', 'labwire-blocking', 'labwire-subscriber'].map((name) => [count(namesWhileOpen, name), count(namesAfterClose, name)])],
      ['yes', true, [[1, 0], [1, 0], [1, 0]]],
    );
  });

  test('a database the server does not have fails without retrying', async () => {
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server, { db: 99 }));
    const failed = await recorder.waitForState('lab', isNamed('failed'), 5_000);
    assert.deepStrictEqual(reasonOf(failed.state), { code: 'INVALID', message: 'This server has no database 99. Pick a lower database number in the profile.' });
  });

  test('testConnection reads facts once and leaves no client behind', async () => {
    const admin = await adminClient(server);
    const result = await testConnection(endpointFor(server), QUICK_RETRY);
    await delay(100);
    const list = String(await admin.client('LIST'));
    assert.deepStrictEqual([result.ok && result.value.mode, list.includes('name=labwire-test ')], ['standalone', false]);
  });

  test('nothing listening: REFUSED, retried with growing delays, and testConnection answers at once', async () => {
    const port = await findFreePort();
    const { registry, recorder } = newRegistry();
    registry.open('lab', { host: '127.0.0.1', port, db: 0 });
    const third = await recorder.waitForState('lab', (state) => state.state === 'reconnecting' && state.attempt === 3, 5_000);
    const tested = await testConnection({ host: '127.0.0.1', port, db: 0 }, QUICK_RETRY);
    assert.ok(third.state.state === 'reconnecting');
    const expected = `Nothing answers at 127.0.0.1:${port}. Is Redis running there, and is the port right?`;
    assert.deepStrictEqual(
      [third.state.lastError.code, third.state.lastError.message, tested.ok ? 'ok' : tested.error.message],
      ['REFUSED', expected, expected],
    );
  });
});

describe('a server with a password', () => {
  let server: TestRedisServer;
  before(async () => {
    server = await startServer(['--requirepass', 'lab-secret']);
  });

  test('a wrong password fails once, with no reconnect loop and no password in the message', async () => {
    const admin = await adminClient(server, 'lab-secret');
    const before = await connectionsReceived(admin);
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server, { password: 'not-the-secret' }));
    const failed = await recorder.waitForState('lab', isNamed('failed'), 5_000);
    await delay(3_000);
    const attempts = (await connectionsReceived(admin)) - before;
    assert.deepStrictEqual(
      [reasonOf(failed.state), attempts, recorder.namesOf('lab'), JSON.stringify(recorder.states).includes('not-the-secret')],
      [{ code: 'WRONGPASS', message: 'The server refused the password for user default.' }, 1, ['connecting', 'failed'], false],
    );
  });

  test('no password at all fails with NOAUTH', async () => {
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server));
    const failed = await recorder.waitForState('lab', isNamed('failed'), 5_000);
    assert.deepStrictEqual(reasonOf(failed.state), { code: 'NOAUTH', message: 'This server needs a password. Add it to the profile.' });
  });

  test('the right password connects', async () => {
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server, { password: 'lab-secret' }));
    const ready = await recorder.waitForState('lab', isNamed('ready'), 5_000);
    assert.equal(ready.state.state, 'ready');
  });
});

describe('ACL users', () => {
  let server: TestRedisServer;
  before(async () => {
    server = await startServer();
    const admin = await adminClient(server);
    await admin.call('ACL', 'SETUSER', 'jamie', 'on', '>pw-jamie', '~*', '&user:jamie:*', '+@all');
    await admin.call('ACL', 'SETUSER', 'kiosk', 'on', '>pw-kiosk', '~*', '&*', '+@all', '-info');
  });

  test('jamie connects and may publish only on her channels', async () => {
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server, { username: 'jamie', password: 'pw-jamie' }));
    await recorder.waitForState('lab', isNamed('ready'), 5_000);
    const own = await registry.publish('lab', 'user:jamie:notes', Buffer.from('hi'));
    const other = await registry.publish('lab', 'devices:telemetry', Buffer.from('hi'));
    assert.deepStrictEqual([own.ok, other.ok ? 'ok' : { code: other.error.code, message: other.error.message }], [
      true,
      { code: 'NOPERM', message: 'User jamie may not use this channel on this server.' },
    ]);
  });

  test('a wrong password names the user', async () => {
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server, { username: 'jamie', password: 'wrong' }));
    const failed = await recorder.waitForState('lab', isNamed('failed'), 5_000);
    assert.deepStrictEqual(reasonOf(failed.state), { code: 'WRONGPASS', message: 'The server refused the password for user jamie.' });
  });

  test('a user without INFO still connects; facts answer with a plain NOPERM', async () => {
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server, { username: 'kiosk', password: 'pw-kiosk' }));
    await recorder.waitForState('lab', isNamed('ready'), 5_000);
    const facts = await registry.readFacts('lab');
    await delay(1_500);
    assert.deepStrictEqual([facts.ok ? 'ok' : { code: facts.error.code, message: facts.error.message }, registry.stateOf('lab').state], [
      { code: 'NOPERM', message: 'User kiosk may not run the INFO command on this server.' },
      'ready',
    ]);
  });
});

describe('a server that dies or hangs', () => {
  test('killed and restarted: ready, reconnecting, ready again with the gap', async () => {
    const server = await startServer();
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server));
    await recorder.waitForState('lab', isNamed('ready'), 5_000);
    const killedAt = Date.now();
    await server.kill();
    const lost = await recorder.waitForState('lab', isNamed('reconnecting'), 5_000);
    await delay(500);
    await server.restart();
    const back = await recorder.waitForState('lab', (state) => state.state === 'ready' && state.lastGap !== undefined, 10_000);
    assert.ok(lost.state.state === 'reconnecting' && back.state.state === 'ready' && back.state.lastGap);
    const gap = back.state.lastGap;
    assert.deepStrictEqual(
      [recorder.namesOf('lab'), lost.state.lastError.code, lost.state.attempt, gap.from >= killedAt, gap.to >= gap.from + 500],
      [['connecting', 'ready', 'reconnecting', 'ready'], 'CONNECTION_LOST', 1, true, true],
    );
  });

  test('SIGSTOP is noticed within 5 s, and SIGCONT brings it back', async (t) => {
    const server = await startServer();
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server));
    await recorder.waitForState('lab', isNamed('ready'), 5_000);
    const stoppedAt = Date.now();
    server.pause();
    try {
      const lost = await recorder.waitForState('lab', isNamed('reconnecting'), 5_000);
      const noticedAfterMs = lost.at - stoppedAt;
      await delay(8_000 - (Date.now() - stoppedAt));
      const stillDown = registry.stateOf('lab');
      server.resume();
      const resumedAt = Date.now();
      const back = await recorder.waitForState('lab', (state) => state.state === 'ready' && state.lastGap !== undefined, 10_000);
      t.diagnostic(`noticed ${noticedAfterMs} ms after SIGSTOP; ready ${back.at - resumedAt} ms after SIGCONT`);
      assert.ok(lost.state.state === 'reconnecting' && back.state.state === 'ready');
      // The stopped server still accepts TCP, so only the handshake deadline ends each attempt.
      const retriedAfterHandshakeTimeout =
        stillDown.state === 'reconnecting' && stillDown.attempt >= 2 && stillDown.lastError.message.includes('accepted the connection but did not answer');
      assert.deepStrictEqual(
        [noticedAfterMs < 5_000, lost.state.lastError.code, retriedAfterHandshakeTimeout, recorder.namesOf('lab')],
        [true, 'TIMEOUT', true, ['connecting', 'ready', 'reconnecting', 'ready']],
      );
    } finally {
      server.resume();
    }
  });
});

describe('closing', () => {
  test('close() ends in closed and stops retrying', async () => {
    const server = await startServer();
    const admin = await adminClient(server);
    const { registry, recorder } = newRegistry();
    registry.open('lab', endpointFor(server));
    await recorder.waitForState('lab', isNamed('ready'), 5_000);
    const closed = await registry.close('lab');
    const received = await connectionsReceived(admin);
    const eventsAtClose = recorder.states.length;
    await delay(1_500);
    assert.deepStrictEqual(
      [closed.state, registry.stateOf('lab').state, (await connectionsReceived(admin)) - received, recorder.states.length - eventsAtClose, registry.commandClient('lab')],
      ['closed', 'closed', 0, 0, undefined],
    );
  });

  test('close() while reconnecting stops the loop', async () => {
    const port = await findFreePort();
    const { registry, recorder } = newRegistry({ retryBaseMs: 20, retryMaxMs: 50 });
    registry.open('lab', { host: '127.0.0.1', port, db: 0 });
    await recorder.waitForState('lab', isNamed('reconnecting'), 5_000);
    await registry.close('lab');
    const eventsAtClose = recorder.states.length;
    await delay(500);
    assert.deepStrictEqual([recorder.states.length - eventsAtClose, registry.states()], [0, { lab: registry.stateOf('lab') }]);
    assert.equal(registry.stateOf('lab').state, 'closed');
  });

  test('dispose leaves nothing running: a process that disposes exits by itself', async () => {
    const server = await startServer();
    const probe = fileURLToPath(new URL('../support/connectionDisposeProbe.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--import', 'tsx', probe, String(server.port)], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.deepStrictEqual(output.trim().split('\n'), ['connecting', 'ready', 'disposed']);
  });
});
