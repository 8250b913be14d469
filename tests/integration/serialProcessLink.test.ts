/**
 * The serial link with its port in a process of its own (the link Windows
 * uses), proven here on a real pseudo-terminal pair (socat): bytes both ways
 * with the port held by the child, a command written once, unplug and
 * replug, a crashed port process reported and replaced, the watchdog,
 * bounded reads while the bus thread is busy, and no child left after stop
 * or after the bus process dies.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { ok } from '../../src/shared/result';
import { until } from '../support/waitUntil';
import { checkStallClearedByByte, descriptorsOn, serialLinkOnPty } from '../support/serialLinkOnPty';
import { isAlive, portProcessPids } from '../support/portProcesses';

/** The backoff tops out at 5 s, so a replug can take that long to be seen on this slow machine. */
const REOPEN_WAIT_MS = 15_000;
/** Starting a Node process that loads tsx takes seconds on this shared machine. */
const OPEN_WAIT_MS = 20_000;

const rig = serialLinkOnPty({ linkKind: 'process' });
const { cleanups, startPty, openBench, startLink } = rig;

async function onePortProcess(): Promise<number> {
  const pids = await portProcessPids();
  assert.equal(pids.length, 1, `one port process, found ${pids.length}`);
  return pids[0]!;
}

/** Pids whose parent is `parentPid`, read synchronously from /proc for until(). */
function childrenOf(parentPid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      const stat = readSync(`/proc/${entry}/stat`);
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parentPid;
    })
    .map(Number);
}

function commandLineOf(pid: number): string {
  return readSync(`/proc/${pid}/cmdline`);
}

function readSync(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}


