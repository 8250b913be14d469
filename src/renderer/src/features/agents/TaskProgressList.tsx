/** Tasks from task updates: running ones with progress bars, finished and failed ones for ten minutes, silent ones marked. */
import type { AgentBoardSnapshot } from '../../../../shared/features/agentsContract';
import { formatAge, formatDuration, TASK_PHASE_LABELS } from './agentFormatting';

export function TaskProgressList({ board, taskStaleAfterMs }: { board: AgentBoardSnapshot; taskStaleAfterMs: number | null }) {
  const tasks = board.listening.find((entry) => entry.role === 'tasks');
  const counts = board.taskCounts;
  return (
    <section className="card task-progress" aria-labelledby="task-progress-title">
      <h3 id="task-progress-title">Tasks</h3>
      {!tasks ? (
        <p className="empty-state">No task channel is set. Add one in "Board settings" below.</p>
      ) : board.tasks.length === 0 ? (
        <p className="empty-state">No task update on {tasks.channel} yet.</p>
      ) : (
        <>
          <p className="muted" data-testid="task-counts">
            {counts.running} running, {counts.stale} silent, {counts.finished} finished, {counts.failed} failed
            {board.hiddenTaskCount > 0 ? ` (${board.hiddenTaskCount} not listed)` : ''}. Finished and failed tasks stay 10 min
            {taskStaleAfterMs !== null ? `; a running task silent for ${formatDuration(taskStaleAfterMs)} is marked silent` : ''}.
          </p>
          <ul className="task-list">
            {board.tasks.map((task) => (
              <li key={task.id} className={`task-row task-${task.phase}`}>
                <span className="task-id">{task.id}</span>
                <span className={`task-phase task-phase-${task.phase}`}>{TASK_PHASE_LABELS[task.phase]}</span>
                <progress max={100} value={task.progress ?? undefined} aria-label={`Progress of ${task.id}`} />
                <span className="task-percent">{task.progress === null ? '—' : `${Math.round(task.progress)} %`}</span>
                <span className="task-message" title={task.message ?? task.status ?? undefined}>
                  {task.message ?? task.status ?? ''}
                </span>
                <span className="task-age muted">{formatAge(board.asOfMs - task.lastUpdateMs)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
