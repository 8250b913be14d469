/**
 * The bus worker thread's CPU time per stream entry in a real flood: the
 * bench bus (its worker thread, a redis-server, the stream writer process)
 * and `measureBusTail`, with the worker's utime+stime read from
 * /proc/self/task around each round (Linux only). Not a row of run.ts: the
 * `stream-tail` ratio swings with the bare loop and the load, while the
 * worker's CPU per entry is what a cut in the feed path changes.
 *
 * `node --import tsx bench/streamTailWorkerCpu.ts [rounds]`; A/B two trees by
 * running each tree's copy in turn (separate processes: two trees in one
 * process share an allocator, see bench/README.md, Session 9 (tailperf)).
 */
import { readFileSync } from 'node:fs';
import { startRedisServer } from '../tests/support/redisServer';
import { startBenchBus } from './benchBus';
import { measureBusTail } from './streamTail';
import { busiestOtherThread, threadTicks, TICKS_PER_SECOND } from './threadTicks';

const ENTRIES_PER_ROUND = 150_000;
const WARMUP_ENTRIES = 30_000;

function minorFaults(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
}

const rounds = Number(process.argv[2] ?? 4);
const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
const bus = await startBenchBus(server.port);
try {
  await measureBusTail(bus, server.port, WARMUP_ENTRIES);
  for (let round = 0; round < rounds; round++) {
    const before = threadTicks();
    const faultsBefore = minorFaults();
    const run = await measureBusTail(bus, server.port, ENTRIES_PER_ROUND);
    const after = threadTicks();
    const mainThread = String(process.pid);
    const workerTicks = busiestOtherThread(before, after);
    const microsPerEntry = (ticks: number): string => ((ticks * 1e6) / TICKS_PER_SECOND / ENTRIES_PER_ROUND).toFixed(2);
    console.log(
      `round ${round + 1}: worker ${microsPerEntry(workerTicks)} µs CPU per entry, host thread ${microsPerEntry(after.get(mainThread)! - before.get(mainThread)!)}, ` +
        `${Math.round(run.entriesPerSecond).toLocaleString('en-US')} entries/s, ${(minorFaults() - faultsBefore).toLocaleString('en-US')} minor page faults`,
    );
  }
} finally {
  await bus.stop();
  await server.stop();
}