describe('serial link with its port in a child process', () => {
  test('the child holds the port; bytes arrive in order and each command reaches the device once', async () => {
    const pty = await startPty();
    const bench = await openBench(pty);
    const { link, received } = startLink({ path: pty.devicePath });
    await until('the port open', () => link.status().state === 'open', OPEN_WAIT_MS);
    const ptsNode = await realpath(pty.devicePath);
    const child = await onePortProcess();
    assert.deepStrictEqual([await descriptorsOn(child, ptsNode), await descriptorsOn('self', ptsNode)], [1, 0]);

    await bench.write('{"t":1}\n');
    await bench.write('{"t":2}\n');
    await until('both lines', () => received() === '{"t":1}\n{"t":2}\n');
    assert.deepStrictEqual(await link.write(Buffer.from('led on\n')), ok({ bytesWritten: 7 }));
    assert.deepStrictEqual(await link.write(Buffer.from('led off\n')), ok({ bytesWritten: 8 }));
    await until('both commands on the device end', () => bench.received().toString() === 'led on\nled off\n');
    // A round trip through the child after both writes: a command written twice would be on the device end by now.
    await bench.write('{"t":3}\n');
    await until('the third line', () => received().endsWith('{"t":3}\n'));
    assert.equal(bench.received().toString(), 'led on\nled off\n');
    assert.deepStrictEqual(link.status(), { state: 'open', endpoint: pty.devicePath, detail: null });
  });

  test('an unplug is reported in words, the port process ends, and a replug opens again in a new one', async () => {
    const pty = await startPty();
    const { link, received } = startLink({ path: pty.devicePath });
    await until('the port open', () => link.status().state === 'open', OPEN_WAIT_MS);
    const firstChild = await onePortProcess();

    await pty.kill();
    const lost = await until('reopening after the unplug', () => (link.status().state === 'reopening' ? link.status() : null));
    assert.equal(lost.detail, `${pty.devicePath} went away (unplugged?); trying again in 250 ms.`);
    const written = await link.write(Buffer.from('x'));
    assert.equal(written.ok ? 'written' : written.error.code, 'NOT_CONNECTED');
    await until('the first port process to end', () => !isAlive(firstChild));

    await pty.restart();
    await until('open again after the replug', () => link.status().state === 'open', REOPEN_WAIT_MS + OPEN_WAIT_MS);
    assert.notEqual(await onePortProcess(), firstChild);
    const bench = await openBench(pty);
    await bench.write('after replug\n');
    await until('bytes after the replug', () => received() === 'after replug\n');
  });

  test('a port process that crashes (SIGKILL) is reported in words and replaced', async () => {
    const pty = await startPty();
    const bench = await openBench(pty);
    const { link, received } = startLink({ path: pty.devicePath });
    await until('the port open', () => link.status().state === 'open', OPEN_WAIT_MS);
    const crashed = await onePortProcess();

    process.kill(crashed, 'SIGKILL');
    const lost = await until('reopening after the crash', () => (link.status().state === 'reopening' ? link.status() : null));
    assert.equal(lost.detail, `The serial port process for ${pty.devicePath} stopped unexpectedly (killed by SIGKILL); trying again in 250 ms.`);
    await until('open again in a new process', () => link.status().state === 'open', REOPEN_WAIT_MS + OPEN_WAIT_MS);
    assert.notEqual(await onePortProcess(), crashed);
    await bench.write('after the crash\n');
    await until('bytes after the crash', () => received() === 'after the crash\n');
    assert.deepStrictEqual(await link.write(Buffer.from('still here\n')), ok({ bytesWritten: 11 }));
    await until('the command after the crash', () => bench.received().toString() === 'still here\n');
  });

  test('the watchdog reports a silent device, and a byte clears it', () => checkStallClearedByByte(rig, OPEN_WAIT_MS));

  test('while the bus thread is blocked, the port process keeps at most its caps and counts what it drops', async () => {
    const pty = await startPty();
    const bench = await openBench(pty);
    const caps = { maxInFlightBytes: 16 * 1024, maxInFlightBatches: 4 };
    const { link, received } = startLink({ path: pty.devicePath }, { processCaps: caps });
    await until('the port open', () => link.status().state === 'open', OPEN_WAIT_MS);
    const sent = Buffer.alloc(256 * 1024, 0x61);
    const writing = bench.write(sent);
    // The bench's write runs on libuv's thread pool; this thread takes no message from the child meanwhile.
    const blockedUntil = Date.now() + 2_000;
    while (Date.now() < blockedUntil) {
      // Busy: the bus thread decoding something large.
    }
    await writing;
    const drops = await until('every byte received or dropped', () => {
      const dropped = link.droppedChunks?.() ?? { chunks: 0, bytes: 0 };
      return received().length + dropped.bytes === sent.length ? dropped : null;
    }, 10_000);
    assert.ok(drops.chunks > 0 && drops.bytes > 0, `some reads dropped (${drops.chunks} reads, ${drops.bytes} bytes)`);
    assert.equal(received(), 'a'.repeat(sent.length - drops.bytes));
  });

  test('stop() ends the port process: no child is left holding the port', async () => {
    const pty = await startPty();
    const { link } = startLink({ path: pty.devicePath });
    await until('the port open', () => link.status().state === 'open', OPEN_WAIT_MS);
    const child = await onePortProcess();

    await link.stop();
    assert.deepStrictEqual(link.status(), { state: 'closed', endpoint: pty.devicePath, detail: null });
    assert.deepStrictEqual([isAlive(child), await portProcessPids()], [false, []]);
    const written = await link.write(Buffer.from('x'));
    assert.equal(written.ok ? 'written' : written.error.code, 'NOT_CONNECTED');
  });

  test('a bus process that dies (SIGKILL, no cleanup) takes its port process with it', async () => {
    const pty = await startPty();
    const hostScript = new URL('../support/serialProcessLinkHost.ts', import.meta.url);
    const host = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(hostScript), pty.devicePath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const hostExited = new Promise<void>((resolve) => host.once('exit', () => resolve()));
    cleanups.push(async () => {
      host.kill('SIGKILL');
      await hostExited;
    });
    let output = '';
    host.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until('the host to open the port', () => output.includes('open'), OPEN_WAIT_MS);
    const child = await until('its port process', () => childrenOf(host.pid!).find((pid) => commandLineOf(pid).includes('serialPortProcess')));

    host.kill('SIGKILL');
    await hostExited;
    await until('the orphaned port process to end', () => !isAlive(child));
  });

  test('a path that does not exist is retried, in the same words as the in-thread link', async () => {
    const missing = join(tmpdir(), `labwire-no-device-${process.pid}`, 'ttyUSB-nothing-here');
    const { link } = startLink({ path: missing });
    const waiting = await until('reopening', () => (link.status().state === 'reopening' ? link.status() : null), OPEN_WAIT_MS);
    assert.deepStrictEqual(waiting, { state: 'reopening', endpoint: missing, detail: `${missing} does not exist (is the device plugged in?); trying again in 250 ms.` });
  });

  test('commands the device does not take are answered once each; past 64 or 1 MiB waiting, more are refused at once', async () => {
    const pty = await startPty();
    // Nobody reads the bench end: the pseudo-terminals' buffers fill and the first write cannot finish.
    const { link } = startLink({ path: pty.devicePath }, { writeTimeoutMs: 300 });
    await until('the port open', () => link.status().state === 'open', OPEN_WAIT_MS);
    const stuck = await link.write(Buffer.alloc(512 * 1024, 0x41));
    assert.equal(stuck.ok ? 'written' : stuck.error.code, 'TIMEOUT');
    const tooLarge = await link.write(Buffer.alloc(600 * 1024, 0x42));
    // Queued in the port process behind the stuck one: each times out; the 64th waiting fills the queue.
    const queued = await Promise.all(Array.from({ length: 63 }, () => link.write(Buffer.from('x\n'))));
    const oneTooMany = await link.write(Buffer.from('one too many\n'));
    const refusal = (reason: string): object => ({
      code: 'CONNECTION_LOST',
      message: `The device on ${pty.devicePath} did not take the bytes (${reason}); they were not sent again.`,
      detail: `Error: ${reason}`,
    });
    assert.deepStrictEqual(
      {
        tooLarge: tooLarge.ok ? tooLarge.value : tooLarge.error,
        queued: [...new Set(queued.map((result) => (result.ok ? 'written' : result.error.code)))],
        oneTooMany: oneTooMany.ok ? oneTooMany.value : oneTooMany.error,
      },
      {
        tooLarge: refusal('the device has not taken 1 earlier command yet (524288 bytes); at most 64 commands or 1 MiB may wait'),
        queued: ['TIMEOUT'],
        oneTooMany: refusal('the device has not taken 64 earlier commands yet (524414 bytes); at most 64 commands or 1 MiB may wait'),
      },
    );
    assert.equal(link.status().state, 'open');
  });

  test('a path that is not a serial port fails for good, in the same words as the in-thread link', async () => {
    const { link } = startLink({ path: '/dev/null' });
    const failed = await until('failed', () => (link.status().state === 'failed' ? link.status() : null), OPEN_WAIT_MS);
    assert.deepStrictEqual(failed, { state: 'failed', endpoint: '/dev/null', detail: '/dev/null is not a serial port.' });
  });
});
