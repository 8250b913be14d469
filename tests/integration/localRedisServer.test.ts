import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { LocalRedisServer } from '../../src/bus/localRedis/localRedisServer';
import type { LocalRedisStatus } from '../../src/shared/simulator';
import { findFreePort } from '../support/freePort';

const folders: string[] = [];
const servers: LocalRedisServer[] = [];

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-local-redis-'));
  folders.push(folder);
  return folder;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function createServer(dataDir: string, searchPath?: string): Promise<{ server: LocalRedisServer; statuses: LocalRedisStatus[] }> {
  const statuses: LocalRedisStatus[] = [];
  const server = new LocalRedisServer({
    dataDir,
    preferredPort: await findFreePort(),
    onDidChangeStatus: (status) => statuses.push(status),
    ...(searchPath === undefined ? {} : { searchPath }),
  });
  servers.push(server);
  return { server, statuses };
}

async function withClient<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

after(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('LocalRedisServer', () => {
  test('starts redis-server, answers PING, keeps data across a restart, and stop() ends the process', async () => {
    const dataDir = await temporaryFolder();
    const folder = join(dataDir, 'local-redis');
    const { server, statuses } = await createServer(dataDir);
    const started = await server.start();
    assert.ok(started.ok, started.ok ? '' : `${started.error.message}\n${started.error.detail}`);
    const { port, pid } = started.value;
    const again = await server.start();
    const pong = await withClient(port, async (client) => {
      await client.set('lab:note', 'kept');
      return client.ping();
    });
    const stopped = await server.stop();
    const isAliveAfterStop = isAlive(pid);

    const restarted = await server.start();
    assert.ok(restarted.ok);
    const kept = await withClient(restarted.value.port, (client) => client.get('lab:note'));
    await server.stop();

    assert.deepStrictEqual(
      {
        again,
        pong,
        stopped,
        isAliveAfterStop,
        restartedPort: restarted.value.port,
        kept,
        rememberedPort: (await readFile(join(folder, 'port'), 'utf8')).trim(),
        files: (await readdir(folder)).sort(),
        statuses,
      },
      {
        again: { ok: true, value: { port, pid } },
        pong: 'PONG',
        stopped: { state: 'stopped' },
        isAliveAfterStop: false,
        restartedPort: port,
        kept: 'kept',
        rememberedPort: String(port),
        files: ['dump.rdb', 'port', 'redis.log'],
        statuses: [
          { state: 'starting' },
          { state: 'running', port, pid, dataDir: folder },
          { state: 'stopped' },
          { state: 'starting' },
          { state: 'running', port, pid: restarted.value.pid, dataDir: folder },
          { state: 'stopped' },
        ],
      },
    );
  });

  test('is unavailable when redis-server is not on the search path', async () => {
    const { server, statuses } = await createServer(await temporaryFolder(), '');
    const started = await server.start();
    const reason = (server.status() as { reason?: string }).reason ?? '';
    assert.deepStrictEqual(
      { status: server.status(), code: started.ok ? 'started' : started.error.code, statuses },
      { status: { state: 'unavailable', reason }, code: 'NOT_FOUND', statuses: [{ state: 'unavailable', reason }] },
    );
    assert.match(reason, /redis-server is not installed/);
  });

  test('a redis-server that cannot start fails with its own words in the detail', async () => {
    const dataDir = await temporaryFolder();
    // A folder where the log file should be makes redis-server refuse to start.
    await mkdir(join(dataDir, 'local-redis', 'redis.log'), { recursive: true });
    const { server, statuses } = await createServer(dataDir);
    const started = await server.start();
    assert.ok(!started.ok);
    const reason = `The local Redis could not use its folder ${join(dataDir, 'local-redis')}. Check that the folder can be written.`;
    assert.deepStrictEqual(
      { code: started.error.code, message: started.error.message, statuses },
      { code: 'INTERNAL', message: reason, statuses: [{ state: 'starting' }, { state: 'failed', reason }] },
    );
    assert.match(started.error.detail ?? '', /Can't open the log file/);
  });

  test('a server left running by an earlier session is adopted, not doubled', async () => {
    const dataDir = await temporaryFolder();
    const { server: earlier } = await createServer(dataDir);
    const first = await earlier.start();
    assert.ok(first.ok);
    const { server: later, statuses } = await createServer(dataDir);
    const adopted = await later.start();
    await later.stop();
    assert.deepStrictEqual(
      { adopted, isAlive: isAlive(first.value.pid), statuses: statuses.map((status) => status.state) },
      { adopted: first, isAlive: false, statuses: ['starting', 'running', 'stopped'] },
    );
  });

  test('a server that dies on its own is reported as failed', async () => {
    const { server, statuses } = await createServer(await temporaryFolder());
    const started = await server.start();
    assert.ok(started.ok);
    process.kill(started.value.pid, 'SIGKILL');
    const deadline = Date.now() + 5000;
    while (server.status().state === 'running' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepStrictEqual(statuses.map((status) => status.state), ['starting', 'running', 'failed']);
    assert.match((server.status() as { reason?: string }).reason ?? '', /stopped unexpectedly \(it was ended by SIGKILL\)/);
  });

  test('stop() while it is still starting ends the process and leaves it stopped', async () => {
    const { server, statuses } = await createServer(await temporaryFolder());
    const starting = server.start();
    const stopped = await server.stop();
    const started = await starting;
    assert.deepStrictEqual(
      { stopped, code: started.ok ? 'started' : started.error.code, last: statuses.at(-1), status: server.status() },
      { stopped: { state: 'stopped' }, code: 'INTERNAL', last: { state: 'stopped' }, status: { state: 'stopped' } },
    );
  });

  test('a process that exits without calling stop() takes its redis-server with it', async () => {
    const dataDir = await temporaryFolder();
    const modulePath = fileURLToPath(new URL('../../src/bus/localRedis/localRedisServer.ts', import.meta.url));
    const script = `
      const { LocalRedisServer } = await import(${JSON.stringify(modulePath)});
      const server = new LocalRedisServer({ dataDir: ${JSON.stringify(dataDir)}, preferredPort: ${await findFreePort()}, onDidChangeStatus() {} });
      const started = await server.start();
      console.log(JSON.stringify(started));
      process.exit(0);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      timeout: 20_000,
    });
    const started = JSON.parse(stdout.trim()) as { ok: boolean; value?: { pid: number } };
    const pid = started.value?.pid ?? -1;
    const deadline = Date.now() + 5000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    assert.deepStrictEqual({ ok: started.ok, isAlive: isAlive(pid) }, { ok: true, isAlive: false });
  });
});
