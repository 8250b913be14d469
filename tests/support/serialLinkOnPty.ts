/**
 * The set-up the serial link suites share (the in-thread link and the port
 * process link): socat pty pairs, their bench ends, and links that record
 * their statuses and bytes, all stopped after each test, last started first.
 * Call `serialLinkOnPty()` once at a suite file's top level: it registers
 * the hooks.
 */
import assert from 'node:assert/strict';
import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach } from 'node:test';
import { defaultSerialSettings, type SerialSettings } from '../../src/shared/bridges';
import type { BridgeLink, LinkStatus } from '../../src/bus/bridges/bridgeLink';
import { createSerialLink, type SerialLinkOptions } from '../../src/bus/bridges/serial/serialLink';
import { openBenchEnd, startSocatPty, type BenchEnd, type SocatPty } from './socatPty';
import { until } from './waitUntil';

export interface RecordedLink {
  link: BridgeLink;
  statuses: LinkStatus[];
  received: () => string;
}

export interface SerialLinkOnPty {
  /** Run after the current test (or the suite), last pushed first. */
  cleanups: (() => Promise<void>)[];
  startPty(): Promise<SocatPty>;
  openBench(pty: SocatPty): Promise<BenchEnd>;
  /** A started link on `settings` (no watchdog unless asked), with `options` over the suite's own. */
  startLink(settings: Partial<SerialSettings>, options?: SerialLinkOptions): RecordedLink;
}

/** `suiteOptions`: what every link of the suite gets (the process suite forces `linkKind: 'process'`). */
export function serialLinkOnPty(suiteOptions: SerialLinkOptions = {}): SerialLinkOnPty {
  const cleanups: (() => Promise<void>)[] = [];
  const runCleanups = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  afterEach(runCleanups);
  after(runCleanups);
  return {
    cleanups,
    async startPty() {
      const pty = await startSocatPty();
      cleanups.push(() => pty.stop());
      return pty;
    },
    async openBench(pty) {
      const bench = await openBenchEnd(pty.benchPath);
      cleanups.push(() => bench.close());
      return bench;
    },
    startLink(settings, options = {}) {
      const link = createSerialLink({ ...defaultSerialSettings(), stallAfterMs: 0, ...settings }, { ...suiteOptions, ...options });
      const statuses: LinkStatus[] = [];
      const chunks: Buffer[] = [];
      link.onDidChangeStatus((status) => statuses.push(status));
      link.onData((chunk) => chunks.push(chunk.bytes));
      cleanups.push(() => link.stop());
      link.start();
      return { link, statuses, received: () => Buffer.concat(chunks).toString() };
    },
  };
}

/** How many descriptors `pid` (or this process) holds on `node` (Linux /proc). */
export async function descriptorsOn(pid: number | 'self', node: string): Promise<number> {
  const folder = `/proc/${pid}/fd`;
  const descriptors = await readdir(folder).catch(() => []);
  const targets = await Promise.all(descriptors.map((fd) => readlink(join(folder, fd)).catch(() => '')));
  return targets.filter((target) => target === node).length;
}

/** The watchdog as both link kinds must show it: a silent device reported in words (within `openWaitMs`), and a byte clears it. */
export async function checkStallClearedByByte(rig: SerialLinkOnPty, openWaitMs?: number): Promise<void> {
  const pty = await rig.startPty();
  const bench = await rig.openBench(pty);
  const { link, statuses } = rig.startLink({ path: pty.devicePath, stallAfterMs: 300, shouldReopenOnStall: false });
  const stalled = await until('the stall', () => (link.status().state === 'stalled' ? link.status() : null), openWaitMs);
  assert.deepStrictEqual(stalled, {
    state: 'stalled',
    endpoint: pty.devicePath,
    detail: `No bytes from ${pty.devicePath} for 300 ms: the port is open but the device sends nothing.`,
  });
  await bench.write('alive\n');
  await until('open again after a byte', () => link.status().state === 'open');
  assert.deepStrictEqual(
    statuses.map((status) => status.state),
    ['opening', 'open', 'stalled', 'open'],
  );
}
