/** The stream-tail rows of `npm run bench -- --only=stream-tail` (bench/streamTail.ts measures). */
import { result, type BenchResult } from './benchResults';
import type { BenchBus } from './benchBus';
import { measureBareTail, measureBareTailLag, measureBusTail, measureBusTailLag, type LagRun, type TailRun } from './streamTail';

const LAG_RATE_PER_SECOND = 10_000;

export async function streamTailRows(bus: BenchBus, port: number, isQuick: boolean, progress: (line: string) => void): Promise<BenchResult[]> {
  const settings = isQuick ? { count: 150_000, rounds: 3, lagMs: 5_000 } : { count: 400_000, rounds: 3, lagMs: 15_000 };
  progress('stream tail: warming up');
  await measureBusTail(bus, port, 30_000);
  await measureBareTail(port, 30_000);
  progress(`stream tail: ${settings.rounds} rounds of ${settings.count.toLocaleString('en-US')} entries, bus and a bare XREAD BLOCK loop, alternating`);
  let busBest: TailRun | null = null;
  let bareBest: TailRun | null = null;
  for (let round = 0; round < settings.rounds; round++) {
    const busRun = await measureBusTail(bus, port, settings.count);
    const bareRun = await measureBareTail(port, settings.count);
    if (!busBest || busRun.entriesPerSecond > busBest.entriesPerSecond) busBest = busRun;
    if (!bareBest || bareRun.entriesPerSecond > bareBest.entriesPerSecond) bareBest = bareRun;
  }
  const bus1 = busBest!;
  const bare = bareBest!;
  progress(
    `  bus ${Math.round(bus1.entriesPerSecond).toLocaleString('en-US')} entries/s, intake ${Math.round(bus1.intakePerSecond).toLocaleString('en-US')} entries/s ` +
      `(${bus1.delivered.toLocaleString('en-US')} reached the host, ` +
      `${bus1.frameCapDrops.toLocaleString('en-US')} left out of frames); bare ${Math.round(bare.entriesPerSecond).toLocaleString('en-US')} entries/s`,
  );
  progress(`stream tail lag at ${LAG_RATE_PER_SECOND.toLocaleString('en-US')} entries/s for ${settings.lagMs / 1000} s, bus then bare`);
  const busLag: LagRun = await measureBusTailLag(bus, port, LAG_RATE_PER_SECOND, settings.lagMs);
  const bareLag: LagRun = await measureBareTailLag(port, LAG_RATE_PER_SECOND, settings.lagMs);
  progress(
    `  bus p50 ${busLag.p50Ms.toFixed(1)} ms, p95 ${busLag.p95Ms.toFixed(1)} ms (${busLag.samples} samples, ${busLag.missing} not seen); ` +
      `bare p50 ${bareLag.p50Ms.toFixed(2)} ms, p95 ${bareLag.p95Ms.toFixed(2)} ms`,
  );
  return [
    result('stream-tail', bus1.entriesPerSecond, 'entries/s from XADD into a lane\'s frames on the host thread (baseline: bare ioredis XREAD BLOCK loop)', bare.entriesPerSecond),
    result('stream-tail-lag-p95', busLag.p95Ms, 'ms, XADD to feed frame on the host thread at 10,000 entries/s (baseline: bare XREAD BLOCK loop)', bareLag.p95Ms),
  ];
}
