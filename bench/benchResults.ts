/** The results file and table: one row per scenario, {name, value, unit, baseline, ratio}. */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  name: string;
  value: number;
  /** The value's unit, and in parentheses what the baseline is when that is not obvious. */
  unit: string;
  baseline: number;
  ratio: number;
}

/** What each scenario aims for, shown beside the table (the targets). */
export const TARGETS: Readonly<Record<string, string>> = {
  'ingest-json': 'ratio >= 0.8',
  'ingest-msgpack-eeg': 'ratio >= 0.8',
  'latency-publish-to-frame-p99': 'value <= 50 ms',
  'host-event-loop-delay-p99': 'value <= 20 ms',
  'eeg-64ch-1khz-fps': 'value >= 30',
  'eeg-samples-lost': 'value = 0',
  'eeg-publish-to-pixel-p95': 'value <= 50 ms',
  'stream-tail': 'ratio >= 0.8',
  'stream-tail-lag-p95': 'value <= 50 ms',
  // Context rows for stream-tail, no target: the bare loop on a worker thread against the bare loop (the ceiling for a bus
  // on a worker thread here), the bus against it, and the machine's CPU per entry of each.
  'stream-tail-bare-worker': '(context: the ceiling)',
  'stream-tail-vs-bare-worker': '(context)',
  'stream-tail-bare-worker-machine-cpu': '(context)',
  'stream-tail-machine-cpu': '(context)',
  'dlq-bulk-replay': 'ratio >= 0.5',
  // "The UI stays responsive meanwhile": a request answered within 50 ms (RAIL's budget for handling input, so the response shows within 100 ms).
  'dlq-bulk-replay-hello-p99': 'value <= 50 ms',
  'alert-rules': 'ratio >= 0.9',
  'alert-rules-cpu': 'ratio >= 0.9',
  'alert-latency-p95': 'value <= 100 ms',
  'bridge-serial': 'ratio >= 0.8',
  // Context rows for bridge-serial, no target: the least publishing work against the bare reader (the ceiling for any
  // bridge here), its CPU on the whole machine, and Labwire's bridge against it.
  'bridge-serial-bare-publish': '(context: the ceiling)',
  'bridge-serial-bare-publish-machine-cpu': '(context)',
  'bridge-serial-vs-bare-publish': '(context)',
  'relay-fanout': 'ratio >= 0.8',
  'relay-host-event-loop-p99': 'value <= 20 ms',
  'failover-recovery-sentinel': 'ratio <= 1.0',
  'failover-recovery-cluster': 'ratio <= 1.0',
  'ingest-json-cluster': 'ratio >= 0.9',
};

/** value / baseline; a baseline of 0 (a count whose target is 0) gives 1 when the value is 0 too, else the value. */
export function ratioOf(value: number, baseline: number): number {
  if (baseline === 0) return value === 0 ? 1 : value;
  return value / baseline;
}

export function result(name: string, value: number, unit: string, baseline: number): BenchResult {
  return { name, value, unit, baseline, ratio: ratioOf(value, baseline) };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 3);
}

export function printTable(results: readonly BenchResult[]): void {
  const header = ['scenario', 'value', 'baseline', 'ratio', 'unit', 'target'];
  const rows = results.map((row) => [row.name, formatNumber(row.value), formatNumber(row.baseline), row.ratio.toFixed(3), row.unit, TARGETS[row.name] ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === 1 || column === 2 || column === 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/** Writes bench/results/latest.json and returns its path. */
export async function writeResults(results: readonly BenchResult[]): Promise<string> {
  const directory = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(directory, { recursive: true });
  const path = `${directory}latest.json`;
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

/** A row a scenario module handed back, checked before it goes into the file. */
export function isBenchResult(value: unknown): value is BenchResult {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return typeof row.name === 'string' && typeof row.value === 'number' && typeof row.unit === 'string' && typeof row.baseline === 'number' && typeof row.ratio === 'number';
}
