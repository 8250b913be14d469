import { countWords } from '../../../../shared/countWords';
import type { AgentRow, AgentState, ListeningChannel, TaskPhase } from '../../../../shared/features/agentsContract';

export const AGENT_STATE_LABELS: Record<AgentState, string> = { ok: 'OK', busy: 'Busy', degraded: 'Degraded', error: 'Error', unknown: 'Unknown', stale: 'STALE' };

export const TASK_PHASE_LABELS: Record<TaskPhase, string> = { running: 'Running', stale: 'Silent (stale)', finished: 'Finished', failed: 'Failed' };

const LISTENING_ROLE_WORDS: Readonly<Record<ListeningChannel['role'], string>> = { status: 'agent status', routing: 'routing decisions', tasks: 'task progress' };

const LISTENING_STATE_WORDS: Readonly<Record<ListeningChannel['state'], string>> = {
  subscribing: 'subscribing',
  active: 'listening',
  interrupted: 'waiting for the connection',
  refused: 'refused',
};

/**
 * One channel the board reads, above the cards: "agents:status (agent status): listening, 2,169 messages". It
 * said "agents:status: listening, 2,169 received": received what, and why this channel, the line did not say.
 */
export function listeningChannelText(entry: ListeningChannel): string {
  const problem = entry.problem === null ? '' : ` (${entry.problem})`;
  return `${entry.channel} (${LISTENING_ROLE_WORDS[entry.role]}): ${LISTENING_STATE_WORDS[entry.state]}, ${countWords(entry.messageCount, 'message')}${problem}`;
}

/** "4 s ago", "3 min ago", "2 h ago": how long since, in the unit a person reads at a glance. */
export function formatAge(ageMs: number): string {
  const seconds = Math.max(0, Math.floor(ageMs / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

/** "30 s", "2 min", "1 h 30 min" for a threshold. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatLoad(load: number | null): string {
  return load === null ? 'no load sent' : `${Math.round(load * 100)} %`;
}

/**
 * "Status sent" in words: the status text alone when one channel reports the agent; with two or more, each
 * channel's last word, the one that sets the badge first ("degraded on agents:status · busy on agents:heartbeat"),
 * and a word on any older than the STALE threshold (it no longer counts).
 */
export function statusSentWords(agent: Pick<AgentRow, 'reportedStatus' | 'statusesByChannel'>): string {
  if (agent.statusesByChannel.length < 2) return agent.reportedStatus ?? 'none';
  return agent.statusesByChannel.map((said) => `${said.status ?? 'none'} on ${said.channel}${said.isStale ? ' (too old to count)' : ''}`).join(' · ');
}
