/**
 * What the serial benches (`bridgeSerial.ts`, `bridgeSerialLinks.ts`) share:
 * the device's output (the same JSON lines in 64 KiB writes), a fresh socat
 * pty per round, the bus core in this process with one profile on the bench
 * Redis, and a serial bridge on a pty's device end, counted through the
 * bus's own bridge status.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { BusCore } from '../src/bus/busCore';
import { defaultBridgeRouting, defaultSerialSettings, type BridgeView } from '../src/shared/bridges';
import type { ConnectionState } from '../src/shared/connectionState';
import { defaultProfileFields, type Profile } from '../src/shared/profile';
import type { Result } from '../src/shared/result';
import { openBenchEnd, startSocatPty, type BenchEnd } from '../tests/support/socatPty';

const WRITE_CHUNK_BYTES = 64 * 1024;
const POLL_MS = 5;

/** The device's output: `count` JSON lines like a mycology board's, in 64 KiB pieces. */
export function deviceOutput(count: number): Buffer[] {
  const lines: string[] = [];
  for (let n = 0; n < count; n++) lines.push(`{"device_id":"board-1","seq":${n},"co2":${400 + (n % 500)},"rh":91.5,"t":22.25}\n`);
  const all = Buffer.from(lines.join(''));
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < all.length; offset += WRITE_CHUNK_BYTES) chunks.push(all.subarray(offset, offset + WRITE_CHUNK_BYTES));
  return chunks;
}

/** Newlines in `bytes`: what the bare reader does with a read, and how a reply stream of one-line answers is counted. */
export function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let index = bytes.indexOf(10); index !== -1; index = bytes.indexOf(10, index + 1)) lines++;
  return lines;
}

