/**
 * scripts/demo.sh (`npm run demo`): installs redis-server when it is missing,
 * says what it does, and starts the console whatever happens. Run with a PATH
 * of fake commands (FakeAptGet and friends: small scripts that record how they
 * were called), so no package is installed and no console is started.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DEMO_SCRIPT = fileURLToPath(new URL('../../scripts/demo.sh', import.meta.url));
const BASH = '/bin/bash';

interface FakeCommands {
  /** The uid the fake `id -u` prints. */
  uid: number;
  hasRedisServer: boolean;
  hasAptGet: boolean;
  hasSudo: boolean;
  /** Exit code of the fake apt-get. */
  aptGetExitCode: number;
}

interface ScriptRun {
  exitCode: number | null;
  output: string;
  /** Every fake command called, one line each: its name and arguments. */
  calls: string[];
}

describe('npm run demo (scripts/demo.sh)', () => {
  let root: string;
  let runCount = 0;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'labwire-demo-script-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function runScript(fakes: FakeCommands): Promise<ScriptRun> {
    runCount++;
    const bin = join(root, `bin-${runCount}`);
    const log = join(root, `calls-${runCount}.log`);
    await mkdir(bin);
    const fake = async (name: string, body: string): Promise<void> => {
      const path = join(bin, name);
      await writeFile(path, `#!${BASH}\necho "${name} $*" >> "${log}"\n${body}\n`);
      await chmod(path, 0o755);
    };
    await fake('id', `echo ${fakes.uid}`);
    await fake('npm', 'exit 0');
    if (fakes.hasRedisServer) await fake('redis-server', 'exit 0');
    if (fakes.hasAptGet) await fake('apt-get', `exit ${fakes.aptGetExitCode}`);
    // The fake sudo runs its command (after -n) so the fake apt-get records the call too.
    if (fakes.hasSudo) await fake('sudo', '[ "$1" = "-n" ] && shift; exec "$@"');

    const child = spawn(BASH, [DEMO_SCRIPT, '--port', '0'], { env: { PATH: bin }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const calls = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line.length > 0);
    return { exitCode, output, calls: calls.filter((line) => !line.startsWith('id ')) };
  }

  test('with redis-server installed it starts the console with the demo and installs nothing', async () => {
    const run = await runScript({ uid: 1000, hasRedisServer: true, hasAptGet: true, hasSudo: true, aptGetExitCode: 0 });
    assert.deepStrictEqual(run, { exitCode: 0, output: '', calls: ['npm run serve -- --demo --port 0'] });
  });

  test('without redis-server, as a user with sudo, it says what it installs, installs it, then starts the console', async () => {
    const run = await runScript({ uid: 1000, hasRedisServer: false, hasAptGet: true, hasSudo: true, aptGetExitCode: 0 });
    assert.deepStrictEqual(run, {
      exitCode: 0,
      output: [
        'Labwire demo: demo traffic needs redis-server, which is not installed.',
        'Labwire demo: sudo may ask for your password.',
        'Labwire demo: installing it with: sudo -n apt-get install redis-server',
        'Labwire demo: redis-server is installed.',
        '',
      ].join('\n'),
      calls: [
        'sudo -n apt-get update -qq',
        'apt-get update -qq',
        'sudo -n apt-get install -y -qq --no-install-recommends redis-server',
        'apt-get install -y -qq --no-install-recommends redis-server',
        'npm run serve -- --demo --port 0',
      ],
    });
  });

  test('when the install fails it says so and still starts the console, whose page explains the rest', async () => {
    const run = await runScript({ uid: 0, hasRedisServer: false, hasAptGet: true, hasSudo: false, aptGetExitCode: 100 });
    assert.deepStrictEqual(run, {
      exitCode: 0,
      output: [
        'Labwire demo: demo traffic needs redis-server, which is not installed.',
        'Labwire demo: installing it with: apt-get install redis-server',
        'Labwire demo: could not update the package lists (see above).',
        'Labwire demo: starting the console without it; the page says what is missing and how to fix it.',
        '',
      ].join('\n'),
      calls: ['apt-get update -qq', 'npm run serve -- --demo --port 0'],
    });
  });

  test('without apt-get or sudo it says what to do by hand and still starts the console', async () => {
    const noAptGet = await runScript({ uid: 1000, hasRedisServer: false, hasAptGet: false, hasSudo: true, aptGetExitCode: 0 });
    const noSudo = await runScript({ uid: 1000, hasRedisServer: false, hasAptGet: true, hasSudo: false, aptGetExitCode: 0 });
    assert.deepStrictEqual(
      { noAptGet: noAptGet.output.split('\n')[1], noAptGetCalls: noAptGet.calls, noSudo: noSudo.output.split('\n')[1], noSudoCalls: noSudo.calls },
      {
        noAptGet:
          "Labwire demo: cannot install redis-server here (no apt-get: not Debian or Ubuntu). Install Redis with this system's package manager, then run npm run demo again.",
        noAptGetCalls: ['npm run serve -- --demo --port 0'],
        noSudo: 'Labwire demo: cannot install redis-server: it needs root and sudo is not installed. As root, run: apt-get install redis-server',
        noSudoCalls: ['npm run serve -- --demo --port 0'],
      },
    );
  });
});
