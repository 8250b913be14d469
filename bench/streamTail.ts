/**
 * A stream as a lane's source, through the real bus thread.
 *
 * `stream-tail`: entries/s from a stream fed at full speed (bench/streamWriter.ts
 * in its own process) into a lane's feed frames on the host thread, against a
 * bare `XREAD BLOCK` loop (ioredis, the same COUNT, JSON.parse of each entry's
 * value) in the same run. Entries persist in the stream, so each reader runs at
 * its own pace; the rate runs from its first entry (first frame) to its last.
 * Entries the bus left out of frames ('frame-cap') are not delivered.
 *
 * `stream-tail-lag-p95`: at a steady 10,000 entries/s, from the writer's
 * timestamp in the entry to the frame carrying it on the host thread; the
 * baseline is the bare loop's lag at the moment it parses the entry.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { BenchBus } from './benchBus';
import { epochNowMs, sentAtOfJsonText } from './payloads';
import type { CpuCounter } from './serialBenchHarness';

const WRITER_PATH = fileURLToPath(new URL('./streamWriter.ts', import.meta.url));
/** The same COUNT the tail uses (profileTail.ts DEFAULT_TAIL_TIMING). */
export const ENTRIES_PER_READ = 1_000;
export const BLOCK_MS = 1_000;
const WARMUP_MS = 1_000;
const DRAIN_MS = 500;
const IDLE_END_MS = 5_000;

export interface TailRun {
  entriesPerSecond: number;
  /** Bus runs: how fast the bus worker took entries in from Redis (the lane's received counter), whether or not they reached the host. */
  intakePerSecond: number;
  delivered: number;
  frameCapDrops: number;
  /** CPU µs per entry over the flood (writer start to the last entry): this whole process, the writer process, and redis-server (INFO cpu; 0 without a counter). */
  cpu: EntryCpu;
}

export interface EntryCpu {
  processMicros: number;
  writerMicros: number;
  redisMicros: number;
}

/** The machine's CPU per entry: this process, the writer and redis-server. */
export function machineMicros(cpu: EntryCpu): number {
  return cpu.processMicros + cpu.writerMicros + cpu.redisMicros;
}

export interface LagRun {
  p50Ms: number;
  p95Ms: number;
  samples: number;
  missing: number;
}

let keyNumber = 0;
export function uniqueKey(what: string): string {
  return `bench:stream:${what}:${process.pid}:${++keyNumber}`;
}

export interface WriterResult {
  sent: number;
  /** The writer process's user + system CPU time, µs. */
  cpuMicros: number;
}

