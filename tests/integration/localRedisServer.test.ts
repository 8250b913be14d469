import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { LocalRedisServer } from '../../src/bus/localRedis/localRedisServer';
import { BusCore, type DataKeySource } from '../../src/bus/busCore';
import type { BusToHostMessage } from '../../src/shared/contract';
import type { ConnectionState } from '../../src/shared/connectionState';
import type { Profile } from '../../src/shared/profile';
import type { LocalRedisStatus } from '../../src/shared/simulator';
import { findFreePort } from '../support/freePort';
import { startRedisServer } from '../support/redisServer';
import { until, valueOf } from '../support/waitUntil';

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

async function withClient<T>(port: number, password: string | undefined, use: (client: Redis) => Promise<T>): Promise<T> {
  // Without a password the ready check (INFO) is refused too; the test wants that refusal from its own command.
  const client = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, enableReadyCheck: password !== undefined });
  client.on('error', () => undefined);
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
    const { port, pid, password } = started.value;
    const again = await server.start();
    const pong = await withClient(port, password, async (client) => {
      await client.set('lab:note', 'kept');
      return client.ping();
    });
    const stopped = await server.stop();
    const isAliveAfterStop = isAlive(pid);

    const restarted = await server.start();
    assert.ok(restarted.ok);
    const kept = await withClient(restarted.value.port, restarted.value.password, (client) => client.get('lab:note'));
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
        again: { ok: true, value: { port, pid, password } },
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
    const adopted = await later.start(first.value.password);
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

/** Every byte of every file under the folder, as latin1 text. */
async function allFileText(folder: string): Promise<string> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, 'latin1')))).join('\n');
}

async function refusalOfPlainClient(port: number): Promise<string> {
  return withClient(port, undefined, (client) => client.get('lab:note').then(() => 'answered', (error: Error) => error.message));
}

describe('the managed Redis has a random password', () => {
  test('a plain client is refused, the password is on no command line and in no file, and each new server gets its own', async () => {
    const dataDir = await temporaryFolder();
    // redis-server overwrites its own argv once running, so a fake launcher records the arguments it was given.
    const fakeLauncherFolder = await temporaryFolder();
    const argumentsPath = join(fakeLauncherFolder, 'arguments.txt');
    const realBinary = (await promisify(execFile)('sh', ['-c', 'command -v redis-server'])).stdout.trim();
    await writeFile(join(fakeLauncherFolder, 'redis-server'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${argumentsPath}'\nexec '${realBinary}' "$@"\n`, { mode: 0o700 });
    const { server } = await createServer(dataDir, fakeLauncherFolder);
    const started = valueOf(await server.start());
    const refusal = await refusalOfPlainClient(started.port);
    const withPassword = await withClient(started.port, started.password, (client) => client.ping());
    const commandLine = await readFile(argumentsPath, 'latin1');
    const boundAddress = await withClient(started.port, started.password, (client) => client.config('GET', 'bind'));
    const protectedMode = await withClient(started.port, started.password, (client) => client.config('GET', 'protected-mode'));
    await server.stop();
    const files = await allFileText(dataDir);
    await rm(join(dataDir, 'local-redis', 'port'));
    const second = valueOf(await server.start());
    await server.stop();
    assert.deepStrictEqual(
      {
        refusal,
        withPassword,
        isLaunchRecorded: commandLine.includes('--protected-mode'),
        isOnCommandLine: commandLine.includes(started.password),
        isInAFile: files.includes(started.password),
        boundAddress,
        protectedMode,
        passwordLength: started.password.length,
        isSecondDifferent: second.password !== started.password,
      },
      {
        refusal: 'NOAUTH Authentication required.',
        withPassword: 'PONG',
        isLaunchRecorded: true,
        isOnCommandLine: false,
        isInAFile: false,
        boundAddress: ['bind', '127.0.0.1'],
        protectedMode: ['protected-mode', 'yes'],
        passwordLength: 43,
        isSecondDifferent: true,
      },
    );
  });

  test('a server left running from before it had a password is adopted and given one', async () => {
    const dataDir = await temporaryFolder();
    const folder = join(dataDir, 'local-redis');
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const earlier = await startRedisServer({ dir: folder });
    await writeFile(join(folder, 'port'), `${earlier.port}\n`);
    const { server } = await createServer(dataDir);
    const adopted = valueOf(await server.start());
    const refusal = await refusalOfPlainClient(earlier.port);
    const withPassword = await withClient(earlier.port, adopted.password, (client) => client.ping());
    await server.stop();
    await earlier.stop();
    assert.deepStrictEqual(
      { port: adopted.port, pid: adopted.pid, refusal, withPassword },
      { port: earlier.port, pid: earlier.pid, refusal: 'NOAUTH Authentication required.', withPassword: 'PONG' },
    );
  });
});

describe('the managed profile through the bus', () => {
  const keySources: Record<string, DataKeySource> = {
    sealed: { kind: 'keyFile' },
    session: { kind: 'none', reason: 'this test keeps secrets in memory' },
  };
  for (const [name, keySource] of Object.entries(keySources)) {
    test(`connects with the server's password, kept ${name === 'sealed' ? 'sealed on disk' : 'in memory only'}`, async () => {
      const dataDir = await temporaryFolder();
      const states = new Map<string, ConnectionState>();
      const core = await BusCore.create({
        host: 'serve',
        appVersion: 'test',
        dataDir,
        keySource,
        emit: (message: BusToHostMessage) => {
          if (message.kind === 'event' && message.event.type === 'connection:state') states.set(message.event.profileId, message.event.state);
        },
      });
      try {
        const { profile } = valueOf(await core.handle('localRedis:start', {})) as { profile: Profile };
        valueOf(await core.handle('connection:open', { profileId: profile.id }));
        const state = await until('the managed profile to settle', () => {
          const current = states.get(profile.id);
          return current && current.state !== 'connecting' && current.state !== 'idle' ? current : undefined;
        }, 10_000);
        const refusal = await refusalOfPlainClient(profile.port);
        const profilesFile = await readFile(join(dataDir, 'profiles.json'), 'utf8');
        const managed = (JSON.parse(profilesFile) as { profiles: { isManagedLocal: boolean; sealedPassword?: string }[] }).profiles.find(
          (entry) => entry.isManagedLocal,
        );
        assert.deepStrictEqual(
          { state: state.state, hasPassword: profile.hasPassword, refusal, isSealedOnDisk: managed?.sealedPassword !== undefined },
          { state: 'ready', hasPassword: true, refusal: 'NOAUTH Authentication required.', isSealedOnDisk: name === 'sealed' },
        );
      } finally {
        await core.dispose();
      }
    });
  }
});
