/** One agent: state, load with its sparkline, last seen, routes in the last minute, last error; its raw last message one click away. */
import { useState } from 'react';
import type { AgentRow } from '../../../../shared/features/agentsContract';
import { formatClockTime } from '../../format/formatClockTime';
import { AGENT_STATE_LABELS, formatAge, formatLoad, statusSentWords } from './agentFormatting';
import { AgentLastMessage } from './AgentLastMessage';
import { LoadSparkline } from './LoadSparkline';

interface AgentCardProps {
  profileId: string;
  agent: AgentRow;
  isPinned: boolean;
  onTogglePin: () => void;
}

export function AgentCard({ profileId, agent, isPinned, onTogglePin }: AgentCardProps) {
  const [isRawOpen, setRawOpen] = useState(false);
  const showsRaw = agent.state === 'unknown' && agent.reportedStatus !== null;
  return (
    <li className={`agent-card agent-${agent.state}`} aria-label={`Agent ${agent.name}`} data-agent-id={agent.id} data-state={agent.state}>
      <div className="agent-card-head">
        <span className={`agent-state agent-state-${agent.state}`}>{AGENT_STATE_LABELS[agent.state]}</span>
        {/* Whole, never cut: the id wraps under the name, a long word breaks, on a card as narrow as the grid makes it (270 px).
            The tooltip says both again for a pointer; a screen reader reads the text itself. */}
        <span className="agent-title" title={agent.name === agent.id ? agent.id : `${agent.name} (${agent.id})`}>
          <span className="agent-name">{agent.name}</span>
          {agent.name !== agent.id && <span className="agent-id">{agent.id}</span>}
        </span>
        <button type="button" className="agent-pin" aria-pressed={isPinned} aria-label={isPinned ? `Unpin ${agent.name}` : `Pin ${agent.name}`} onClick={onTogglePin}>
          {isPinned ? '★' : '☆'}
        </button>
      </div>
      <dl className="agent-facts">
        <div>
          <dt>Load</dt>
          <dd className="agent-load">
            <span>{formatLoad(agent.load)}</span>
            <LoadSparkline loads={agent.loadHistory} />
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd title={`Received at ${formatClockTime(agent.lastSeenMs)}${agent.sentAtMs !== null ? `; sent at ${formatClockTime(agent.sentAtMs)} by its clock` : ''}`}>
            {formatAge(agent.ageMs)}
          </dd>
        </div>
        <div>
          <dt>Routed, last minute</dt>
          <dd>{agent.routedLastMinute}</dd>
        </div>
        <div>
          <dt>Status sent</dt>
          <dd data-testid="agent-status-sent">{statusSentWords(agent)}</dd>
        </div>
      </dl>
      {agent.lastError !== null && (
        <p className="agent-last-error">
          Last error{agent.lastErrorAtMs !== null ? ` at ${formatClockTime(agent.lastErrorAtMs)}` : ''}: {agent.lastError}
        </p>
      )}
      {agent.notes.length > 0 && (
        <ul className="agent-notes">
          {agent.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <button type="button" className="link-button" aria-expanded={isRawOpen} onClick={() => setRawOpen(!isRawOpen)}>
        {isRawOpen ? 'Hide the last message' : showsRaw ? 'Show the last message (status not understood)' : 'Show the last message'}
      </button>
      {isRawOpen && <AgentLastMessage profileId={profileId} agentId={agent.id} version={agent.messageCount} />}
    </li>
  );
}
