/**
 * `npm run bench [-- --quick]`: every scenario against a redis-server started
 * here, each value printed as a ratio to a baseline measured in the same run.
 * Results go to bench/results/latest.json as [{name, value, unit, baseline, ratio}].
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { unpack } from 'msgpackr';
import { decodePayload } from '../src/main/bus/decode/decodePayload';
import { startRedisServer } from '../tests/support/redisServer';
import { measureIngest } from './ingestRun';
import type { PayloadKind } from './payloads';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

const isQuick = process.argv.includes('--quick');
const MESSAGE_COUNT = isQuick ? 50_000 : 300_000;
const ROUNDS = isQuick ? 1 : 3;

async function bestOf(rounds: number, run: () => Promise<number>): Promise<number> {
  let best = 0;
  for (let i = 0; i < rounds; i++) best = Math.max(best, await run());
  return best;
}

async function decodeScenario(port: number, name: string, kind: PayloadKind, baselineDecode: (b: Buffer) => unknown): Promise<BenchResult> {
  // Baseline and candidate alternate so drift on a shared machine hits both.
  let baseline = 0;
  let value = 0;
  for (let round = 0; round < ROUNDS; round++) {
    baseline = Math.max(baseline, await bestOf(1, async () => (await measureIngest(port, kind, MESSAGE_COUNT, baselineDecode)).messagesPerSecond));
    value = Math.max(value, await bestOf(1, async () => (await measureIngest(port, kind, MESSAGE_COUNT, (b) => decodePayload(b))).messagesPerSecond));
  }
  return { name, value, unit: 'msg/s', baseline, ratio: value / baseline };
}

function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [r.name, r.value.toFixed(1), r.unit, r.baseline.toFixed(1), r.ratio.toFixed(3)]);
  const header = ['scenario', 'value', 'unit', 'baseline', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
try {
  console.log(`Benchmarks against redis-server on port ${server.port}${isQuick ? ' (quick)' : ''}; ${MESSAGE_COUNT} messages per run.`);
  const results: BenchResult[] = [];
  // Baseline: a bare ioredis subscriber receiving Buffers and parsing each payload.
  results.push(await decodeScenario(server.port, 'decode-json-200b', 'json', (b) => JSON.parse(b.toString('utf8'))));
  results.push(await decodeScenario(server.port, 'decode-msgpack-eeg-64ch', 'msgpack-eeg', (b) => unpack(b)));
  printTable(results);
  const outDir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(outDir, { recursive: true });
  await writeFile(`${outDir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Wrote ${outDir}latest.json`);
} finally {
  await server.stop();
}
