/** The stream-tail rows of `npm run bench -- --only=stream-tail` (bench/streamTail.ts and streamTailBareWorker.ts measure). */
import { result, type BenchResult } from './benchResults';
import { HISTORY_WARM_UP_MESSAGES, type BenchBus } from './benchBus';
import { redisCpuCounter } from './serialBenchHarness';
import { machineMicros, measureBareTail, measureBareTailLag, measureBusTail, measureBusTailLag, type LagRun, type TailRun } from './streamTail';
import { measureBareWorkerTail } from './streamTailBareWorker';

const LAG_RATE_PER_SECOND = 10_000;

type Variant = 'bus' | 'bare' | 'bareWorker';
const VARIANTS: readonly Variant[] = ['bus', 'bare', 'bareWorker'];

interface VariantBest {
  /** The fastest round (the rate rows). */
  fastest: TailRun | null;
  /** The least machine CPU per entry of any round (this process, the writer, redis-server). */
  machineMicros: number;
}

const perSecond = (value: number): string => Math.round(value).toLocaleString('en-US');

function cpuText(run: TailRun): string {
  const { processMicros, writerMicros, redisMicros } = run.cpu;
  return `${perSecond(run.entriesPerSecond)} entries/s, µs CPU per entry: bench process ${processMicros.toFixed(2)}, writer ${writerMicros.toFixed(2)}, redis ${redisMicros.toFixed(2)}, machine ${machineMicros(run.cpu).toFixed(2)}`;
}

export async function streamTailRows(bus: BenchBus, port: number, isQuick: boolean, progress: (line: string) => void): Promise<BenchResult[]> {
  const settings = isQuick ? { count: 150_000, rounds: 3, lagMs: 5_000 } : { count: 400_000, rounds: 3, lagMs: 15_000 };
  const redisCpu = redisCpuCounter(port);
  try {
    progress('stream tail: warming up');
    await measureBusTail(bus, port, HISTORY_WARM_UP_MESSAGES);
    await measureBareTail(port, 30_000);
    await measureBareWorkerTail(port, 30_000);
    progress(
      `stream tail: ${settings.rounds} rounds of ${settings.count.toLocaleString('en-US')} entries, bus, a bare XREAD BLOCK loop and the same loop on a worker thread, in turn`,
    );
    const best: Record<Variant, VariantBest> = {
      bus: { fastest: null, machineMicros: Number.POSITIVE_INFINITY },
      bare: { fastest: null, machineMicros: Number.POSITIVE_INFINITY },
      bareWorker: { fastest: null, machineMicros: Number.POSITIVE_INFINITY },
    };
    for (let round = 0; round < settings.rounds; round++) {
      for (const variant of VARIANTS) {
        const run =
          variant === 'bus'
            ? await measureBusTail(bus, port, settings.count, redisCpu.counter)
            : variant === 'bare'
              ? await measureBareTail(port, settings.count, redisCpu.counter)
              : await measureBareWorkerTail(port, settings.count, 'strings', redisCpu.counter);
        progress(`  round ${round + 1} ${variant}: ${cpuText(run)}`);
        const kept = best[variant];
        if (!kept.fastest || run.entriesPerSecond > kept.fastest.entriesPerSecond) kept.fastest = run;
        kept.machineMicros = Math.min(kept.machineMicros, machineMicros(run.cpu));
      }
    }
    const bus1 = best.bus.fastest!;
    const bare = best.bare.fastest!;
    const bareWorker = best.bareWorker.fastest!;
    progress(
      `  bus ${perSecond(bus1.entriesPerSecond)} entries/s, intake ${perSecond(bus1.intakePerSecond)} entries/s ` +
        `(${bus1.delivered.toLocaleString('en-US')} reached the host, ` +
        `${bus1.frameCapDrops.toLocaleString('en-US')} left out of frames); bare ${perSecond(bare.entriesPerSecond)} entries/s; ` +
        `bare on a worker ${perSecond(bareWorker.entriesPerSecond)} entries/s`,
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
      // Context: the ceiling for a bus on a worker thread. The bare loop on a worker, each reply's values posted to this thread.
      result(
        'stream-tail-bare-worker',
        bareWorker.entriesPerSecond,
        'entries/s of the bare XREAD BLOCK loop on a worker thread, each reply\'s values posted to the main thread and counted there (bench/bareTailWorker.ts; baseline: the bare loop on one thread)',
        bare.entriesPerSecond,
      ),
      result('stream-tail-vs-bare-worker', bus1.entriesPerSecond, 'entries/s into the host thread, the bus (baseline: the bare loop on a worker thread)', bareWorker.entriesPerSecond),
      // Context: where the 2 cores go. Least machine CPU per entry of any round: bench process, writer process, redis-server.
      result(
        'stream-tail-bare-worker-machine-cpu',
        best.bareWorker.machineMicros,
        'µs CPU per entry on the machine (bench process, writer, redis-server), the bare loop on a worker (baseline: the bare loop on one thread)',
        best.bare.machineMicros,
      ),
      result(
        'stream-tail-machine-cpu',
        best.bus.machineMicros,
        'µs CPU per entry on the machine (bench process, writer, redis-server), the bus (baseline: the bare loop on a worker)',
        best.bareWorker.machineMicros,
      ),
    ];
  } finally {
    redisCpu.close();
  }
}
