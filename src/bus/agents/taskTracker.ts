/**
 * Task progress from task updates: running tasks with their progress,
 * finished and failed ones kept for KEEP_ENDED_MS, and a running task
 * silent for longer than the mapping's threshold shown as stale. Bounded at
 * MAX_TASKS: the oldest ended task goes first, then the least recently
 * updated.
 */
import type { TaskPhase, TaskRow } from '../../shared/features/agentsContract';

export const MAX_TASKS = 1000;
export const MAX_SHOWN_TASKS = 100;
export const KEEP_ENDED_MS = 10 * 60_000;

export interface TaskReport {
  id: string;
  phase: Exclude<TaskPhase, 'stale'>;
  status: string | null;
  progress: number | null;
  message: string | null;
  receivedAtMs: number;
}

const PHASE_ORDER: Record<TaskPhase, number> = { stale: 0, running: 1, failed: 2, finished: 3 };

export class TaskTracker {
  /** Map order is least recently updated first. */
  private readonly tasks = new Map<string, TaskRow>();

  constructor(private readonly staleAfterMs: number) {}

  report(report: TaskReport): void {
    const known = this.tasks.get(report.id);
    if (known) this.tasks.delete(report.id);
    const row: TaskRow = {
      id: report.id,
      phase: report.phase,
      status: report.status,
      // An update without progress keeps what the last one said; a finished task is complete.
      progress: report.progress ?? (report.phase === 'finished' ? 100 : (known?.progress ?? null)),
      message: report.message ?? known?.message ?? null,
      firstSeenMs: known?.firstSeenMs ?? report.receivedAtMs,
      lastUpdateMs: report.receivedAtMs,
    };
    this.tasks.set(report.id, row);
    if (this.tasks.size > MAX_TASKS) this.evictOne();
  }

  /** Drops ended tasks older than KEEP_ENDED_MS. */
  expire(nowMs: number): void {
    for (const [id, row] of this.tasks) {
      if ((row.phase === 'finished' || row.phase === 'failed') && nowMs - row.lastUpdateMs > KEEP_ENDED_MS) this.tasks.delete(id);
    }
  }

  snapshot(nowMs: number): { rows: TaskRow[]; counts: Record<TaskPhase, number>; hidden: number } {
    const counts: Record<TaskPhase, number> = { running: 0, stale: 0, finished: 0, failed: 0 };
    const rows: TaskRow[] = [];
    for (const row of this.tasks.values()) {
      const phase: TaskPhase = row.phase === 'running' && nowMs - row.lastUpdateMs > this.staleAfterMs ? 'stale' : row.phase;
      counts[phase]++;
      rows.push(phase === row.phase ? { ...row } : { ...row, phase });
    }
    rows.sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || b.lastUpdateMs - a.lastUpdateMs || (a.id < b.id ? -1 : 1));
    return { rows: rows.slice(0, MAX_SHOWN_TASKS), counts, hidden: Math.max(0, rows.length - MAX_SHOWN_TASKS) };
  }

  private evictOne(): void {
    for (const [id, row] of this.tasks) {
      if (row.phase === 'finished' || row.phase === 'failed') {
        this.tasks.delete(id);
        return;
      }
    }
    const oldest = this.tasks.keys().next().value;
    if (oldest !== undefined) this.tasks.delete(oldest);
  }
}
