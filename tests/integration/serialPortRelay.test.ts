/**
 * Serial ports in the desktop app: the bus asks the desktop host, over a
 * MessagePort, to start each port process (Electron's utilityProcess), and
 * the host relays messages both ways (src/main/desktop/portProcessRelay.ts,
 * src/bus/bridges/serial/portProcess.ts). Electron cannot run here: a forked
 * Node child with the utility process's `process.parentPort` shimmed in
 * (tests/support/utilityProcessShim.ts) stands in for utilityProcess.fork.
 * Proven on a socat pty: bytes in, a command written once, the process gone
 * after stop, and every process killed when the bus's end of the port closes.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, test } from 'node:test';
import { createSerialLink } from '../../src/bus/bridges/serial/serialLink';
import { portProcessesFromHost } from '../../src/bus/bridges/serial/portProcess';
import { relayPortProcesses, type RelayedProcess } from '../../src/main/desktop/portProcessRelay';
import { defaultSerialSettings } from '../../src/shared/bridges';
import { ok } from '../../src/shared/result';
import { openBenchEnd, startSocatPty } from '../support/socatPty';
import { until } from '../support/waitUntil';
import { isAlive } from '../support/portProcesses';

const OPEN_WAIT_MS = 20_000;
const PORT_SCRIPT = fileURLToPath(new URL('../../src/bus/bridges/serial/serialPortProcess.ts', import.meta.url));
const SHIM = fileURLToPath(new URL('../support/utilityProcessShim.ts', import.meta.url));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What utilityProcess.fork gives the relay, played by a Node child whose port script sees a utility process's parentPort. */
function startStandIn(started: number[]): RelayedProcess {
  const child = fork(PORT_SCRIPT, [], { execArgv: ['--import', import.meta.resolve('tsx'), '--import', SHIM], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  if (child.pid !== undefined) started.push(child.pid);
  return {
    postMessage: (message) => void child.send(message as object),
    on: (event: 'message' | 'exit', listener: (value: never) => void) =>
      event === 'message' ? child.on('message', listener as (message: unknown) => void) : child.on('exit', (code) => (listener as (code: number) => void)(code ?? -1)),
    kill: () => child.kill('SIGKILL'),
  } as RelayedProcess;
}

async function relayedLink() {
  const pty = await startSocatPty();
  cleanups.push(() => pty.stop());
  const bench = await openBenchEnd(pty.benchPath);
  cleanups.push(() => bench.close());
  const { port1, port2 } = new MessageChannel();
  const started: number[] = [];
  relayPortProcesses(port1, () => startStandIn(started));
  cleanups.push(() => port1.close());
  const link = createSerialLink({ ...defaultSerialSettings(), stallAfterMs: 0, path: pty.devicePath }, { linkKind: 'process', hostKind: 'desktop', portProcesses: portProcessesFromHost(port2) });
  const chunks: Buffer[] = [];
  link.onData((chunk) => chunks.push(chunk.bytes));
  cleanups.push(() => link.stop());
  link.start();
  return { link, bench, port2, started, received: () => Buffer.concat(chunks).toString() };
}

describe('serial port processes started by the desktop host', () => {
  test('a desktop bus with the relay opens the port in a relayed process: bytes in, each command written once, the process gone after stop', async () => {
    const { link, bench, started, received } = await relayedLink();
    await until('the port open', () => link.status().state === 'open', OPEN_WAIT_MS);
    assert.equal(started.length, 1);
    await bench.write('{"t":1}\n{"t":2}\n');
    await until('both lines through the relay', () => received() === '{"t":1}\n{"t":2}\n');
    assert.deepStrictEqual(await link.write(Buffer.from('fan on\n')), ok({ bytesWritten: 7 }));
    await until('the command on the device end', () => bench.received().toString() === 'fan on\n');
    await bench.write('{"t":3}\n');
    await until('a round trip after the write', () => received().endsWith('{"t":3}\n'));
    assert.equal(bench.received().toString(), 'fan on\n', 'written once');
    await link.stop();
    await until('the relayed process ended after stop', () => !isAlive(started[0]!), OPEN_WAIT_MS);
  });

  test("when the bus's end of the port closes (the worker stopped or crashed), the host kills every port process", async () => {
    const { link, port2, started } = await relayedLink();
    await until('the port open', () => link.status().state === 'open', OPEN_WAIT_MS);
    assert.ok(isAlive(started[0]!));
    port2.close();
    await until('the port process killed', () => !isAlive(started[0]!), OPEN_WAIT_MS);
  });
});
