/**
 * Stops managed redis-server processes when this process exits, even when
 * nobody called stop(): a server left behind keeps its port and folder busy.
 * The 'exit' handler may only do synchronous work, so it sends the signal
 * without waiting; SIGTERM lets Redis write its final snapshot.
 */
const trackedPids = new Set<number>();
let isHookRegistered = false;

function signalAll(): void {
  for (const pid of trackedPids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  trackedPids.clear();
}

export function stopOnExit(pid: number): void {
  trackedPids.add(pid);
  if (isHookRegistered) return;
  isHookRegistered = true;
  process.on('exit', signalAll);
}

export function forgetOnExit(pid: number): void {
  trackedPids.delete(pid);
}
