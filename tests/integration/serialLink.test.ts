/**
 * The serial link against a real pseudo-terminal pair (socat): bytes both
 * ways, unplug and replug, the watchdog, a missing device, and a device
 * found again by its serial number.
 */
import assert from 'node:assert/strict';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type SerialPortInfo } from '../../src/shared/bridges';
import { ok } from '../../src/shared/result';
import { type SerialLinkOptions } from '../../src/bus/bridges/serial/serialLink';
import { until } from '../support/waitUntil';
import { checkStallClearedByByte, descriptorsOn, serialLinkOnPty } from '../support/serialLinkOnPty';

/** The backoff tops out at 5 s, so a replug can take that long to be seen on this slow machine. */
const REOPEN_WAIT_MS = 15_000;

const rig = serialLinkOnPty();
const { cleanups, startPty, openBench, startLink } = rig;
const countOpenDescriptors = (node: string): Promise<number> => descriptorsOn('self', node);

describe('serial link on a pseudo-terminal', () => {
  test('bytes from the device arrive in order, and write() reaches the device', async () => {
    const pty = await startPty();
    const bench = await openBench(pty);
    const { link, received } = startLink({ path: pty.devicePath });
    await until('the port open', () => link.status().state === 'open');
    await bench.write('{"t":1}\n');
    await bench.write('{"t":2}\n');
    await until('both lines', () => received() === '{"t":1}\n{"t":2}\n');

    assert.deepStrictEqual(await link.write(Buffer.from('led on\n')), ok({ bytesWritten: 7 }));
    await until('the command on the device end', () => bench.received().toString() === 'led on\n');
    assert.deepStrictEqual(link.status(), { state: 'open', endpoint: pty.devicePath, detail: null });
  });

  test('an unplug is reported in words and a replug on the same path opens again', async () => {
    const pty = await startPty();
    const { link, received } = startLink({ path: pty.devicePath });
    await until('the port open', () => link.status().state === 'open');

    await pty.kill();
    const lost = await until('reopening after the unplug', () => (link.status().state === 'reopening' ? link.status() : null));
    assert.equal(lost.detail, `${pty.devicePath} went away (unplugged?); trying again in 250 ms.`);
    const written = await link.write(Buffer.from('x'));
    assert.equal(written.ok ? 'written' : written.error.code, 'NOT_CONNECTED');

    await pty.restart();
    await until('open again after the replug', () => link.status().state === 'open', REOPEN_WAIT_MS);
    const bench = await openBench(pty);
    await bench.write('after replug\n');
    await until('bytes after the replug', () => received() === 'after replug\n');
  });

  test('the watchdog reports a silent device, and a byte clears it', () => checkStallClearedByByte(rig));

  test('a stall with reopening on closes the port and opens it again', async () => {
    const pty = await startPty();
    const { link, statuses } = startLink({ path: pty.devicePath, stallAfterMs: 300, shouldReopenOnStall: true });
    await until('a reopen after the stall', () => statuses.filter((status) => status.state === 'open').length >= 2, REOPEN_WAIT_MS);
    const states = statuses.map((status) => status.state);
    assert.deepStrictEqual(states.slice(0, 5), ['opening', 'open', 'stalled', 'reopening', 'open']);
    assert.equal(statuses[3]!.detail, `No bytes from ${pty.devicePath} for 300 ms; trying again in 250 ms.`);
    assert.equal(link.status().endpoint, pty.devicePath);
  });

  test('a path that does not exist is retried, saying so; an empty path fails for good', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'labwire-no-device-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const missing = join(folder, 'ttyUSB-nothing-here');
    const { link } = startLink({ path: missing });
    const waiting = await until('reopening', () => (link.status().state === 'reopening' ? link.status() : null));
    assert.deepStrictEqual(waiting, {
      state: 'reopening',
      endpoint: missing,
      detail: `${missing} does not exist (is the device plugged in?); trying again in 250 ms.`,
    });

    const empty = startLink({ path: '' });
    const failed = await until('failed', () => (empty.link.status().state === 'failed' ? empty.link.status() : null));
    assert.equal(failed.detail, 'No port path is set: choose a port from the list or type its path.');
  });

  test('a saved device whose path is gone is found by its serial number', async () => {
    const pty = await startPty();
    const bench = await openBench(pty);
    const moved: SerialPortInfo = { path: pty.devicePath, manufacturer: 'FTDI', vendorId: '0403', productId: '6001', serialNumber: 'A7X' };
    // udev lists no pseudo-terminals: a fake list plays the system's.
    const readPortList: SerialLinkOptions['readPortList'] = async () => ok([moved]);
    const { link, received } = startLink({ path: '/dev/ttyUSB-gone', serialNumber: 'A7X' }, { readPortList });
    await until('open on the moved path', () => link.status().state === 'open');
    assert.equal(link.status().endpoint, `${pty.devicePath} (found by serial number A7X)`);
    await bench.write('found\n');
    await until('bytes from the moved device', () => received() === 'found\n');
  });

  test('stop() closes the device for good', async () => {
    const pty = await startPty();
    const { link } = startLink({ path: pty.devicePath });
    await until('the port open', () => link.status().state === 'open');
    const ptsNode = await realpath(pty.devicePath);
    assert.equal(await countOpenDescriptors(ptsNode), 1);

    await link.stop();
    assert.deepStrictEqual(link.status(), { state: 'closed', endpoint: pty.devicePath, detail: null });
    assert.equal(await countOpenDescriptors(ptsNode), 0);
    link.start();
    assert.equal(link.status().state, 'closed');
    const written = await link.write(Buffer.from('x'));
    assert.equal(written.ok ? 'written' : written.error.code, 'NOT_CONNECTED');
  });

  test('a write the device does not take is reported once, in words, and not retried', async () => {
    const pty = await startPty();
    // Nobody reads the bench end: the pseudo-terminals' buffers fill and the write cannot finish.
    const { link } = startLink({ path: pty.devicePath }, { writeTimeoutMs: 300 });
    await until('the port open', () => link.status().state === 'open');
    const written = await link.write(Buffer.alloc(1024 * 1024, 0x41));
    assert.deepStrictEqual(written.ok ? written.value : written.error, {
      code: 'TIMEOUT',
      message: `The device on ${pty.devicePath} did not take 1048576 bytes within 300 ms (flow control held, or it is not reading); they may still go out when it reads, and are not sent again.`,
    });
    assert.equal(link.status().state, 'open');
  });

  test('a path that is not a serial port fails for good, in words', async () => {
    const { link } = startLink({ path: '/dev/null' });
    const failed = await until('failed', () => (link.status().state === 'failed' ? link.status() : null));
    assert.deepStrictEqual(failed, { state: 'failed', endpoint: '/dev/null', detail: '/dev/null is not a serial port.' });
  });

  test('settings a port cannot take fail for good, in words', async () => {
    const pty = await startPty();
    const { link } = startLink({ path: pty.devicePath, dataBits: 9 as 8 });
    const failed = await until('failed', () => (link.status().state === 'failed' ? link.status() : null));
    assert.equal(failed.detail, `The settings for ${pty.devicePath} are not valid: data bits must be 5, 6, 7 or 8 (got 9).`);
  });
});
