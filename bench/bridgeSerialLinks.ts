/**
 * `bridge-serial-links`: the serial bridge with its port in a child process
 * (the link Windows uses, forced here with LABWIRE_SERIAL_LINK=process)
 * against the in-thread link, in the same bus core and the same run, rounds
 * interleaved. Two rows:
 * - `bridge-serial-process`: records/s from a pty into Redis, baseline the
 *   in-thread link's records/s.
 * - `bridge-serial-process-cpu`: CPU time per record of the bus's process
 *   plus the port process (Linux /proc, clock ticks), baseline the in-thread
 *   link's CPU per record. Steadier than rates on a shared machine.
 * The device writes the same JSON lines as `bridge-serial` in 64 KiB writes,
 * paced to stay at most 6,000 records ahead of Redis (a loaded machine
 * otherwise fills the bridge's buffer and drops); the bench's own writing
 * and polling are in both variants' CPU alike.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusCore } from '../src/bus/busCore';
import { SERIAL_LINK_VARIABLE, type SerialLinkKind } from '../src/bus/bridges/serial/serialLinkKind';
import { defaultBridgeRouting, defaultSerialSettings, type BridgeView } from '../src/shared/bridges';
import type { ConnectionState } from '../src/shared/connectionState';
import { defaultProfileFields, type Profile } from '../src/shared/profile';
import type { Result } from '../src/shared/result';
import { openBenchEnd, startSocatPty } from '../tests/support/socatPty';
import { result, type BenchResult } from './benchResults';

const WRITE_CHUNK_BYTES = 64 * 1024;
const POLL_MS = 5;
/** Records the device may be ahead of Redis: well under the bridge's 10,000-record buffer. */
const MAX_RECORDS_AHEAD = 6_000;
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export interface BridgeSerialLinksSettings {
  records: number;
  rounds: number;
}

interface LinkMeasurement {
  recordsPerSecond: number;
  /** This process (bus, Redis client, the bench's writes) plus the port process, per record. */
  cpuMicrosPerRecord: number;
  /** The port process's share of it. */
  portProcessMicrosPerRecord: number;
}

function deviceOutput(count: number): Buffer[] {
  const lines: string[] = [];
  for (let n = 0; n < count; n++) lines.push(`{"device_id":"board-1","seq":${n},"co2":${400 + (n % 500)},"rh":91.5,"t":22.25}\n`);
  const all = Buffer.from(lines.join(''));
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < all.length; offset += WRITE_CHUNK_BYTES) chunks.push(all.subarray(offset, offset + WRITE_CHUNK_BYTES));
  return chunks;
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let index = bytes.indexOf(10); index !== -1; index = bytes.indexOf(10, index + 1)) lines++;
  return lines;
}