export function startWriter(args: string[]): Promise<WriterResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER_PATH, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => (output += text));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The stream writer exited with code ${code}.`));
      else resolve(JSON.parse(output.trim().split('\n').pop() ?? '{}') as WriterResult);
    });
  });
}

/** A bare tail: one XREAD BLOCK loop on its own connection, each entry's value parsed; `onEntry` gets the parsed value. */
/**
 * Starts counting CPU for a flood: this process, and redis-server when
 * `redisCpu` is given. The function it returns ends the window over `entries`
 * entries, adding the writer's own CPU time.
 */
export async function startCpuWindow(redisCpu?: CpuCounter): Promise<(entries: number, writer: WriterResult) => Promise<EntryCpu>> {
  const processAtStart = process.cpuUsage();
  const redisAtStart = redisCpu ? await redisCpu() : 0;
  return async (entries, writer) => {
    const used = process.cpuUsage(processAtStart);
    const redisMicros = redisCpu ? (await redisCpu()) - redisAtStart : 0;
    return { processMicros: (used.user + used.system) / entries, writerMicros: writer.cpuMicros / entries, redisMicros: redisMicros / entries };
  };
}

async function bareTail(port: number, key: string, onEntry: (value: unknown) => void): Promise<() => Promise<void>> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  await client.connect();
  let isRunning = true;
  let lastId = '$';
  const loop = (async () => {
    while (isRunning) {
      const reply = (await client.xreadBuffer('COUNT', ENTRIES_PER_READ, 'BLOCK', BLOCK_MS, 'STREAMS', key, lastId)) as [Buffer, [Buffer, Buffer[]][]][] | null;
      if (!reply) continue;
      for (const [, entries] of reply) {
        for (const [, fields] of entries) onEntry(JSON.parse(fields[1]!.toString('utf8')));
        lastId = entries[entries.length - 1]![0].toString('latin1');
      }
    }
  })();
  // The first read is on the server (blocked at `$`) before the writer starts.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return async () => {
    isRunning = false;
    client.disconnect();
    await loop.catch(() => undefined);
  };
}

export async function measureBareTail(port: number, count: number, redisCpu?: CpuCounter): Promise<TailRun> {
  const key = uniqueKey('bare');
  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  const stop = await bareTail(port, key, (value) => {
    const now = performance.now();
    if (typeof value !== 'object') throw new Error('A bench entry did not parse to an object.');
    if (received === 0) firstAt = now;
    lastAt = now;
    received++;
  });
  try {
    const endCpu = await startCpuWindow(redisCpu);
    const writer = await startWriter(['flood', String(port), key, String(count)]);
    await waitUntil(() => received >= count, () => lastAt);
    const cpu = await endCpu(count, writer);
    const entriesPerSecond = rate(received - 1, lastAt - firstAt);
    return { entriesPerSecond, intakePerSecond: entriesPerSecond, delivered: received, frameCapDrops: 0, cpu };
  } finally {
    await stop();
  }
}

export async function measureBusTail(bus: BenchBus, port: number, count: number, redisCpu?: CpuCounter): Promise<TailRun> {
  const key = uniqueKey('bus');
  const lane = await bus.addTargetLane({ kind: 'stream', key });
  const dropsBefore = bus.frameCapDrops();
  let delivered = 0;
  let afterFirstFrame = 0;
  let firstAt = 0;
  let lastAt = 0;
  const intake = { firstAt: 0, first: 0, lastAt: 0, last: 0 };
  const stopListening = bus.onDidReceiveFeedFrame((frame) => {
    const now = performance.now();
    const received = frame.lanes.find((changed) => changed.id === lane.id)?.counters.received;
    if (received !== undefined && received > 0) {
      if (intake.first === 0) Object.assign(intake, { firstAt: now, first: received });
      Object.assign(intake, { lastAt: now, last: received });
    }
    let mine = 0;
    for (const message of frame.messages) if (message.laneIds.includes(lane.id)) mine++;
    if (mine === 0) return;
    if (delivered === 0) firstAt = now;
    else afterFirstFrame += mine;
    lastAt = now;
    delivered += mine;
  });
  try {
    const endCpu = await startCpuWindow(redisCpu);
    const writer = await startWriter(['flood', String(port), key, String(count)]);
    await waitUntil(() => delivered + (bus.frameCapDrops() - dropsBefore) >= count, () => lastAt);
    const cpu = await endCpu(count, writer);
    return {
      entriesPerSecond: rate(afterFirstFrame, lastAt - firstAt),
      intakePerSecond: rate(intake.last - intake.first, intake.lastAt - intake.firstAt),
      delivered,
      frameCapDrops: bus.frameCapDrops() - dropsBefore,
      cpu,
    };
  } finally {
    stopListening();
    await bus.removeLane(lane.id);
  }
}

export async function measureBusTailLag(bus: BenchBus, port: number, perSecond: number, durationMs: number): Promise<LagRun> {
  const key = uniqueKey('bus-lag');
  const lane = await bus.addTargetLane({ kind: 'stream', key });
  const lags: number[] = [];
  let seen = 0;
  let firstSentAt = Number.POSITIVE_INFINITY;
  const stopListening = bus.onDidReceiveFeedFrame((frame) => {
    const arrivedAt = epochNowMs();
    for (const message of frame.messages) {
      if (!message.laneIds.includes(lane.id)) continue;
      const sentAt = sentAtOfJsonText(message.preview);
      if (!Number.isFinite(sentAt)) continue;
      seen++;
      firstSentAt = Math.min(firstSentAt, sentAt);
      if (sentAt - firstSentAt >= WARMUP_MS) lags.push(arrivedAt - sentAt);
    }
  });
  try {
    const written = await startWriter(['rate', String(port), key, String(perSecond), String(durationMs)]);
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    return summarize(lags, written.sent - seen);
  } finally {
    stopListening();
    await bus.removeLane(lane.id);
  }
}

export async function measureBareTailLag(port: number, perSecond: number, durationMs: number): Promise<LagRun> {
  const key = uniqueKey('bare-lag');
  const lags: number[] = [];
  let seen = 0;
  let firstSentAt = Number.POSITIVE_INFINITY;
  const stop = await bareTail(port, key, (value) => {
    const arrivedAt = epochNowMs();
    const sentAt = (value as { sent_at_ms?: number }).sent_at_ms;
    if (typeof sentAt !== 'number') return;
    seen++;
    firstSentAt = Math.min(firstSentAt, sentAt);
    if (sentAt - firstSentAt >= WARMUP_MS) lags.push(arrivedAt - sentAt);
  });
  try {
    const written = await startWriter(['rate', String(port), key, String(perSecond), String(durationMs)]);
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    return summarize(lags, written.sent - seen);
  } finally {
    await stop();
  }
}

function summarize(lags: number[], missing: number): LagRun {
  const sorted = [...lags].sort((a, b) => a - b);
  const at = (fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
  return { p50Ms: at(0.5), p95Ms: at(0.95), samples: sorted.length, missing };
}

export function rate(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
}

export async function waitUntil(isDone: () => boolean, lastProgressAt: () => number): Promise<void> {
  const startedAt = performance.now();
  while (!isDone()) {
    const last = lastProgressAt() || startedAt;
    if (performance.now() - last > IDLE_END_MS) throw new Error('The stream bench stopped receiving before every entry arrived.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
