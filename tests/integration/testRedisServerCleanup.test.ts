import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SUPPORT_URL = new URL('../support/redisServer.ts', import.meta.url).href;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a test process that dies of an uncaught exception leaves no redis-server behind', async () => {
  const script = `
    const { startRedisServer } = await import(${JSON.stringify(SUPPORT_URL)});
    const server = await startRedisServer();
    console.log(server.pid);
    setTimeout(() => { throw new Error('a crash in the middle of a test'); }, 10);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = Number(output.trim());
  const deadline = Date.now() + 3_000;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepStrictEqual({ crashed: exitCode !== 0, hasPid: pid > 0, isServerRunning: isRunning(pid) }, { crashed: true, hasPid: true, isServerRunning: false });
});
