/**
 * `dlq-bulk-replay`: dead letters replayed exactly once through the real bus
 * worker thread (dlq:bulkRun over the whole stream, one replay script per
 * entry with its ledger), as entries/s against a bare client doing the same
 * work with no guarantees: XRANGE a chunk, then pipelined XADD to the origin
 * and XDEL from the dead letters, in chunks of the same size, on an
 * identical copy in the same run.
 * Meanwhile system:hello is asked every HELLO_INTERVAL_MS: its p99 says
 * whether the UI stays responsive (baseline: the same with the bus idle).
 *
 * `dlq-bulk-replay-hello-p99-bare-load`: the same hello p99 with the bus idle
 * while the bare replay runs in another process: what Redis and a replay
 * busy on the same cores cost the bus thread by themselves (baseline: the
 * bus run's p99). A bus run that holds its own thread shows as a ratio far
 * under 1; a machine that is simply full, near 1.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { resolveBusWorkerUrl, startBusThread, type BusThread } from '../src/bus/busThread';
import { BULK_CHUNK } from '../src/bus/streams/deadLetters/bulkRuns';
import type { BusToHostMessage, RequestMethod, RequestParams, RequestResult } from '../src/shared/contract';
import type { BulkRunStatus } from '../src/shared/features/deadLettersContract';
import { defaultProfileFields } from '../src/shared/profile';
import { result, type BenchResult } from './benchResults';

const HELLO_INTERVAL_MS = 20;
const SEED_BATCH = 2_000;

interface Measured {
  entriesPerSecond: number;
  helloP99Ms: number;
}

export async function runDlqReplayBench(port: number, count: number, progress: (line: string) => void): Promise<BenchResult[]> {
  const admin = new Redis({ port, host: '127.0.0.1' });
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-bench-dlq-'));
  const thread = startBusThread({
    workerUrl: resolveBusWorkerUrl(new URL('../src/bus/busThread.ts', import.meta.url).href),
    workerData: { host: 'serve', appVersion: 'bench', dataDir, keySource: { kind: 'none', reason: 'benchmark run' } },
    // As in benchBus.ts: e.g. "--import tsx --cpu-prof" to profile the bus worker during the run.
    ...(process.env.LABWIRE_BENCH_WORKER_ARGV ? { execArgv: process.env.LABWIRE_BENCH_WORKER_ARGV.split(' ') } : {}),
  });
  try {
    const profileId = await connect(thread, port);
    const idleHello = await helloP99While(thread, () => new Promise((resolve) => setTimeout(resolve, 2_000)));
    progress(`dlq-bulk-replay: ${count.toLocaleString('en-US')} dead letters, bus run then bare XADD+XDEL; system:hello idle p99 ${idleHello.toFixed(1)} ms`);
    await seed(admin, '{bench}:tasks:dlq', '{bench}:tasks', count);
    const bus = await measureBus(thread, admin, profileId, count);
    await seed(admin, '{bare}:tasks:dlq', '{bare}:tasks', count);
    const bare = await measureBare(admin, '{bare}:tasks:dlq', '{bare}:tasks', count);
    progress(`  bus ${Math.round(bus.entriesPerSecond).toLocaleString('en-US')}/s (hello p99 ${bus.helloP99Ms.toFixed(1)} ms), bare ${Math.round(bare).toLocaleString('en-US')}/s`);
    await seed(admin, '{load}:tasks:dlq', '{load}:tasks', count);
    const bareInChild = await startBareReplayInChild(port, '{load}:tasks:dlq', '{load}:tasks');
    const bareLoadHello = await helloP99While(thread, bareInChild.run);
    progress(`  hello p99 with the bus idle while a bare replay runs in another process: ${bareLoadHello.toFixed(1)} ms`);
    return [
      result('dlq-bulk-replay', bus.entriesPerSecond, `dead letters/s replayed exactly once via dlq:bulkRun, ${count.toLocaleString('en-US')} entries (baseline: bare pipelined XRANGE+XADD+XDEL)`, bare),
      result('dlq-bulk-replay-hello-p99', bus.helloP99Ms, `ms, system:hello round trip p99 during the run (baseline: bus idle)`, idleHello),
      result('dlq-bulk-replay-hello-p99-bare-load', bareLoadHello, `ms, system:hello p99, bus idle, a bare replay in another process (baseline: the bus run's p99)`, bus.helloP99Ms),
    ];
  } finally {
    await thread.stop();
    admin.disconnect();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Dead letters in Labwire's layout, each with four original fields (about 150 bytes). */
async function seed(admin: Redis, dlqKey: string, origin: string, count: number): Promise<void> {
  await admin.del(dlqKey, origin, `${dlqKey}:replayed`);
  for (let start = 0; start < count; start += SEED_BATCH) {
    const pipeline = admin.pipeline();
    for (let index = start; index < Math.min(count, start + SEED_BATCH); index++) {
      pipeline.xadd(dlqKey, '*', 'dlq:v1', '8', 'dlq:reason', 'bench', 'dlq:origin', origin, 'dlq:original_id', `1-${index}`, 'dlq:deliveries', '3', 'dlq:moved_at', '0', 'dlq:group', 'g', 'dlq:consumer', 'c',
        'msg', `m${index}`, 'type', 'task_request', 'payload', `{"sample":"S-${index % 40}","steps":["centrifuge","read"],"volumeUl":30}`, 'priority', 'normal');
    }
    await pipeline.exec();
  }
}

