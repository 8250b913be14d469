/**
 * Agents & alerts: the agent board, the routing feed and task progress of
 * one profile, with the alerts panel beside them and the board settings
 * below.
 */
import { useState } from 'react';
import type { Profile } from '../../../../shared/profile';
import type { ListeningChannel } from '../../../../shared/features/agentsContract';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { AlertsPanel } from '../alerts/AlertsPanel';
import './agents.css';
import { AgentBoardPanel } from './AgentBoardPanel';
import { listeningChannelText } from './agentFormatting';
import { MappingEditor } from './MappingEditor';
import { RoutingFeed } from './RoutingFeed';
import { TaskProgressList } from './TaskProgressList';
import { useAgentBoard } from './useAgentBoard';
import { useAgentMapping } from './useAgentMapping';
import { usePinnedAgents } from './usePinnedAgents';

export function AgentsSection({ profile }: { profile: Profile }) {
  const [nameFilter, setNameFilter] = useState('');
  const { pinnedIds, togglePin } = usePinnedAgents(profile.id);
  const board = useAgentBoard(profile.id, nameFilter, pinnedIds);
  const { mapping } = useAgentMapping(profile.id);
  return (
    <div className="agents-section">
      <div className="agents-main">
        {board.isError && !board.data && <Notice tone="error">{describeError(board.error)}</Notice>}
        {!board.data && !board.isError && <p className="muted">Loading the agent board…</p>}
        {board.data && (
          <>
            <ListeningLine listening={board.data.listening} />
            <AgentBoardPanel
              profileId={profile.id}
              board={board.data}
              staleAfterMs={mapping.data?.staleAfterMs ?? null}
              nameFilter={nameFilter}
              onNameFilterChange={setNameFilter}
              pinnedIds={pinnedIds}
              onTogglePin={togglePin}
            />
            <div className="agents-feeds">
              <RoutingFeed board={board.data} />
              <TaskProgressList board={board.data} taskStaleAfterMs={mapping.data?.taskStaleAfterMs ?? null} />
            </div>
          </>
        )}
        <details className="card agent-settings">
          <summary>Board settings: channels and field paths</summary>
          <MappingEditor profileId={profile.id} />
        </details>
      </div>
      <aside className="agents-alerts">
        <AlertsPanel profile={profile} />
      </aside>
    </div>
  );
}

function ListeningLine({ listening }: { listening: ListeningChannel[] }) {
  if (listening.length === 0) return null;
  return (
    <p className="agents-listening muted" data-testid="agents-listening">
      Channels read for this board:{' '}
      {listening.map((entry, index) => (
        <span key={entry.channel} className={`listening-${entry.state}`}>
          {index > 0 ? '; ' : ''}
          {listeningChannelText(entry)}
        </span>
      ))}
    </p>
  );
}
