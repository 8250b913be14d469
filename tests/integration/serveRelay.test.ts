/**
 * `node --import tsx src/serve/serveMain.ts --relay-port 0` as a user runs
 * it, with a data folder whose first profile points at a real test
 * redis-server: the relay line names that profile, carries the token, and a
 * real `ws` client with it receives what Redis publishes. With the profile
 * pointing at a port where nothing listens, the relay refuses in words that
 * name the profile and its address instead of serving nothing.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { PROFILES_FILE_NAME, writeProfilesFile } from '../../src/bus/profiles/profileFile';
import { defaultProfileFields } from '../../src/shared/profile';
import { findFreePort } from '../support/freePort';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { RelayTestClient } from '../support/relayTestClient';
import { until } from '../support/waitUntil';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVE_MAIN = join(PROJECT_ROOT, 'src', 'serve', 'serveMain.ts');
const RELAY_LINE = /^Relay: ws:\/\/127\.0\.0\.1:(?<port>\d+)\/\?token=(?<token>[A-Za-z0-9_-]+) serves (?<profile>.+) \(the address carries the relay's token\)$/;
const STARTUP_TIMEOUT_MS = 30_000;

interface RunningServe {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
}

function runServe(args: string[]): RunningServe {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_MAIN, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const running: RunningServe = { child, stdout: [], stderr: [] };
  child.stdout?.on('data', (chunk: Buffer) => running.stdout.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => running.stderr.push(chunk.toString('utf8')));
  return running;
}

function relayLineOf(running: RunningServe): Promise<string> {
  return until(
    'the serve host printed its relay line',
    () => {
      if (running.child.exitCode !== null) throw new Error(`serve exited early: ${running.stderr.join('')}`);
      return running.stdout.join('').split('\n').find((line) => line.startsWith('Relay: '));
    },
    STARTUP_TIMEOUT_MS,
  );
}

/** A data folder whose only profile is "name" at 127.0.0.1:port. */
async function dataFolderWith(root: string, name: string, port: number): Promise<string> {
  const dataDir = join(root, name.replace(/\W/g, '-'));
  await mkdir(dataDir, { recursive: true });
  const now = Date.now();
  await writeProfilesFile(join(dataDir, PROFILES_FILE_NAME), [
    { ...defaultProfileFields(), name, port, id: `profile-${port}`, isManagedLocal: false, createdAt: now, updatedAt: now },
  ]);
  return dataDir;
}

describe('serve --relay-port', () => {
  let root: string;
  let redis: TestRedisServer;
  const children: ChildProcess[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'labwire-serve-relay-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
    redis = await startRedisServer();
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await redis?.stop();
    await rm(root, { recursive: true, force: true });
  });

  test('starts the relay for the first profile, prints its address and token, and a ws client with that token receives messages', async () => {
    const dataDir = await dataFolderWith(root, 'Bench Redis', redis.port);
    const running = runServe(['--port', '0', '--data-dir', dataDir, '--renderer-dir', root, '--relay-port', '0']);
    children.push(running.child);
    const line = await relayLineOf(running);
    const match = RELAY_LINE.exec(line);
    assert.ok(match?.groups, `unexpected relay line: ${line}`);
    const { port, token, profile } = match.groups as { port: string; token: string; profile: string };
    assert.equal(profile, `"Bench Redis" (127.0.0.1:${redis.port})`);

    const refused = await RelayTestClient.connect(Number(port), { token: null });
    assert.ok(!(refused instanceof RelayTestClient) && refused.refusedWith === 401, 'a client without the token is refused');
    const client = await RelayTestClient.open(Number(port), { token });
    const publisher = new Redis({ host: '127.0.0.1', port: redis.port, retryStrategy: () => null });
    try {
      await client.subscribe('channel', 'lab:incubator');
      await publisher.publish('lab:incubator', '{"temperature":24.5}');
      const [message] = await until('the client received the message', () => (client.ofType('message').length > 0 ? client.ofType('message') : undefined), STARTUP_TIMEOUT_MS);
      assert.deepStrictEqual({ channel: message?.['channel'], seq: message?.['seq'], data: message?.['data'] }, { channel: 'lab:incubator', seq: 1, data: { temperature: 24.5 } });
    } finally {
      client.close();
      publisher.disconnect();
    }
  });

  test('refuses in words naming the profile and its address when that profile cannot connect', async () => {
    const deadPort = await findFreePort();
    const dataDir = await dataFolderWith(root, 'Dead Redis', deadPort);
    const running = runServe(['--port', '0', '--data-dir', dataDir, '--renderer-dir', root, '--relay-port', '0']);
    children.push(running.child);
    const line = await relayLineOf(running);
    assert.match(line, new RegExp(`^Relay: The relay did not start: it serves the first saved profile, "Dead Redis" \\(127\\.0\\.0\\.1:${deadPort}\\), and that profile could not connect: .+ Start that Redis, or start the relay for another profile in the console \\(Bridges tab\\)\\.$`));
    assert.doesNotMatch(line, /token=/);
  });
});