export async function waitUntil(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`serial bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function valueOf<T>(answer: Result<unknown>): T {
  if (!answer.ok) throw new Error(`serial bench: ${answer.error.message}`);
  return answer.value as T;
}

/** A fresh socat pair for one round: `devicePath` for the reader, `bench` to play the device, socat's CPU counter. Stopped when `use` ends. */
export async function withSocatDevice<T>(use: (devicePath: string, bench: BenchEnd, socatCpu: CpuCounter) => Promise<T>): Promise<T> {
  const pty = await startSocatPty();
  const bench = await openBenchEnd(pty.benchPath);
  try {
    return await use(pty.devicePath, bench, () => threadCpuMicros(pty.pid));
  } finally {
    // socat first: a round that failed midway (its reader gone) leaves a write blocked on the full pty, and closing
    // the bench end waits for it; without socat that write fails (EIO) and the close goes through. Seen: a full
    // bridge-serial run hung here for 13 minutes instead of reporting its round's error.
    await pty.stop();
    await bench.close();
  }
}

/** Records the device may be ahead of the reader's count: well under a bridge's 10,000-record buffer to Redis. */
const MAX_RECORDS_AHEAD = 6_000;

/**
 * Plays the device: `chunks` written in order, each only while at most
 * MAX_RECORDS_AHEAD records written are not yet `delivered` (lines counted,
 * PUBLISHes answered, records published). Motivation: unpaced, a loaded
 * machine filled the bridge's Redis buffer and it dropped records (the round
 * then fails), in 3 of 6 runs at load 10-11.
 */
export async function playDevicePaced(bench: BenchEnd, chunks: readonly Buffer[], delivered: () => number | Promise<number>): Promise<void> {
  let written = 0;
  for (const chunk of chunks) {
    await waitUntil(async () => written - (await delivered()) <= MAX_RECORDS_AHEAD, 'the reader to catch up');
    await bench.write(chunk);
    written += countLines(chunk);
  }
}

/** playDevicePaced in the background. A write fails only once the pair is stopped (the round ended early, with its own error), so that failure is dropped. */
export function playDevice(bench: BenchEnd, chunks: readonly Buffer[], delivered: () => number | Promise<number>): void {
  playDevicePaced(bench, chunks, delivered).catch(() => undefined);
}

export interface SerialBenchCore {
  core: BusCore;
  profileId: string;
  dispose(): Promise<void>;
}

/** The bus core in this process (every feature), with one profile connected to the bench Redis on `redisPort`. */
export async function openSerialBenchCore(redisPort: number): Promise<SerialBenchCore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-bench-serial-'));
  let isReady = false;
  const core = await BusCore.create({
    host: 'serve',
    appVersion: 'bench',
    dataDir,
    keySource: { kind: 'none', reason: 'the bench keeps no secrets' },
    emit: (message) => {
      if (message.kind === 'event' && message.event.type === 'connection:state') isReady = (message.event.state as ConnectionState).state === 'ready';
    },
  });
  const dispose = async (): Promise<void> => {
    await core.dispose();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const profile = valueOf<Profile>(await core.handle('profiles:save', { ...defaultProfileFields(), name: 'Bench', host: '127.0.0.1', port: redisPort }));
    valueOf(await core.handle('connection:open', { profileId: profile.id }));
    await waitUntil(() => isReady, 'the profile to connect', 10_000);
    return { core, profileId: profile.id, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** A serial bridge (lines, JSON, the envelope, channel from `device_id`) on `devicePath`, started and running; removed when `use` ends. */
export async function withSerialBridge<T>(bench: SerialBenchCore, devicePath: string, name: string, use: (status: () => Promise<BridgeView['status']>) => Promise<T>): Promise<T> {
  const { core, profileId } = bench;
  const draft = {
    name,
    kind: 'serial' as const,
    serial: { ...defaultSerialSettings(), path: devicePath, stallAfterMs: 0 },
    framing: { kind: 'lines' as const, ending: 'lf' as const },
    format: { kind: 'json' as const },
    routing: { ...defaultBridgeRouting(), channelTemplate: 'bench:{device_id}:telemetry' },
    shouldStartWithProfile: false,
  };
  const bridgeId = valueOf<BridgeView>(await core.handle('bridges:save', { profileId, draft })).config.id;
  const status = async (): Promise<BridgeView['status']> => {
    const view = valueOf<BridgeView[]>(await core.handle('bridges:list', { profileId })).find((candidate) => candidate.config.id === bridgeId);
    if (!view) throw new Error('serial bench: the bridge is gone');
    return view.status;
  };
  try {
    valueOf(await core.handle('bridges:start', { profileId, bridgeId }));
    // The process link starts a child first: more time than the in-thread open.
    await waitUntil(async () => (await status()).state === 'running', 'the bridge to open', 30_000);
    return await use(status);
  } finally {
    await core.handle('bridges:remove', { profileId, bridgeId });
  }
}

/** Throws when the bridge lost a record (bad, dropped, or dropped by its link), naming `what` ran. */
export function checkNoRecordLost(status: BridgeView['status'], what: string): void {
  const lost = status.counters.badRecords + status.counters.droppedRecords + status.counters.droppedByLink;
  if (lost > 0) throw new Error(`serial bench: records lost ${what} (${status.lastError?.message ?? ''})`);
}

/** CPU time, µs, another process has used so far (read before and after a round). */
export type CpuCounter = () => Promise<number>;

/** CPU time (µs) the main thread of `pid` has run so far: the first field of Linux's /proc/<pid>/schedstat, in ns (socat has one thread; for this process, the thread the event loop runs on). */
export async function threadCpuMicros(pid: number): Promise<number> {
  const schedstat = await readFile(`/proc/${pid}/schedstat`, 'utf8');
  return Number(schedstat.split(' ')[0]) / 1000;
}

/** redis-server's CPU (user + system, the whole process, µs) from INFO cpu, on a connection of its own, asked only between rounds' ends. */
export function redisCpuCounter(port: number): { counter: CpuCounter; close(): void } {
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
  const secondsOf = (info: string, field: string): number => Number(new RegExp(`^${field}:([0-9.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return {
    counter: async () => {
      const info = await client.info('cpu');
      return (secondsOf(info, 'used_cpu_user') + secondsOf(info, 'used_cpu_sys')) * 1_000_000;
    },
    close: () => client.disconnect(),
  };
}

/**
 * A round's rate and CPU time per record over it (user + system): the CPU is
 * steadier than the rate on a shared machine. `cpuMicrosPerRecord` is this
 * whole process (its thread pool reads and writes the pty too),
 * `mainThreadMicrosPerRecord` its main thread alone (the one thread a record's
 * work is serial on), `otherCpuMicrosPerRecord` what the round's other
 * processes (socat, redis-server, a port process) used, as their counters tell.
 */
export interface RoundMeasure {
  perSecond: number;
  cpuMicrosPerRecord: number;
  mainThreadMicrosPerRecord: number;
  otherCpuMicrosPerRecord: number;
}

/** Starts a round's clock and CPU counts (this process and `others`); the function it returns ends the round over `records`. */
export async function startRound(records: number, others: readonly CpuCounter[] = []): Promise<() => Promise<RoundMeasure>> {
  const mainThread: CpuCounter = () => threadCpuMicros(process.pid);
  const counters = [mainThread, ...others];
  const atStart = await Promise.all(counters.map((counter) => counter()));
  const cpuAtStart = process.cpuUsage();
  const startedAt = performance.now();
  return async () => {
    const elapsedMs = performance.now() - startedAt;
    const cpu = process.cpuUsage(cpuAtStart);
    const used = (await Promise.all(counters.map((counter) => counter()))).map((micros, index) => (micros - atStart[index]!) / records);
    const [mainThreadMicrosPerRecord = 0, ...otherMicros] = used;
    return {
      perSecond: records / (elapsedMs / 1000),
      cpuMicrosPerRecord: (cpu.user + cpu.system) / records,
      mainThreadMicrosPerRecord,
      otherCpuMicrosPerRecord: otherMicros.reduce((sum, micros) => sum + micros, 0),
    };
  };
}
