/**
 * `bridge-serial`: records per second from a pty into Redis through a
 * serial bridge (the bus core with every feature, in this process: link,
 * lines framing, JSON reading, the envelope, PUBLISH on the profile's
 * connection, counted when Redis answered), as a ratio to a bare serialport
 * reader on the same kind of pty that only splits lines. The device is
 * played by writing the same JSON lines on the pty's bench end in 64 KiB
 * writes; each round uses a fresh socat pair; rounds alternate and the best
 * of each counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { BusCore } from '../src/bus/busCore';
import { defaultBridgeRouting, defaultSerialSettings, type BridgeView } from '../src/shared/bridges';
import type { ConnectionState } from '../src/shared/connectionState';
import { defaultProfileFields, type Profile } from '../src/shared/profile';
import type { Result } from '../src/shared/result';
import { openBenchEnd, startSocatPty, type BenchEnd } from '../tests/support/socatPty';
import { result, type BenchResult } from './benchResults';

const WRITE_CHUNK_BYTES = 64 * 1024;
const POLL_MS = 5;

export interface BridgeSerialSettings {
  records: number;
  rounds: number;
}

/** The device's output: `count` JSON lines like a mycology board's, in 64 KiB pieces. */
function deviceOutput(count: number): Buffer[] {
  const lines: string[] = [];
  for (let n = 0; n < count; n++) lines.push(`{"device_id":"board-1","seq":${n},"co2":${400 + (n % 500)},"rh":91.5,"t":22.25}\n`);
  const all = Buffer.from(lines.join(''));
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < all.length; offset += WRITE_CHUNK_BYTES) chunks.push(all.subarray(offset, offset + WRITE_CHUNK_BYTES));
  return chunks;
}

async function writeAll(bench: BenchEnd, chunks: readonly Buffer[]): Promise<void> {
  for (const chunk of chunks) await bench.write(chunk);
}

