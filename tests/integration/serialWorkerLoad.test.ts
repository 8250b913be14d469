/**
 * The bus runs on a worker thread. serialport's own read path crashes a
 * process from a worker (see serialDevice.ts), so this runs the real serial
 * link in a Worker against a pseudo-terminal: the binding loads there from
 * its shipped N-API prebuild (nothing compiled at install), ports are
 * listed, bytes flow both ways, and an unplug and replug are survived.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { ok } from '../../src/shared/result';
import type { LinkStatus } from '../../src/bus/bridges/bridgeLink';
import { openBenchEnd, startSocatPty } from '../support/socatPty';
import type { SerialWorkerRequest } from '../support/serialLinkWorker';
import { until } from '../support/waitUntil';

type WorkerMessage =
  | { kind: 'loaded'; loadedFrom: string; listed: { ports: unknown[]; note: string | null } }
  | { kind: 'status'; status: LinkStatus }
  | { kind: 'data'; text: string }
  | { kind: 'written'; result: unknown }
  | { kind: 'stopped' };

/** As busThread.ts starts a TypeScript worker: tsx registered inside it by a small bootstrap. */
function startSerialWorker(devicePath: string): Worker {
  const entryUrl = new URL('../support/serialLinkWorker.ts', import.meta.url).href;
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApiUrl)}).then(({ register }) => { register(); return import(${JSON.stringify(entryUrl)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: { devicePath } });
}

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('the serial link runs on a worker thread: prebuilt binding, port list, bytes both ways, unplug and replug', async () => {
  const pty = await startSocatPty();
  cleanups.push(() => pty.stop());
  const worker = startSerialWorker(pty.devicePath);
  let exitCode: number | null = null;
  worker.on('exit', (code) => (exitCode = code));
  cleanups.push(() => worker.terminate());
  const messages: WorkerMessage[] = [];
  worker.on('message', (message: WorkerMessage) => messages.push(message));
  const send = (request: SerialWorkerRequest): void => worker.postMessage(request);
  const lastState = (): string | undefined => messages.filter((message) => message.kind === 'status').at(-1)?.status.state;
  const received = (): string => messages.map((message) => (message.kind === 'data' ? message.text : '')).join('');

  const loaded = await until('the worker loaded', () => messages.find((message) => message.kind === 'loaded'), 20_000);
  // From the package's prebuilds/ (linux-x64 here), not a build/ folder a compile would have made.
  assert.match(loaded.loadedFrom, /[\\/]@serialport[\\/]bindings-cpp[\\/]prebuilds[\\/][^\\/]+[\\/]@serialport\+bindings-cpp[^\\/]*\.node$/);
  assert.equal(loaded.listed.note === null, loaded.listed.ports.length > 0, 'a note exactly when no port is listed');

  await until('open in the worker', () => lastState() === 'open', 10_000);
  const bench = await openBenchEnd(pty.benchPath);
  cleanups.push(() => bench.close());
  // The link's first read has waited by now: that wait is what crashes serialport's own reader on a worker.
  await bench.write('from the device\n');
  await until('the line in the worker', () => received() === 'from the device\n');
  send({ kind: 'write', text: 'to the device\n' });
  await until('the write answered', () => messages.find((message) => message.kind === 'written'));
  assert.deepStrictEqual(
    messages.find((message) => message.kind === 'written'),
    { kind: 'written', result: ok({ bytesWritten: 14 }) },
  );
  await until('the command on the device end', () => bench.received().toString() === 'to the device\n');

  await bench.close();
  await pty.kill();
  await until('reopening after the unplug', () => lastState() === 'reopening');
  await pty.restart();
  await until('open again after the replug', () => lastState() === 'open', 15_000);

  send({ kind: 'stop' });
  await until('stopped', () => messages.find((message) => message.kind === 'stopped'));
  assert.equal(lastState(), 'closed');
  assert.equal(exitCode, null, 'the worker is still alive');
});
