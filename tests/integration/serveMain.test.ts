/**
 * `node --import tsx src/serve/serveMain.ts` as a user runs it (from source):
 * the one printed line, the real bus thread behind the WebSocket, and a clean
 * exit on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SERVE_WEBSOCKET_PATH } from '../../src/shared/contract';
import { openSocket, rawGet, SocketInbox } from '../support/serveClient';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVE_MAIN = join(PROJECT_ROOT, 'src', 'serve', 'serveMain.ts');
const SERVING_LINE = /^Labwire serving at http:\/\/127\.0\.0\.1:(?<port>\d+)\/\?token=(?<token>[A-Za-z0-9_-]{43})$/;

interface RunningServe {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

function runServe(args: string[]): RunningServe {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_MAIN, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout, stderr, exited };
}

async function waitForLine(running: RunningServe, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = running.stdout.join('');
    const newline = text.indexOf('\n');
    if (newline >= 0) return text.slice(0, newline);
    if (running.child.exitCode !== null) throw new Error(`serve exited early: ${running.stderr.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('serve printed nothing in time');
}

describe('serve command line', () => {
  let root: string;
  const children: ChildProcess[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'labwire-serve-main-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  });

  test('prints one line with the token, serves the real bus over the WebSocket, and exits 0 on SIGTERM', async () => {
    const running = runServe(['--port', '0', '--data-dir', join(root, 'data'), '--renderer-dir', root]);
    children.push(running.child);
    const line = await waitForLine(running);
    const match = SERVING_LINE.exec(line);
    assert.ok(match?.groups, `unexpected line: ${line}`);
    const { port, token } = match.groups as { port: string; token: string };

    const redirect = await rawGet(Number(port), `/?token=${token}`);
    const socket = await openSocket(`ws://127.0.0.1:${port}${SERVE_WEBSOCKET_PATH}`, {
      cookie: `labwire_token_${port}=${token}`,
      origin: `http://127.0.0.1:${port}`,
    });
    assert.equal(socket.state, 'open');
    if (socket.state !== 'open') return;
    const inbox = new SocketInbox(socket.socket);
    socket.socket.send(JSON.stringify({ kind: 'request', id: 1, method: 'system:hello', params: {} }));
    const hello = await inbox.response(1);
    socket.socket.close();

    running.child.kill('SIGTERM');
    const exitCode = await running.exited;
    const version = (JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const helloValue = hello.kind === 'response' && hello.result.ok ? (hello.result.value as Record<string, unknown>) : {};
    assert.deepStrictEqual(
      {
        redirect: redirect.status,
        hello: { appVersion: helloValue.appVersion, host: helloValue.host, dataDir: helloValue.dataDir },
        exitCode,
        stdoutLines: running.stdout.join('').trimEnd().split('\n').length,
        isTokenOnStderr: running.stderr.join('').includes(token),
      },
      {
        redirect: 302,
        hello: { appVersion: version, host: 'serve', dataDir: join(root, 'data') },
        exitCode: 0,
        stdoutLines: 1,
        isTokenOnStderr: false,
      },
    );
  });

  test('a missing renderer build stops with a plain message naming npm run build', async () => {
    const running = runServe(['--port', '0', '--data-dir', join(root, 'data2'), '--renderer-dir', join(root, 'nothing-here')]);
    children.push(running.child);
    const exitCode = await running.exited;
    assert.deepStrictEqual(
      { exitCode, stdout: running.stdout.join(''), stderr: running.stderr.join('') },
      {
        exitCode: 1,
        stdout: '',
        stderr: `The browser app is not built: ${join(root, 'nothing-here', 'index.html')} is missing. Run "npm run build", then start Labwire again.\n`,
      },
    );
  });

  test('--help prints the usage and an unknown option exits 2', async () => {
    const help = runServe(['--help']);
    const unknown = runServe(['--prot', '1']);
    children.push(help.child, unknown.child);
    const [helpCode, unknownCode] = await Promise.all([help.exited, unknown.exited]);
    assert.deepStrictEqual(
      { helpCode, helpStarts: help.stdout.join('').split('\n')[0], unknownCode, unknownError: unknown.stderr.join('') },
      {
        helpCode: 0,
        helpStarts: 'Usage: npm run serve -- [options]',
        unknownCode: 2,
        unknownError: 'Unknown option --prot. Run with --help to see the options.\n',
      },
    );
  });
});
