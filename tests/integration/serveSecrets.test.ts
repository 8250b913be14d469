/**
 * The serve host as a user runs it (`node --import tsx src/serve/serveMain.ts`),
 * with every debug switch a technician might set to report a bug (DEBUG=*,
 * NODE_DEBUG for sockets, TLS, HTTP and threads). A profile with a canary
 * password connects to a real redis-server with requirepass, subscribes and
 * publishes; afterwards the canary is in no stdout, stderr or file of the data
 * folder, as UTF-8, UTF-16LE or base64. The same run checks what Labwire left
 * on disk: a data folder that existed 0755 is tightened to 0700 with a notice,
 * every folder is 0700 and every file 0600. And the socket refuses params
 * keyed by prototype member names before they reach the real bus.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SERVE_WEBSOCKET_PATH, type BusToHostMessage } from '../../src/shared/contract';
import type { Profile } from '../../src/shared/profile';
import type { Result } from '../../src/shared/result';
import { PROTOTYPE_KEY_REQUESTS, WELL_FORMED_PROFILE_DRAFT } from '../support/prototypeKeyRequests';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { openSocket, SocketInbox } from '../support/serveClient';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVE_MAIN = join(PROJECT_ROOT, 'src', 'serve', 'serveMain.ts');
const SERVING_LINE = /Labwire serving at http:\/\/127\.0\.0\.1:(?<port>\d+)\/\?token=(?<token>[A-Za-z0-9_-]{43})/;
const DEBUG_SETTINGS = { DEBUG: '*', NODE_DEBUG: 'net,tls,http,https,worker,child_process,stream' };
const STARTUP_TIMEOUT_MS = 30_000;
/** The first answers wait for the bus worker to start; on a loaded 2-core machine that took over 5 s. */
const ANSWER_TIMEOUT_MS = 30_000;

/** The canary as it would appear inside longer UTF-8, UTF-16LE or base64 text (base64 at each of the 3 byte alignments). */
function canaryForms(canary: string): string[] {
  const bytes = Buffer.from(canary, 'utf8');
  const base64 = [0, 1, 2].map((offset) => {
    const text = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // The first group mixes in the padding bytes and the last group the bytes after the canary.
    return text.slice(offset === 0 ? 0 : 4, -4);
  });
  return [canary, ...base64];
}

function containsCanary(data: Buffer, canary: string): boolean {
  const texts = [data.toString('utf8'), data.toString('utf16le'), data.subarray(1).toString('utf16le'), data.toString('latin1')];
  return canaryForms(canary).some((form) => texts.some((text) => text.includes(form)));
}

/** Every folder and file under root, relative, with its mode in octal. */
async function modesUnder(root: string, prefix = ''): Promise<Record<string, string>> {
  const modes: Record<string, string> = {};
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const relative = join(prefix, entry.name);
    modes[relative] = ((await stat(join(root, relative))).mode & 0o777).toString(8);
    if (entry.isDirectory()) Object.assign(modes, await modesUnder(root, relative));
  }
  return modes;
}