async function waitUntil(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`bridge-serial: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function valueOf<T>(answer: Result<unknown>): T {
  if (!answer.ok) throw new Error(`bridge-serial: ${answer.error.message}`);
  return answer.value as T;
}

/** A round's rate and this process's CPU time (user + system) per record over it: steadier than the rate on a shared machine. */
interface RoundMeasure {
  perSecond: number;
  cpuMicrosPerRecord: number;
}

function roundMeasure(records: number, startedAt: number, cpuAtStart: NodeJS.CpuUsage): RoundMeasure {
  const cpu = process.cpuUsage(cpuAtStart);
  return { perSecond: records / ((performance.now() - startedAt) / 1000), cpuMicrosPerRecord: (cpu.user + cpu.system) / records };
}

/** Records per second a bare serialport reader counts, splitting lines and nothing else. */
async function measureBare(chunks: readonly Buffer[], records: number): Promise<RoundMeasure> {
  const pty = await startSocatPty();
  const bench = await openBenchEnd(pty.benchPath);
  const port = new SerialPort({ path: pty.devicePath, baudRate: 115_200, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    let lines = 0;
    port.on('data', (bytes: Buffer) => {
      for (let index = bytes.indexOf(10); index !== -1; index = bytes.indexOf(10, index + 1)) lines++;
    });
    const cpuAtStart = process.cpuUsage();
    const startedAt = performance.now();
    void writeAll(bench, chunks);
    await waitUntil(() => lines >= records, 'the bare reader');
    return roundMeasure(records, startedAt, cpuAtStart);
  } finally {
    await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
    await bench.close();
    await pty.stop();
  }
}

/** Records per second published to Redis (answered) through a serial bridge. */
async function measureBridge(core: BusCore, profileId: string, chunks: readonly Buffer[], records: number): Promise<RoundMeasure> {
  const pty = await startSocatPty();
  const bench = await openBenchEnd(pty.benchPath);
  const draft = {
    name: 'Bench board',
    kind: 'serial' as const,
    serial: { ...defaultSerialSettings(), path: pty.devicePath, stallAfterMs: 0 },
    framing: { kind: 'lines' as const, ending: 'lf' as const },
    format: { kind: 'json' as const },
    routing: { ...defaultBridgeRouting(), channelTemplate: 'bench:{device_id}:telemetry' },
    shouldStartWithProfile: false,
  };
  const bridge = valueOf<BridgeView>(await core.handle('bridges:save', { profileId, draft }));
  const bridgeId = bridge.config.id;
  const statusOf = async (): Promise<BridgeView['status']> => {
    const views = valueOf<BridgeView[]>(await core.handle('bridges:list', { profileId }));
    const view = views.find((candidate) => candidate.config.id === bridgeId);
    if (!view) throw new Error('bridge-serial: the bridge is gone');
    return view.status;
  };
  try {
    valueOf(await core.handle('bridges:start', { profileId, bridgeId }));
    await waitUntil(async () => (await statusOf()).state === 'running', 'the bridge to open', 10_000);
    const cpuAtStart = process.cpuUsage();
    const startedAt = performance.now();
    void writeAll(bench, chunks);
    await waitUntil(async () => {
      const status = await statusOf();
      if (status.counters.badRecords > 0 || status.counters.droppedRecords > 0) throw new Error(`bridge-serial: records lost (${status.lastError?.message ?? ''})`);
      return status.counters.recordsPublished >= records;
    }, 'the bridge to publish every record');
    return roundMeasure(records, startedAt, cpuAtStart);
  } finally {
    await core.handle('bridges:remove', { profileId, bridgeId });
    await bench.close();
    await pty.stop();
  }
}

export async function runBridgeSerialBench(redisPort: number, settings: BridgeSerialSettings, progress: (line: string) => void): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-bench-bridge-'));
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
    // One unmeasured round of each at full size. Motivation: after a warm-up of 2,000 lines the first rounds cost
    // the bridge about twice the CPU per record of the later ones (9-13 µs against 4-7), the JIT still settling.
    progress(`bridge-serial: warming up, then ${settings.rounds} rounds of ${settings.records.toLocaleString('en-US')} JSON lines, bridge and bare reader alternating`);
    await measureBridge(core, profile.id, chunks, settings.records);
    await measureBare(chunks, settings.records);
    let bestBridge = 0;
    let bestBare = 0;
    let leastBridgeCpu = Number.POSITIVE_INFINITY;
    let leastBareCpu = Number.POSITIVE_INFINITY;
    for (let round = 0; round < settings.rounds; round++) {
      const bridge = await measureBridge(core, profile.id, chunks, settings.records);
      const bare = await measureBare(chunks, settings.records);
      progress(
        `  round ${round + 1}: bridge ${Math.round(bridge.perSecond).toLocaleString('en-US')} records/s (${bridge.cpuMicrosPerRecord.toFixed(2)} µs CPU each), ` +
          `bare reader ${Math.round(bare.perSecond).toLocaleString('en-US')} lines/s (${bare.cpuMicrosPerRecord.toFixed(2)} µs CPU each)`,
      );
      bestBridge = Math.max(bestBridge, bridge.perSecond);
      bestBare = Math.max(bestBare, bare.perSecond);
      leastBridgeCpu = Math.min(leastBridgeCpu, bridge.cpuMicrosPerRecord);
      leastBareCpu = Math.min(leastBareCpu, bare.cpuMicrosPerRecord);
    }
    return [
      result('bridge-serial', bestBridge, 'records/s from a pty into Redis through a serial bridge (baseline: bare serialport reader splitting lines)', bestBare),
      // Context, not the row: this process's CPU per record (Redis and socat not included), least of the rounds.
      result('bridge-serial-cpu', leastBridgeCpu, 'µs of bench-process CPU per record through the bridge (baseline: the bare reader per line)', leastBareCpu),
    ];
  } finally {
    await core.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}
