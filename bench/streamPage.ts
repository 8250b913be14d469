/**
 * `stream-page`: the newest page (100 entries) of a large stream, read,
 * decoded and answered to the host thread through the real bus worker
 * (`streams:entries`), as pages per second against the XREVRANGE … COUNT 100
 * call alone from a bare ioredis client in the same run. Rounds alternate
 * the two; the best round of each counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { resolveBusWorkerUrl, startBusThread, type BusThread } from '../src/bus/busThread';
import type { BusToHostMessage } from '../src/shared/contract';
import { defaultProfileFields } from '../src/shared/profile';
import { result, type BenchResult } from './benchResults';

const STREAM_KEY = 'bench:orchestrator:tasks';
const PAGE_ENTRIES = 100;
/** Entries added per EVAL: large enough to fill fast, small enough not to stall the server for long. */
const FILL_BATCH = 20_000;
const READY_TIMEOUT_MS = 10_000;

/** Adds `count` entries shaped like the orchestrator's (an envelope spread over fields, the payload as JSON). */
const FILL_SCRIPT = `
local count = tonumber(ARGV[1])
local start = tonumber(ARGV[2])
for i = 1, count do
  local n = start + i
  redis.call('XADD', KEYS[1], '*', 'id', 'msg-' .. n, 'from', 'planner', 'to', 'worker-' .. (n % 8), 'type', 'task_request',
    'priority', 'normal', 'ttl', '300', 'correlation_id', 'corr-' .. n, 'timestamp', '1714000000.' .. (n % 1000),
    'payload', '{"task":"measure","sample":' .. n .. ',"params":{"rate_hz":250,"channels":[1,2,3,4]}}')
end
return count`;

export interface StreamPageSettings {
  entries: number;
  rounds: number;
  pagesPerRound: number;
}

export async function runStreamPage(port: number, settings: StreamPageSettings, progress: (line: string) => void): Promise<BenchResult[]> {
  const client = new Redis({ host: '127.0.0.1', port });
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-bench-streams-'));
  const thread = startBusThread({
    workerUrl: resolveBusWorkerUrl(new URL('../src/bus/busThread.ts', import.meta.url).href),
    workerData: { host: 'serve', appVersion: 'bench', dataDir, keySource: { kind: 'none', reason: 'benchmark run' } },
  });
  try {
    progress(`stream-page: filling ${STREAM_KEY} with ${settings.entries.toLocaleString('en-US')} entries`);
    await client.del(STREAM_KEY);
    for (let added = 0; added < settings.entries; added += FILL_BATCH) {
      await client.eval(FILL_SCRIPT, 1, STREAM_KEY, Math.min(FILL_BATCH, settings.entries - added), added);
    }
    const length = await client.xlen(STREAM_KEY);
    const profileId = await connect(thread, port);
    const readBare = async (): Promise<void> => {
      const page = await client.xrevrangeBuffer(STREAM_KEY, '+', '-', 'COUNT', PAGE_ENTRIES);
      if (page.length !== PAGE_ENTRIES) throw new Error(`XREVRANGE answered ${page.length} entries`);
    };
    const readBus = async (): Promise<void> => {
      const page = await thread.request('streams:entries', { profileId, key: STREAM_KEY, range: { kind: 'newest' }, count: PAGE_ENTRIES });
      if (!page.ok) throw new Error(`streams:entries: ${page.error.message}`);
      if (page.value.entries.length !== PAGE_ENTRIES || page.value.entries[0]!.envelope === null) throw new Error('streams:entries answered a short or undecoded page');
    };
    // Warm both paths (JIT, connections) before measuring.
    await pagesPerSecond(readBare, 50);
    await pagesPerSecond(readBus, 50);
    let bestBare = 0;
    let bestBus = 0;
    for (let round = 0; round < settings.rounds; round++) {
      bestBare = Math.max(bestBare, await pagesPerSecond(readBare, settings.pagesPerRound));
      bestBus = Math.max(bestBus, await pagesPerSecond(readBus, settings.pagesPerRound));
    }
    progress(`  bare XREVRANGE ${Math.round(bestBare)} pages/s; bus streams:entries ${Math.round(bestBus)} pages/s (stream of ${length.toLocaleString('en-US')})`);
    return [
      result(
        'stream-page',
        bestBus,
        `pages/s of the newest ${PAGE_ENTRIES} entries of a ${length.toLocaleString('en-US')}-entry stream, decoded, on the host thread (baseline: XREVRANGE COUNT ${PAGE_ENTRIES} alone, bare ioredis)`,
        bestBare,
      ),
    ];
  } finally {
    await client.del(STREAM_KEY).catch(() => undefined);
    client.disconnect();
    await thread.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Reads `pages` pages one after another (as a user pages), in pages per second. */
async function pagesPerSecond(read: () => Promise<void>, pages: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < pages; index++) await read();
  return pages / ((performance.now() - started) / 1000);
}

async function connect(thread: BusThread, port: number): Promise<string> {
  const saved = await thread.request('profiles:save', { ...defaultProfileFields(), name: 'Bench Redis', port });
  if (!saved.ok) throw new Error(saved.error.message);
  const profileId = saved.value.id;
  const isReady = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The bus did not connect to 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms.`)), READY_TIMEOUT_MS);
    const unsubscribe = thread.onDidEmit((message: BusToHostMessage) => {
      if (message.kind !== 'event' || message.event.type !== 'connection:state' || message.event.profileId !== profileId) return;
      if (message.event.state.state !== 'ready') return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
  const opened = await thread.request('connection:open', { profileId });
  if (!opened.ok) throw new Error(opened.error.message);
  if (opened.value.state !== 'ready') await isReady;
  return profileId;
}