describe('no secret in any log, owner-only files (serve host with DEBUG=* and NODE_DEBUG)', () => {
  const canary = `canary-${randomBytes(18).toString('hex')}`;
  let root: string;
  let dataDir: string;
  let redis: TestRedisServer;
  let child: ChildProcess | undefined;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let exited: Promise<number | null>;
  let inbox: SocketInbox;
  let nextId = 1;

  async function request<T>(method: string, params: unknown): Promise<Result<T>> {
    const id = nextId++;
    inbox.socket.send(JSON.stringify({ kind: 'request', id, method, params }));
    const response = await inbox.next((message) => message.kind === 'response' && message.id === id, ANSWER_TIMEOUT_MS);
    if (response.kind !== 'response') throw new Error('unreachable');
    return response.result as Result<T>;
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'labwire-secrets-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
    dataDir = join(root, 'data');
    // As an older Labwire (or a hand-made folder) left it.
    await mkdir(dataDir);
    await chmod(dataDir, 0o755);
    redis = await startRedisServer({ args: ['--requirepass', canary] });
    child = spawn(process.execPath, ['--import', 'tsx', SERVE_MAIN, '--port', '0', '--data-dir', dataDir, '--renderer-dir', root], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...DEBUG_SETTINGS },
    });
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const running = child;
    exited = new Promise((resolve) => running.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    let match: RegExpExecArray | null = null;
    while (!match) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${Buffer.concat(stderr).toString('utf8').slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      match = SERVING_LINE.exec(Buffer.concat(stdout).toString('utf8'));
    }
    const { port, token } = match.groups as { port: string; token: string };
    const outcome = await openSocket(`ws://127.0.0.1:${port}${SERVE_WEBSOCKET_PATH}`, {
      cookie: `labwire_token_${port}=${token}`,
      origin: `http://127.0.0.1:${port}`,
    });
    if (outcome.state !== 'open') throw new Error(`The WebSocket was refused with ${outcome.status}.`);
    inbox = new SocketInbox(outcome.socket);
  });

  after(async () => {
    inbox?.socket.terminate();
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await redis?.stop();
    await rm(root, { recursive: true, force: true });
  });

  test('params keyed by prototype member names are INVALID on the socket, checked by the real bus', async () => {
    const codes: Array<{ name: string; code: string | null }> = [];
    for (const sent of PROTOTYPE_KEY_REQUESTS) {
      const result = await request(sent.method, sent.params);
      codes.push({ name: sent.name, code: result.ok ? null : result.error.code });
    }
    assert.deepStrictEqual(codes, PROTOTYPE_KEY_REQUESTS.map((sent) => ({ name: sent.name, code: 'INVALID' })));
  });

  test('a canary password used to test, connect, subscribe and publish appears in no output and no file', async () => {
    const draft = { ...WELL_FORMED_PROFILE_DRAFT, name: 'Canary', port: redis.port, password: canary };
    const tested = await request('connection:test', { draft });
    const saved = await request<Profile>('profiles:save', draft);
    assert.ok(saved.ok, 'the profile was saved');
    const profileId = saved.value.id;
    await request('connection:open', { profileId });
    await inbox.next(
      (message: BusToHostMessage) =>
        message.kind === 'event' && message.event.type === 'connection:state' && message.event.profileId === profileId && message.event.state.state === 'ready',
      10_000,
    );
    const lane = await request('lanes:add', { profileId, target: { kind: 'channel', name: 'lab/canary' }, decoder: 'auto' });
    const published = await request('publish:send', { profileId, channel: 'lab/canary', payload: 'hello', encoding: 'text', attemptId: 'a1', isConfirmed: false });
    const wrongPassword = await request('connection:test', { draft: { ...draft, password: `${canary}-wrong` } });
    inbox.socket.close();
    child?.kill('SIGTERM');
    const exitCode = await exited;

    const output = { stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) };
    const leaks: string[] = [];
    for (const [name, data] of Object.entries(output)) if (containsCanary(data, canary)) leaks.push(name);
    const modes = await modesUnder(dataDir);
    for (const relative of Object.keys(modes)) {
      const path = join(dataDir, relative);
      if ((await stat(path)).isFile() && containsCanary(await readFile(path), canary)) leaks.push(relative);
    }
    const stderrText = output.stderr.toString('utf8');
    const openEntries = Object.entries(modes).filter(([, mode]) => mode !== '700' && mode !== '600');
    assert.deepStrictEqual(
      {
        steps: [tested.ok, lane.ok, published.ok, wrongPassword.ok ? 'accepted' : wrongPassword.error.code],
        exitCode,
        // The switches took effect: Node's own debug output is there (it names no secret).
        hasNodeDebugOutput: /^NET \d+:/m.test(stderrText),
        leaks,
        dataDirMode: ((await stat(dataDir)).mode & 0o777).toString(8),
        hasTightenedNotice: stderrText.includes(`The folder ${dataDir} could be read by other users of this computer (permissions 755). Labwire made it private to you (permissions 700).`),
        openEntries,
        keptFiles: ['audit/publish.jsonl', 'profiles.json', 'secret.key'].filter((name) => modes[name] === '600'),
      },
      {
        steps: [true, true, true, 'WRONGPASS'],
        exitCode: 0,
        hasNodeDebugOutput: true,
        leaks: [],
        dataDirMode: '700',
        hasTightenedNotice: true,
        openEntries: [],
        keptFiles: ['audit/publish.jsonl', 'profiles.json', 'secret.key'],
      },
    );
  });
});
