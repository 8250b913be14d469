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
import { readdirSync, readFileSync } from 'node:fs';
import { startRedisServer } from '../tests/support/redisServer';
import { startBenchBus } from './benchBus';
import { measureBusTail } from './streamTail';

const ENTRIES_PER_ROUND = 150_000;
const WARMUP_ENTRIES = 30_000;

/** CPU time (clock ticks) of each thread of this process, by thread id. */
function threadTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const threadId of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(threadId, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ticks;
}

function minorFaults(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
}

const rounds = Number(process.argv[2] ?? 4);
/** /proc counts CPU time in USER_HZ ticks, 100 a second on Linux. */
const ticksPerSecond = 100;
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
    // The bus worker is the busiest thread other than this one.
    let workerTicks = 0;
    for (const [threadId, ticks] of after) if (threadId !== mainThread) workerTicks = Math.max(workerTicks, ticks - (before.get(threadId) ?? 0));
    const microsPerEntry = (ticks: number): string => ((ticks * 1e6) / ticksPerSecond / ENTRIES_PER_ROUND).toFixed(2);
    console.log(
      `round ${round + 1}: worker ${microsPerEntry(workerTicks)} µs CPU per entry, host thread ${microsPerEntry(after.get(mainThread)! - before.get(mainThread)!)}, ` +
        `${Math.round(run.entriesPerSecond).toLocaleString('en-US')} entries/s, ${(minorFaults() - faultsBefore).toLocaleString('en-US')} minor page faults`,
    );
  }
} finally {
  await bus.stop();
  await server.stop();
}
