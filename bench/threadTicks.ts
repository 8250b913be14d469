/**
 * CPU time per thread of this process, from /proc/self/task (Linux only):
 * what the worker-CPU scripts (streamTailWorkerCpu.ts, alertRulesWorkerCpu.ts)
 * read around each round to tell the bus worker's CPU from the host thread's.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** /proc counts CPU time in USER_HZ ticks, 100 a second on Linux. */
export const TICKS_PER_SECOND = 100;

/** CPU time (clock ticks, utime + stime) of each thread of this process, by thread id. */
export function threadTicks(): Map<string, number> {
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

/** The ticks of the busiest thread other than this process's main thread between two readings: the bus worker in these scripts. */
export function busiestOtherThread(before: Map<string, number>, after: Map<string, number>): number {
  const mainThread = String(process.pid);
  let busiest = 0;
  for (const [threadId, ticks] of after) if (threadId !== mainThread) busiest = Math.max(busiest, ticks - (before.get(threadId) ?? 0));
  return busiest;
}
