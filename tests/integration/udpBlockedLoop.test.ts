/**
 * The UDP link while the thread that owns it is blocked (the bus thread
 * decoding, publishing, serving a request): the socket is read in its own
 * worker thread, so datagrams wait in the worker's bounded queue instead of
 * overflowing the kernel's buffer, and what that queue drops is counted.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { defaultUdpSettings } from '../../src/shared/bridges';
import type { BridgeLink, LinkChunk } from '../../src/bus/bridges/bridgeLink';
import { createUdpLink, type UdpLinkOptions } from '../../src/bus/bridges/udp/udpLink';
import { until } from '../support/waitUntil';

const DATAGRAM_BYTES = 1024;

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

/** RcvbufErrors of this network namespace (/proc/net/snmp): datagrams the kernel dropped for a full receive buffer. */
function kernelReceiveBufferDrops(): number | null {
  try {
    const rows = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((line) => line.startsWith('Udp:'));
    const names = rows[0]!.split(/\s+/);
    const values = rows[1]!.split(/\s+/);
    const value = Number(values[names.indexOf('RcvbufErrors')]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Blocks this thread while another process sends `count` 1 KB datagrams to
 * `port`, as fast as its loop allows, then for at least `blockMs` in all.
 * Returns how many the sender's kernel accepted.
 */
function blockWhileSending(port: number, count: number, blockMs: number): number {
  const script = `const s = require('node:dgram').createSocket('udp4'); const p = Buffer.alloc(${DATAGRAM_BYTES}, 0x61);
    let queued = 0, done = 0, sent = 0; const started = Date.now();
    function finish() { const wait = ${blockMs} - (Date.now() - started); setTimeout(() => { console.log(sent); s.close(); }, Math.max(0, wait)); }
    function burst() {
      for (let i = 0; i < 200 && queued < ${count}; i++, queued++) s.send(p, ${port}, '127.0.0.1', (e) => { if (!e) sent++; if (++done === ${count}) finish(); });
      if (queued < ${count}) setImmediate(burst);
    }
    burst();`;
  // spawnSync holds this thread until the sender exits: nothing on it runs meanwhile.
  const sender = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(sender.status, 0, `the sender failed: ${sender.stderr}`);
  return Number(sender.stdout.trim());
}

/**
 * Waits until every datagram sent is delivered, dropped by the link or
 * counted as dropped by the kernel (where /proc/net/snmp exists), or
 * arrivals stop for a second.
 */
async function settled(link: BridgeLink, chunks: LinkChunk[], sent: number, kernelBefore: number | null): Promise<void> {
  let seen = -1;
  let quietSince = Date.now();
  await until('arrivals to stop', () => {
    const now = chunks.length + (link.droppedChunks?.().chunks ?? 0);
    const kernelDrops = kernelBefore === null ? 0 : kernelReceiveBufferDrops()! - kernelBefore;
    if (now !== seen) quietSince = Date.now();
    seen = now;
    return now + kernelDrops >= sent || Date.now() - quietSince >= 1_000;
  }, 30_000);
}

describe('UDP link with its thread blocked', () => {
  const links: BridgeLink[] = [];
  after(async () => {
    await Promise.all(links.map((link) => link.stop()));
  });

  async function openLink(options: UdpLinkOptions = {}): Promise<{ link: BridgeLink; chunks: LinkChunk[]; port: number }> {
    const port = await freeUdpPort();
    const link = createUdpLink({ ...defaultUdpSettings(), listenPort: port }, options);
    links.push(link);
    const chunks: LinkChunk[] = [];
    link.onData((chunk) => chunks.push(chunk));
    link.start();
    await until('the link to listen', () => link.status().state === 'open');
    return { link, chunks, port };
  }

  test('20,000 1 KB datagrams sent while the thread is blocked: delivered + dropped by the kernel + dropped by the link = sent', async (t) => {
    const { link, chunks, port } = await openLink();
    const kernelBefore = kernelReceiveBufferDrops();
    const sent = blockWhileSending(port, 20_000, 1_000);
    await settled(link, chunks, sent, kernelBefore);
    const kernelDrops = kernelBefore === null ? null : kernelReceiveBufferDrops()! - kernelBefore;
    const linkDrops = link.droppedChunks?.() ?? { chunks: 0, bytes: 0 };
    t.diagnostic(`sent ${sent}, delivered ${chunks.length}, dropped by the link ${linkDrops.chunks}, kernel receive-buffer drops in this namespace ${kernelDrops ?? 'unknown'}`);
    assert.ok(chunks.every((chunk) => chunk.bytes.length === DATAGRAM_BYTES && chunk.isWholeRecord), 'every datagram arrives whole');
    assert.equal(linkDrops.bytes, linkDrops.chunks * DATAGRAM_BYTES);
    if (kernelDrops !== null) {
      // Other programs in this namespace may drop too, so its count can only be larger than this link's share.
      assert.ok(chunks.length + linkDrops.chunks + kernelDrops >= sent, `delivered ${chunks.length} + link drops ${linkDrops.chunks} + kernel drops ${kernelDrops} < sent ${sent}`);
    }
    assert.ok(chunks.length + linkDrops.chunks <= sent, 'nothing is delivered or dropped twice');
  });

  test('a full queue drops the newest datagrams and counts them, by count and by bytes', async (t) => {
    const byCount = await openLink({ maxQueuedDatagrams: 100 });
    const byBytes = await openLink({ maxQueuedBytes: 50 * DATAGRAM_BYTES });
    const kernelBefore = kernelReceiveBufferDrops();
    const sentToCount = blockWhileSending(byCount.port, 1_000, 0);
    const sentToBytes = blockWhileSending(byBytes.port, 1_000, 0);
    await settled(byCount.link, byCount.chunks, sentToCount, kernelBefore);
    await settled(byBytes.link, byBytes.chunks, sentToBytes, kernelBefore);
    const countDrops = byCount.link.droppedChunks!();
    const byteDrops = byBytes.link.droppedChunks!();
    t.diagnostic(`count cap 100: delivered ${byCount.chunks.length}, dropped ${countDrops.chunks}; byte cap 50 KiB: delivered ${byBytes.chunks.length}, dropped ${byteDrops.chunks}`);
    assert.deepEqual(
      {
        countDropsSeen: countDrops.chunks > 0,
        countAccounted: byCount.chunks.length + countDrops.chunks,
        countBytes: countDrops.bytes,
        byteDropsSeen: byteDrops.chunks > 0,
        bytesAccounted: byBytes.chunks.length + byteDrops.chunks,
        byteBytes: byteDrops.bytes,
      },
      {
        countDropsSeen: true,
        countAccounted: sentToCount,
        countBytes: countDrops.chunks * DATAGRAM_BYTES,
        byteDropsSeen: true,
        bytesAccounted: sentToBytes,
        byteBytes: byteDrops.chunks * DATAGRAM_BYTES,
      },
    );
  });
});