async function measureBus(thread: BusThread, admin: Redis, profileId: string, count: number): Promise<Measured> {
  const startedMs = performance.now();
  let elapsedMs = 0;
  const helloP99Ms = await helloP99While(thread, async () => {
    const finished = new Promise<BulkRunStatus>((resolve) => {
      const unsubscribe = thread.onDidEmit((message: BusToHostMessage) => {
        if (message.kind !== 'event' || message.event.type !== 'dlq:bulkProgress') return;
        const { status } = message.event;
        if (status.state === 'running' || status.state === 'stopping') return;
        unsubscribe();
        resolve(status);
      });
    });
    await call(thread, 'dlq:bulkRun', { profileId, dlqKey: '{bench}:tasks:dlq', action: 'replay', selection: { kind: 'all' }, isConfirmed: true });
    const status = await finished;
    elapsedMs = performance.now() - startedMs;
    if (status.state !== 'finished' || status.done !== count) throw new Error(`bulk run ended ${status.state} with ${status.done} of ${count} done`);
  });
  const [originLength, left] = [await admin.xlen('{bench}:tasks'), await admin.xlen('{bench}:tasks:dlq')];
  if (originLength !== count || left !== 0) throw new Error(`not exactly once: ${originLength} in the origin, ${left} left`);
  return { entriesPerSecond: (count / elapsedMs) * 1000, helloP99Ms };
}

/**
 * Starts measureBare in a child process, so only Redis and the CPU are shared
 * with the bus thread; `run` waits until the replay ended. The child has
 * loaded and connected before `run` is called (its start-up is not measured).
 */
async function startBareReplayInChild(port: number, dlqKey: string, origin: string): Promise<{ run: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'bare', String(port), dlqKey, origin], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The bare replay process exited with code ${code}.`))));
  });
  await Promise.race([new Promise((resolve) => child.stdout.once('data', resolve)), exited]);
  return {
    run: async () => {
      child.stdin.end('go\n');
      await exited;
    },
  };
}

if (process.argv[2] === 'bare' && process.argv[1] === fileURLToPath(import.meta.url)) {
  const [, , , portText, dlqKey, origin] = process.argv;
  const client = new Redis({ port: Number(portText), host: '127.0.0.1' });
  const count = await client.xlen(dlqKey!);
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  await measureBare(client, dlqKey!, origin!, count);
  client.disconnect();
}

async function measureBare(admin: Redis, dlqKey: string, origin: string, count: number): Promise<number> {
  const startedMs = performance.now();
  let cursor = '-';
  for (;;) {
    const chunk = (await admin.xrangeBuffer(dlqKey, cursor, '+', 'COUNT', BULK_CHUNK)) as unknown as Array<[Buffer, Buffer[]]>;
    if (chunk.length === 0) break;
    const pipeline = admin.pipeline();
    for (const [id, fields] of chunk) {
      pipeline.xadd(origin, '*', ...fields.slice(16), 'replayed_from', id);
      pipeline.xdel(dlqKey, id);
    }
    await pipeline.exec();
    cursor = `(${chunk[chunk.length - 1]![0].toString('latin1')}`;
  }
  const elapsedMs = performance.now() - startedMs;
  if ((await admin.xlen(origin)) !== count) throw new Error('bare replay lost entries');
  return (count / elapsedMs) * 1000;
}

/** p99 of system:hello round trips asked every HELLO_INTERVAL_MS while `work` runs. */
async function helloP99While(thread: BusThread, work: () => Promise<void>): Promise<number> {
  const samples: number[] = [];
  let isDone = false;
  const asking = (async () => {
    while (!isDone) {
      const sentMs = performance.now();
      await call(thread, 'system:hello', {});
      samples.push(performance.now() - sentMs);
      await new Promise((resolve) => setTimeout(resolve, HELLO_INTERVAL_MS));
    }
  })();
  await work();
  isDone = true;
  await asking;
  samples.sort((left, right) => left - right);
  return samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] ?? 0;
}

async function connect(thread: BusThread, port: number): Promise<string> {
  const profile = await call(thread, 'profiles:save', { ...defaultProfileFields(), name: 'Bench Redis', port });
  const isReady = new Promise<void>((resolve) => {
    const unsubscribe = thread.onDidEmit((message) => {
      if (message.kind === 'event' && message.event.type === 'connection:state' && message.event.profileId === profile.id && message.event.state.state === 'ready') {
        unsubscribe();
        resolve();
      }
    });
  });
  const opened = await call(thread, 'connection:open', { profileId: profile.id });
  if (opened.state !== 'ready') await isReady;
  return profile.id;
}

async function call<M extends RequestMethod>(thread: BusThread, method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
  const answer = await thread.request(method, params);
  if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
  return answer.value;
}
