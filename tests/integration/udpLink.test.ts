import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { defaultUdpSettings, type UdpSettings } from '../../src/shared/bridges';
import type { BridgeLink, LinkChunk } from '../../src/bus/bridges/bridgeLink';
import { createUdpLink, MAX_UDP_PAYLOAD_BYTES } from '../../src/bus/bridges/udp/udpLink';
import { until } from '../support/waitUntil';

/** A UDP socket bound to a free port on 127.0.0.1, for the test's own device or command receiver. */
async function boundSocket(): Promise<{ socket: Socket; port: number }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: socket.address().port };
}

async function freeUdpPort(): Promise<number> {
  const { socket, port } = await boundSocket();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

function sendTo(socket: Socket, bytes: Buffer, port: number): Promise<Error | null> {
  return new Promise((resolve) => socket.send(bytes, port, '127.0.0.1', (error) => resolve(error ?? null)));
}

/** The kernel's UDP counters for this network namespace (/proc/net/snmp), or null where there is none. */
function udpCounters(): Record<string, number> | null {
  try {
    const rows = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((line) => line.startsWith('Udp:'));
    const names = rows[0]!.split(/\s+/).slice(1);
    const values = rows[1]!.split(/\s+/).slice(1).map(Number);
    return Object.fromEntries(names.map((name, i) => [name, values[i]!]));
  } catch {
    return null;
  }
}

describe('UDP link on real sockets', () => {
  const links: BridgeLink[] = [];
  const sockets: Socket[] = [];

  after(async () => {
    await Promise.all(links.map((link) => link.stop()));
    for (const socket of sockets) socket.close();
  });

  async function openLink(settings: Partial<UdpSettings> = {}, receiveBufferBytes?: number): Promise<{ link: BridgeLink; chunks: LinkChunk[]; port: number }> {
    const port = settings.listenPort ?? (await freeUdpPort());
    const link = createUdpLink({ ...defaultUdpSettings(), listenPort: port, ...settings }, { receiveBufferBytes });
    links.push(link);
    const chunks: LinkChunk[] = [];
    link.onData((chunk) => chunks.push(chunk));
    link.start();
    await until('the link to listen or fail', () => link.status().state === 'open' || link.status().state === 'failed');
    return { link, chunks, port };
  }

  test('datagrams arrive whole and in order, each as one record; the status names the port and the buffer granted', async () => {
    const { link, chunks, port } = await openLink();
    const device = await boundSocket();
    sockets.push(device.socket);
    const sent = Array.from({ length: 200 }, (_, i) => Buffer.from(JSON.stringify({ seq: i, t: 20 + i / 10 })));
    for (const datagram of sent) assert.equal(await sendTo(device.socket, datagram, port), null);
    await until('200 datagrams', () => chunks.length >= 200);
    const status = link.status();
    assert.deepEqual(
      { received: chunks.map((chunk) => chunk.bytes), wholes: chunks.every((chunk) => chunk.isWholeRecord), state: status.state },
      { received: sent, wholes: true, state: 'open' },
    );
    assert.match(status.endpoint, new RegExp(`^udp 127\\.0\\.0\\.1:${port}, receive buffer \\d`));
  });

  test('the largest datagram (65,507 bytes) arrives whole; 70 KB cannot be sent at all, and write() refuses it in words', async (t) => {
    const device = await boundSocket();
    sockets.push(device.socket);
    const { link, chunks, port } = await openLink({ commandHost: '127.0.0.1', commandPort: device.port });
    const largest = Buffer.alloc(MAX_UDP_PAYLOAD_BYTES, 0x5a);
    assert.equal(await sendTo(device.socket, largest, port), null);
    await until('the largest datagram', () => chunks.length >= 1);
    // IPv4's 16-bit total length holds 65,535 bytes including the 20-byte IP and 8-byte UDP headers.
    const tooLarge = await sendTo(device.socket, Buffer.alloc(70_000, 1), port);
    const marker = Buffer.from('after');
    assert.equal(await sendTo(device.socket, marker, port), null);
    await until('the marker', () => chunks.length >= 2);
    const refused = await link.write(Buffer.alloc(70_000, 1));
    t.diagnostic(`70 KB send: ${tooLarge?.message ?? 'no error'}`);
    assert.deepEqual(
      {
        received: chunks.map((chunk) => chunk.bytes.length),
        isLargestWhole: chunks[0]!.bytes.equals(largest),
        sendError: (tooLarge as NodeJS.ErrnoException | null)?.code,
        refused: refused.ok ? null : refused.error.message,
      },
      { received: [65_507, 5], isLargestWhole: true, sendError: 'EMSGSIZE', refused: 'The command is 70000 bytes; one UDP datagram carries at most 65507.' },
    );
  });

  test('commands go to the command address once each; with none configured, write says so', async () => {
    const device = await boundSocket();
    sockets.push(device.socket);
    const commands: string[] = [];
    device.socket.on('message', (bytes) => commands.push(bytes.toString()));
    const { link } = await openLink({ commandHost: '127.0.0.1', commandPort: device.port });
    const results = [await link.write(Buffer.from('LED ON')), await link.write(Buffer.from('LED OFF'))];
    await until('two commands', () => commands.length >= 2);
    const { link: receiveOnly } = await openLink();
    const refused = await receiveOnly.write(Buffer.from('LED ON'));
    assert.deepEqual([results, commands, refused], [
      [{ ok: true, value: { bytesWritten: 6 } }, { ok: true, value: { bytesWritten: 7 } }],
      ['LED ON', 'LED OFF'],
      { ok: false, error: { code: 'INVALID', message: 'This UDP bridge has no command address; set a command host and port to send commands to the device.' } },
    ]);
  });

  test('a port another program holds fails in words instead of throwing; stop() closes it for good', async () => {
    const holder = await boundSocket();
    sockets.push(holder.socket);
    const { link } = await openLink({ listenPort: holder.port });
    const failed = link.status();
    await link.stop();
    assert.deepEqual([failed, link.status().state], [
      {
        state: 'failed',
        endpoint: `udp 127.0.0.1:${holder.port}`,
        detail: `Another program already listens on UDP port ${holder.port} at 127.0.0.1; stop it or choose another port.`,
      },
      'closed',
    ]);
  });

  test('while the loop is blocked, the raised receive buffer holds a 2,000-datagram burst that a 64 KiB one drops', async (t) => {
    const raised = await openLink();
    const small = await openLink({}, 64 * 1024);
    // spawnSync blocks this loop until the sender exits: the datagrams can only wait in the kernel's buffers.
    const script = `const s = require('node:dgram').createSocket('udp4'); const p = Buffer.alloc(1024, 0x62); let left = 4000;
      for (let i = 0; i < 2000; i++) for (const port of [${raised.port}, ${small.port}]) s.send(p, port, '127.0.0.1', () => { if (--left === 0) s.close(); });`;
    const sender = spawnSync(process.execPath, ['-e', script], { stdio: 'inherit' });
    let seen = -1;
    await until('arrivals to stop', () => {
      const now = raised.chunks.length + small.chunks.length;
      const isSettled = now === seen;
      seen = now;
      return isSettled;
    }, 30_000);
    t.diagnostic(`blocked loop, 2,000 datagrams: ${raised.chunks.length} kept with the raised buffer (${raised.link.status().endpoint}), ${small.chunks.length} with 64 KiB`);
    assert.deepEqual({ exit: sender.status, raised: raised.chunks.length, isSmallShort: small.chunks.length < 2000 }, { exit: 0, raised: 2000, isSmallShort: true });
  });

  test('a burst of 20,000 1 KB datagrams from another process: every one the kernel did not drop is delivered', async (t) => {
    const { chunks, port } = await openLink();
    const before = udpCounters();
    // The device is another process, as on a bench, so the test's own loop does not block the receiving.
    const sender = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('node:dgram').createSocket('udp4');
         const payload = Buffer.alloc(1024, 0x61);
         let sent = 0, failed = 0, queued = 0;
         function burst() {
           for (let i = 0; i < 200 && queued < 20000; i++, queued++) {
             s.send(payload, ${port}, '127.0.0.1', (e) => { e ? failed++ : sent++; if (sent + failed === 20000) { console.log(JSON.stringify({ sent, failed })); s.close(); } });
           }
           if (queued < 20000) setImmediate(burst);
         }
         burst();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    sender.stdout.on('data', (data: Buffer) => (output += data.toString()));
    const exitCode = await new Promise<number | null>((resolve) => sender.on('exit', resolve));
    const { sent } = JSON.parse(output) as { sent: number; failed: number };
    // Wait until arrivals stop: the sender is done, so whatever the kernel holds drains within moments.
    let seen = -1;
    await until('arrivals to stop', () => {
      const now = chunks.length;
      const isSettled = now === seen;
      seen = now;
      return isSettled || now >= sent;
    }, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = udpCounters();
    const droppedByKernel = before && after ? after.RcvbufErrors! - before.RcvbufErrors! : null;
    t.diagnostic(`sent ${sent}, delivered ${chunks.length}, kernel receive-buffer drops in this namespace ${droppedByKernel ?? 'unknown'}`);
    assert.equal(exitCode, 0);
    assert.ok(chunks.every((chunk) => chunk.bytes.length === 1024), 'every datagram arrives whole');
    if (droppedByKernel !== null) {
      // Other programs on this machine may drop too, so the namespace's count can only be larger than ours.
      assert.ok(chunks.length + droppedByKernel >= sent, `delivered ${chunks.length} + dropped by the kernel ${droppedByKernel} < sent ${sent}`);
    } else {
      assert.ok(chunks.length >= sent / 2, `only ${chunks.length} of ${sent} delivered`);
    }
  });
});
