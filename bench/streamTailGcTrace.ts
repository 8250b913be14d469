/**
 * Summarizes a `node --trace-gc-nvp` log per isolate (the bench's main
 * thread, the bus worker, a bare worker): scavenges, mark-compacts, and over
 * the scavenges that allocated at least `minAllocated` bytes (the young
 * generation grown to its flood size) the medians of bytes allocated,
 * promoted to old space and newly surviving. Only lines after the first
 * line starting with `from` are read, when given (a phase marker such as
 * streamTailReaderGc.ts's `reading:`).
 *
 * `node --import tsx bench/streamTailGcTrace.ts <log> [minAllocated=1000000] [from]`
 */
import { readFileSync } from 'node:fs';

interface Scavenge {
  allocated: number;
  promoted: number;
  survived: number;
  pauseMs: number;
}

const [file, minAllocatedText, from] = process.argv.slice(2);
if (!file) throw new Error('Usage: streamTailGcTrace.ts <log> [minAllocated] [from]');
const minAllocated = Number(minAllocatedText ?? 1_000_000);
let lines = readFileSync(file, 'utf8').split('\n');
if (from) lines = lines.slice(Math.max(0, lines.findIndex((line) => line.startsWith(from))));

const isolates = new Map<string, { scavenges: Scavenge[]; markCompacts: number }>();
for (const line of lines) {
  const isolate = /^\[\d+:(0x[0-9a-f]+)\]/.exec(line)?.[1];
  const kind = / gc=(\w+) /.exec(line)?.[1];
  if (!isolate || !kind) continue;
  const field = (name: string): number => Number(new RegExp(` ${name}=([0-9.]+)`).exec(line)?.[1] ?? NaN);
  let record = isolates.get(isolate);
  if (!record) isolates.set(isolate, (record = { scavenges: [], markCompacts: 0 }));
  if (kind === 's') record.scavenges.push({ allocated: field('allocated'), promoted: field('promoted'), survived: field('new_space_survived'), pauseMs: field('pause') });
  else record.markCompacts++;
}

function quantile(values: number[], at: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * at))] ?? NaN;
}

for (const [isolate, { scavenges, markCompacts }] of isolates) {
  const grown = scavenges.filter((scavenge) => scavenge.allocated >= minAllocated);
  if (grown.length === 0) continue;
  const promoted = grown.map((scavenge) => scavenge.promoted);
  console.log(
    `${isolate}: ${scavenges.length} scavenges (${grown.length} counted), ${markCompacts} mark-compacts; per counted scavenge, medians: ` +
      `allocated ${quantile(grown.map((scavenge) => scavenge.allocated), 0.5)}, promoted ${quantile(promoted, 0.5)} (quartiles ${quantile(promoted, 0.25)}-${quantile(promoted, 0.75)}), ` +
      `newly surviving ${quantile(grown.map((scavenge) => scavenge.survived), 0.5)}, pause ${quantile(grown.map((scavenge) => scavenge.pauseMs), 0.5)} ms`,
  );
}
