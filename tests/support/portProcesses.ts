/** The serial port processes (serialPortProcess.ts) this test process started, found in Linux /proc, and whether one still runs. */
import { readdir, readFile } from 'node:fs/promises';

/** Pids of this process's children running the port script. */
export async function portProcessPids(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const [stat, commandLine] = await Promise.all([readFile(`/proc/${entry}/stat`, 'utf8').catch(() => ''), readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')]);
    // Field 4 of stat is the parent's pid; the command name before it may hold spaces, so split after its ')'.
    const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parentPid === process.pid && commandLine.includes('serialPortProcess')) pids.push(Number(entry));
  }
  return pids;
}

/** Whether `pid` still runs (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