async function waitUntil(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`bridge-serial-links: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function valueOf<T>(answer: Result<unknown>): T {
  if (!answer.ok) throw new Error(`bridge-serial-links: ${answer.error.message}`);
  return answer.value as T;
}

/** CPU milliseconds (user + system) of this process's port-process children so far. */
async function portProcessCpuMs(): Promise<number> {
  let ticks = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const [stat, commandLine] = await Promise.all([readFile(`/proc/${entry}/stat`, 'utf8').catch(() => ''), readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')]);
    // After the command name's ')': state, ppid, ... utime is field 14 and stime 15 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) !== process.pid || !commandLine.includes('serialPortProcess')) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function measureLink(core: BusCore, profileId: string, kind: SerialLinkKind, chunks: readonly Buffer[], records: number): Promise<LinkMeasurement> {
  // Read when the bridge's link is made, at start.
  process.env[SERIAL_LINK_VARIABLE] = kind;
  const pty = await startSocatPty();
  const bench = await openBenchEnd(pty.benchPath);
  const draft = {
    name: `Bench board (${kind})`,
    kind: 'serial' as const,
    serial: { ...defaultSerialSettings(), path: pty.devicePath, stallAfterMs: 0 },
    framing: { kind: 'lines' as const, ending: 'lf' as const },
    format: { kind: 'json' as const },
    routing: { ...defaultBridgeRouting(), channelTemplate: 'bench:{device_id}:telemetry' },
    shouldStartWithProfile: false,
  };
  const bridgeId = valueOf<BridgeView>(await core.handle('bridges:save', { profileId, draft })).config.id;
  const statusOf = async (): Promise<BridgeView['status']> => {
    const view = valueOf<BridgeView[]>(await core.handle('bridges:list', { profileId })).find((candidate) => candidate.config.id === bridgeId);
    if (!view) throw new Error('bridge-serial-links: the bridge is gone');
    return view.status;
  };
  try {
    valueOf(await core.handle('bridges:start', { profileId, bridgeId }));
    await waitUntil(async () => (await statusOf()).state === 'running', 'the bridge to open', 30_000);
    const portCpuBefore = await portProcessCpuMs();
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    // Paced: at most MAX_RECORDS_AHEAD written and not yet published, so the bridge's Redis buffer (10,000) never drops on a loaded machine.
    let written = 0;
    for (const chunk of chunks) {
      await waitUntil(async () => written - (await statusOf()).counters.recordsPublished <= MAX_RECORDS_AHEAD, 'the bridge to catch up');
      await bench.write(chunk);
      written += countLines(chunk);
    }
    await waitUntil(async () => {
      const status = await statusOf();
      const lost = status.counters.badRecords + status.counters.droppedRecords + status.counters.droppedByLink;
      if (lost > 0) throw new Error(`bridge-serial-links: records lost with the ${kind} link (${status.lastError?.message ?? ''})`);
      return status.counters.recordsPublished >= records;
    }, 'the bridge to publish every record');
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const portCpuMs = (await portProcessCpuMs()) - portCpuBefore;
    const portProcessMicrosPerRecord = (portCpuMs * 1000) / records;
    return {
      recordsPerSecond: records / elapsedSeconds,
      cpuMicrosPerRecord: (cpu.user + cpu.system) / records + portProcessMicrosPerRecord,
      portProcessMicrosPerRecord,
    };
  } finally {
    await core.handle('bridges:remove', { profileId, bridgeId });
    await bench.close();
    await pty.stop();
  }
}

export async function runBridgeSerialLinksBench(redisPort: number, settings: BridgeSerialLinksSettings, progress: (line: string) => void): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-bench-serial-links-'));
  const previousKind = process.env[SERIAL_LINK_VARIABLE];
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
  try {
    const profile = valueOf<Profile>(await core.handle('profiles:save', { ...defaultProfileFields(), name: 'Bench', host: '127.0.0.1', port: redisPort }));
    valueOf(await core.handle('connection:open', { profileId: profile.id }));
    await waitUntil(() => isReady, 'the profile to connect', 10_000);
    const chunks = deviceOutput(settings.records);
    const warmup = deviceOutput(2_000);
    progress(`bridge-serial-links: warming up, then ${settings.rounds} rounds of ${settings.records.toLocaleString('en-US')} JSON lines, process link and in-thread link alternating`);
    await measureLink(core, profile.id, 'process', warmup, 2_000);
    await measureLink(core, profile.id, 'thread', warmup, 2_000);
    const best = { process: { rate: 0, cpu: Infinity }, thread: { rate: 0, cpu: Infinity } };
    for (let round = 0; round < settings.rounds; round++) {
      for (const kind of round % 2 === 0 ? (['process', 'thread'] as const) : (['thread', 'process'] as const)) {
        const measured = await measureLink(core, profile.id, kind, chunks, settings.records);
        progress(
          `  round ${round + 1} ${kind}: ${Math.round(measured.recordsPerSecond).toLocaleString('en-US')} records/s, ` +
            `${measured.cpuMicrosPerRecord.toFixed(2)} µs CPU/record (port process ${measured.portProcessMicrosPerRecord.toFixed(2)})`,
        );
        best[kind].rate = Math.max(best[kind].rate, measured.recordsPerSecond);
        best[kind].cpu = Math.min(best[kind].cpu, measured.cpuMicrosPerRecord);
      }
    }
    return [
      result('bridge-serial-process', best.process.rate, 'records/s from a pty into Redis, port in a child process (baseline: the in-thread link)', best.thread.rate),
      result('bridge-serial-process-cpu', best.process.cpu, 'µs CPU per record, bus process + port process (baseline: the in-thread link)', best.thread.cpu),
    ];
  } finally {
    if (previousKind === undefined) delete process.env[SERIAL_LINK_VARIABLE];
    else process.env[SERIAL_LINK_VARIABLE] = previousKind;
    await core.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}
