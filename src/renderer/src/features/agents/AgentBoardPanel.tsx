/** The agent cards of one profile, with the name filter, the state counts and what the board hides. */
import type { AgentBoardSnapshot, AgentState } from '../../../../shared/features/agentsContract';
import { AGENT_STATES } from '../../../../shared/features/agentsContract';
import { AGENT_STATE_LABELS, formatDuration } from './agentFormatting';
import { AgentCard } from './AgentCard';
import { countWords, formatCount } from '../../../../shared/countWords';

interface AgentBoardPanelProps {
  profileId: string;
  board: AgentBoardSnapshot;
  staleAfterMs: number | null;
  nameFilter: string;
  onNameFilterChange: (filter: string) => void;
  pinnedIds: readonly string[];
  onTogglePin: (agentId: string) => void;
}

export function AgentBoardPanel({ profileId, board, staleAfterMs, nameFilter, onNameFilterChange, pinnedIds, onTogglePin }: AgentBoardPanelProps) {
  const statusChannels = board.listening.filter((entry) => entry.role === 'status').map((entry) => entry.channel);
  return (
    <section className="card agent-board" aria-labelledby="agent-board-title">
      <div className="agent-board-head">
        <h3 id="agent-board-title">Agents</h3>
        <p className="agent-state-counts" data-testid="agent-state-counts">
          {AGENT_STATES.map((state: AgentState) => (
            <span key={state} className={`agent-state agent-state-${state}${board.stateCounts[state] === 0 ? ' is-zero' : ''}`}>
              {board.stateCounts[state]} {AGENT_STATE_LABELS[state]}
            </span>
          ))}
        </p>
        <label className="agent-filter">
          Filter by name <input type="search" value={nameFilter} onChange={(event) => onNameFilterChange(event.target.value)} placeholder="name or id" />
        </label>
      </div>
      <p className="muted" data-testid="agent-board-summary">
        {describeCounts(board)}
        {staleAfterMs !== null && ` An agent silent for more than ${formatDuration(staleAfterMs)} is STALE.`}
      </p>
      {board.unreadableCount > 0 && board.lastUnreadable && (
        <p className="agent-unreadable">
          {countWords(board.unreadableCount, 'message was', 'messages were')} not read as a status. Last: {board.lastUnreadable.reason}
        </p>
      )}
      {board.trackedCount === 0 ? (
        <p className="empty-state">
          {statusChannels.length === 0
            ? 'No status channel is set. Add one in "Board settings" below.'
            : `No agent has reported on ${statusChannels.join(' or ')} yet. Start the demo traffic, or check the channel names and field paths in "Board settings" below.`}
        </p>
      ) : board.agents.length === 0 ? (
        <p className="empty-state">No agent name or id contains "{nameFilter}".</p>
      ) : (
        <ul className="agent-cards">
          {board.agents.map((agent) => (
            <AgentCard key={agent.id} profileId={profileId} agent={agent} isPinned={pinnedIds.includes(agent.id)} onTogglePin={() => onTogglePin(agent.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function describeCounts(board: AgentBoardSnapshot): string {
  const parts = [`Showing ${formatCount(board.agents.length)} of ${countWords(board.matchingCount, 'agent')}`];
  if (board.matchingCount !== board.trackedCount) parts[0] += ` matching the filter (${formatCount(board.trackedCount)} known)`;
  let text = `${parts[0]}.`;
  if (board.hiddenCount > 0) text += ` ${formatCount(board.hiddenCount)} more are hidden to keep the page fast; filter by name to find them.`;
  if (board.forgottenCount > 0) text += ` ${formatCount(board.forgottenCount)} agents heard least recently were forgotten because the board keeps at most ${formatCount(board.trackedCount)}.`;
  return text;
}
