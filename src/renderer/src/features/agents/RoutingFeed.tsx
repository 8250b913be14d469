/** The latest routing decisions and each agent's share of the last ones. */
import type { AgentBoardSnapshot } from '../../../../shared/features/agentsContract';
import { formatClockTime } from '../../format/formatClockTime';
import { countWords } from '../../../../shared/countWords';

export function RoutingFeed({ board }: { board: AgentBoardSnapshot }) {
  const routing = board.listening.find((entry) => entry.role === 'routing');
  return (
    <section className="card routing-feed" aria-labelledby="routing-feed-title">
      <h3 id="routing-feed-title">Routing decisions</h3>
      {!routing ? (
        <p className="empty-state">No routing channel is set. Add one in "Board settings" below.</p>
      ) : board.decisions.length === 0 ? (
        <p className="empty-state">No routing decision on {routing.channel} yet.</p>
      ) : (
        <>
          <p className="muted">Share of the last {countWords(board.shareWindow, 'decision')} that named an agent:</p>
          <ul className="routing-shares" aria-label="Share per agent">
            {board.shares.map((share) => {
              const percent = Math.round((share.count / Math.max(1, board.shareWindow)) * 100);
              return (
                <li key={share.agentId}>
                  <span className="routing-share-name">{share.name}</span>
                  <span className="routing-share-bar" aria-hidden="true">
                    <span style={{ width: `${percent}%` }} />
                  </span>
                  <span className="routing-share-count">
                    {share.count} ({percent} %)
                  </span>
                </li>
              );
            })}
          </ul>
          <table className="routing-table" aria-label="Latest routing decisions">
            <thead>
              <tr>
                <th>Received</th>
                <th>Task</th>
                <th>Agent</th>
                <th>Score</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {board.decisions.slice(0, 12).map((decision, index) => (
                <tr key={`${decision.receivedAtMs}-${decision.taskId ?? ''}-${index}`}>
                  <td>{formatClockTime(decision.receivedAtMs)}</td>
                  <td>{decision.taskId ?? '—'}</td>
                  <td>{decision.agentName ?? decision.agentId ?? '—'}</td>
                  <td>{decision.complexityScore === null ? '—' : decision.complexityScore.toFixed(2)}</td>
                  <td className="routing-reason">{decision.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
