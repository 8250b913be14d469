/**
 * The bus worker thread, host side and worker loop together, on a real
 * worker started from TypeScript source (the tsx bootstrap) with a
 * FakeBusCore behind it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MAX_RESTARTS_PER_WINDOW, startBusThread, type BusThread, type BusThreadStatus } from '../../src/bus/busThread';
import type { BusToHostMessage } from '../../src/shared/contract';
import { FAKE_DISPOSED_MARKER } from '../support/fakeBusCore';
import type { FakeBusWorkerData, FakeBusWorkerSettings } from '../support/fakeBusWorker';

const FAKE_WORKER_URL = new URL('../support/fakeBusWorker.ts', import.meta.url);

describe('bus thread', () => {
  let dataDir: string;
  const threads: BusThread[] = [];
  const logLines: string[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'labwire-busthread-'));
  });
  after(async () => {
    await Promise.all(threads.map((thread) => thread.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(fake: FakeBusWorkerSettings = {}, stopTimeoutMs?: number): Promise<{ thread: BusThread; dir: string }> {
    const dir = await mkdtemp(join(dataDir, 'run-'));
    const workerData: FakeBusWorkerData = { host: 'serve', appVersion: '9.9.9', dataDir: dir, keySource: { kind: 'keyFile' }, fake };
    const thread = startBusThread({
      workerUrl: FAKE_WORKER_URL,
      workerData,
      log: (line) => logLines.push(line),
      ...(stopTimeoutMs ? { stopTimeoutMs } : {}),
    });
    threads.push(thread);
    return { thread, dir };
  }

  test('requests sent before the core is ready wait for it, then are answered', async () => {
    const { thread, dir } = await start({ startDelayMs: 200 });
    const results = await Promise.all([thread.request('system:hello', {}), thread.request('fake:echo', { n: [1, 2] })]);
    assert.deepStrictEqual(results, [
      {
        ok: true,
        value: {
          appVersion: '9.9.9',
          host: 'serve',
          dataDir: dir,
          secretStorage: { state: 'unavailable', reason: 'fake core' },
          localRedis: { state: 'unavailable', reason: 'fake core' },
        },
      },
      { ok: true, value: { n: [1, 2] } },
    ]);
  });

  test('requests reach the core with the client the host named (the host itself when none); clientGone releases that client after its earlier requests', async () => {
    const { thread } = await start({ startDelayMs: 100 });
    // Sent while the core is still starting: the release must still come after the opens that preceded it.
    const opening = [thread.request('plots:open', {}, 'serve:socket-1'), thread.request('plots:open', {}, 'serve:socket-2')];
    thread.clientGone('serve:socket-1');
    const opened = await Promise.all(opening);
    const whoAmI = [await thread.request('fake:whoAmI', {}, 'desktop:3:1'), await thread.request('fake:whoAmI', {})];
    assert.deepStrictEqual(
      { opened, whoAmI, ownership: await thread.request('fake:ownership', {}) },
      {
        opened: [
          { ok: true, value: { plotId: 'fake-plot-1' } },
          { ok: true, value: { plotId: 'fake-plot-2' } },
        ],
        whoAmI: [
          { ok: true, value: 'desktop:3:1' },
          { ok: true, value: 'host' },
        ],
        ownership: { ok: true, value: { plotOwners: { 'fake-plot-2': 'serve:socket-2' }, released: ['serve:socket-1'] } },
      },
    );
  });

  test('a core that failed to start answers every request with INTERNAL', async () => {
    const { thread } = await start({ startFailure: 'the data folder is not writable' });
    const result = await thread.request('system:hello', {});
    assert.deepStrictEqual(result, {
      ok: false,
      error: {
        code: 'INTERNAL',
        message:
          'The Labwire engine could not start, so this request could not run. Restart Labwire; if it happens again, the log has the details.',
        detail: 'the data folder is not writable',
      },
    });
  });

  test('events from the core reach every onDidEmit listener until it unsubscribes', async () => {
    const { thread } = await start();
    const first: BusToHostMessage[] = [];
    const second: BusToHostMessage[] = [];
    thread.onDidEmit((message) => first.push(message));
    const unsubscribe = thread.onDidEmit((message) => second.push(message));
    const event: BusToHostMessage = { kind: 'event', event: { type: 'localRedis:status', status: { state: 'stopped' } } };
    await thread.request('fake:emit', event);
    unsubscribe();
    await thread.request('fake:emit', event);
    assert.deepStrictEqual({ first, second }, { first: [event, event], second: [event] });
  });

  test('stray exceptions and rejections inside the worker do not stop it', async () => {
    const { thread } = await start();
    await thread.request('fake:throwLater', null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await thread.request('fake:echo', 'still here');
    assert.deepStrictEqual({ after, state: thread.status().state }, { after: { ok: true, value: 'still here' }, state: 'running' });
  });

  test('a worker that dies answers pending requests with INTERNAL, restarts, and gives up after repeated deaths', async () => {
    const { thread } = await start();
    const statuses: BusThreadStatus['state'][] = [];
    thread.onDidChangeStatus((status) => statuses.push(status.state));
    const died = await thread.request('fake:exit', null);
    const afterRestart = await thread.request('fake:echo', 'restarted');
    for (let death = 1; death < MAX_RESTARTS_PER_WINDOW + 1; death++) await thread.request('fake:exit', null);
    const afterGivingUp = await thread.request('fake:echo', 'too late');
    assert.deepStrictEqual(
      { died, afterRestart, afterGivingUp, statuses },
      {
        died: {
          ok: false,
          error: {
            code: 'INTERNAL',
            message:
              'The Labwire engine stopped unexpectedly while this request was running. It restarts by itself; open your connections again.',
            detail: 'the worker exited with code 7',
          },
        },
        afterRestart: { ok: true, value: 'restarted' },
        afterGivingUp: {
          ok: false,
          error: { code: 'INTERNAL', message: 'The Labwire engine stopped several times in a row and was not restarted. Restart Labwire.' },
        },
        statuses: ['restarted', 'restarted', 'restarted', 'failed'],
      },
    );
  });

  test('stop disposes the core, answers later requests with INTERNAL and reports stopped', async () => {
    const { thread, dir } = await start();
    await thread.request('system:hello', {});
    const pending = thread.request('fake:wait', 5_000);
    await thread.stop();
    const later = await thread.request('system:hello', {});
    assert.deepStrictEqual(
      { pending: await pending, later, isDisposed: existsSync(join(dir, FAKE_DISPOSED_MARKER)), state: thread.status().state },
      {
        pending: { ok: false, error: { code: 'INTERNAL', message: 'Labwire is shutting down, so this request was not run.' } },
        later: { ok: false, error: { code: 'INTERNAL', message: 'Labwire is shutting down, so this request was not run.' } },
        isDisposed: true,
        state: 'stopped',
      },
    );
  });

  test('stop terminates a worker whose core does not finish disposing in time', async () => {
    const { thread, dir } = await start({ disposeDelayMs: Infinity }, 300);
    await thread.request('system:hello', {});
    await thread.stop();
    assert.deepStrictEqual(
      { state: thread.status().state, isDisposed: existsSync(join(dir, FAKE_DISPOSED_MARKER)), logged: logLines.at(-1) },
      { state: 'stopped', isDisposed: false, logged: 'The bus worker did not shut down within 300 ms; terminating it.' },
    );
  });
});
