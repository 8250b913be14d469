/**
 * The agents feature's slice of the contract: the agent board, the routing
 * feed and task progress of one profile, and the mapping that says which
 * channels and field paths feed them.
 *
 * The renderer asks for a snapshot (`agents:board`) about once a second;
 * ages in it are computed by the bus at `asOfMs`, so they tick with each
 * refetch and never depend on the browser's clock.
 */
import { arrayOf, idCheck, integer, shape, string } from '../requestChecks';
import { request } from '../requestSlice';

/**
 * One agent's state. 'stale' wins over what the agent last said once its heartbeat is older than the mapping's threshold.
 * 'degraded': the agent says it works, but not fully ("degraded", "warning"); not an error.
 */
export type AgentState = 'ok' | 'busy' | 'degraded' | 'error' | 'unknown' | 'stale';
export const AGENT_STATES: readonly AgentState[] = ['error', 'degraded', 'stale', 'busy', 'unknown', 'ok'];

/** Which field of a status message means what. Paths use the feed filter's syntax (`payload.agentId`, `data["agent.id"]`); '' means "not sent". */
export interface AgentStatusSource {
  /** A pub/sub channel name. */
  channel: string;
  idPath: string;
  namePath: string;
  statusPath: string;
  /** 0..1; numeric text ("0.65") is read as the number it spells. */
  loadPath: string;
  /** The sender's time, any unit (shared/timestamp.ts); shown beside the receive time, never used for staleness. */
  timePath: string;
  /** Text of the last error the agent reports. */
  errorPath: string;
}

export interface RoutingSource {
  /** '' turns the routing feed off. */
  channel: string;
  taskPath: string;
  agentIdPath: string;
  agentNamePath: string;
  reasonPath: string;
  /** A number: the complexity score the router computed. */
  scorePath: string;
  timePath: string;
}

export interface TaskSource {
  /** '' turns task progress off. */
  channel: string;
  idPath: string;
  statusPath: string;
  messagePath: string;
  /** 0..100. */
  progressPath: string;
}

/** The board's configuration for one profile, kept in the data folder. Local view settings: read-only profiles may change it too. */
export interface AgentMapping {
  statusSources: AgentStatusSource[];
  routing: RoutingSource;
  tasks: TaskSource;
  /** An agent heard from longer ago than this (by receive time) is STALE. */
  staleAfterMs: number;
  /** A running task silent longer than this is stale. */
  taskStaleAfterMs: number;
}

export const MAX_STATUS_SOURCES = 8;
export const MIN_STALE_AFTER_MS = 1000;
export const MAX_STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** One status channel's last word on an agent. */
export interface ChannelStatus {
  channel: string;
  /** The status text as sent (null when the message had none). */
  status: string | null;
  state: Exclude<AgentState, 'stale'>;
  /** Epoch ms the bus received it. */
  receivedAtMs: number;
  /** Older than the STALE threshold: it no longer counts towards `state`. */
  isStale: boolean;
}

export interface AgentRow {
  id: string;
  name: string;
  state: AgentState;
  /** The status text of the last message (null when it had none), shown beside an 'unknown' state. */
  reportedStatus: string | null;
  /**
   * What each status channel said last, the one that sets `state` first (most serious, then newest):
   * an agent reported on two channels (health on one, activity on the other) is shown with both,
   * so an 'error' badge never sits beside a later "busy" from another channel without a word.
   */
  statusesByChannel: ChannelStatus[];
  /** The last load read, 0..1 as sent (may lie outside; `notes` says so); null when none was sent. */
  load: number | null;
  /** The last loads read, oldest first, at most LOAD_HISTORY_LENGTH. */
  loadHistory: number[];
  /** Epoch ms the bus last received a status for this agent. */
  lastSeenMs: number;
  /** `asOfMs - lastSeenMs`. */
  ageMs: number;
  /** The sender's own time of the last status, when it carried one we could read. */
  sentAtMs: number | null;
  /** Routing decisions naming this agent received in the 60 s before `asOfMs`. */
  routedLastMinute: number;
  lastError: string | null;
  lastErrorAtMs: number | null;
  /** Status messages received for this agent. */
  messageCount: number;
  /** Channel of the last status. */
  channel: string;
  /** What could not be read from the last status, in words ("load \"high\" is not a number"). */
  notes: string[];
}

export interface RoutingDecision {
  taskId: string | null;
  agentId: string | null;
  agentName: string | null;
  reason: string | null;
  complexityScore: number | null;
  /** Epoch ms the bus received it. */
  receivedAtMs: number;
}

export interface RoutingShare {
  agentId: string;
  name: string;
  count: number;
}

export type TaskPhase = 'running' | 'finished' | 'failed' | 'stale';

export interface TaskRow {
  id: string;
  phase: TaskPhase;
  /** The status text as sent. */
  status: string | null;
  /** 0..100, null when none was sent. */
  progress: number | null;
  message: string | null;
  firstSeenMs: number;
  lastUpdateMs: number;
}

export interface ListeningChannel {
  channel: string;
  role: 'status' | 'routing' | 'tasks';
  state: 'subscribing' | 'active' | 'interrupted' | 'refused';
  /** Why it was refused, in words. */
  problem: string | null;
  messageCount: number;
}

export interface AgentBoardSnapshot {
  asOfMs: number;
  /** Grows with every message and state change; equal versions mean equal content apart from ages. */
  version: number;
  listening: ListeningChannel[];
  /** Pinned first, then by state (error, stale, busy, unknown, ok), then name; at most MAX_SHOWN_AGENTS. */
  agents: AgentRow[];
  /** Agents the board keeps (at most MAX_TRACKED_AGENTS). */
  trackedCount: number;
  /** Agents matching the name filter. */
  matchingCount: number;
  /** Matching agents not in `agents` because of the display cap. */
  hiddenCount: number;
  /** Distinct agents forgotten (least recently heard) because the board was full. */
  forgottenCount: number;
  /** Tracked agents per state, all of them, filter or not. */
  stateCounts: Record<AgentState, number>;
  /** Messages on a status channel that named no agent id under the mapping. */
  unreadableCount: number;
  lastUnreadable: { channel: string; reason: string; receivedAtMs: number } | null;
  /** Newest first, at most MAX_SHOWN_DECISIONS. */
  decisions: RoutingDecision[];
  /** Share of each agent in the last `shareWindow` decisions, most first. */
  shares: RoutingShare[];
  shareWindow: number;
  /** Running and stale first, then newest; at most MAX_SHOWN_TASKS. */
  tasks: TaskRow[];
  taskCounts: Record<TaskPhase, number>;
  hiddenTaskCount: number;
}

export interface AgentMessage {
  channel: string;
  receivedAtMs: number;
  /** The payload as text (JSON as sent, MessagePack rendered as JSON, binary as hex), cut at MAX_RAW_BYTES. */
  text: string;
  encoding: 'json' | 'msgpack' | 'text' | 'binary' | 'error';
  isTruncated: boolean;
}

export interface AgentBoardQuery {
  profileId: string;
  /** Case-insensitive text found in an agent's name or id; '' shows all. */
  nameFilter: string;
  /** Shown first and never hidden by the cap (a profile's favourites). */
  pinnedIds: string[];
}

const path = string(500);
const channel = string(1024);

const statusSource = shape({
  channel,
  idPath: path,
  namePath: path,
  statusPath: path,
  loadPath: path,
  timePath: path,
  errorPath: path,
});

/** Also checks the mapping file read back from the data folder. */
export const AGENT_MAPPING_CHECK = shape({
  statusSources: arrayOf(statusSource, MAX_STATUS_SOURCES),
  routing: shape({ channel, taskPath: path, agentIdPath: path, agentNamePath: path, reasonPath: path, scorePath: path, timePath: path }),
  tasks: shape({ channel, idPath: path, statusPath: path, messagePath: path, progressPath: path }),
  staleAfterMs: integer(MIN_STALE_AFTER_MS, MAX_STALE_AFTER_MS),
  taskStaleAfterMs: integer(MIN_STALE_AFTER_MS, MAX_STALE_AFTER_MS),
});

const profileOnly = shape({ profileId: idCheck });

export const AGENTS_REQUESTS = {
  'agents:board': request<AgentBoardQuery, AgentBoardSnapshot>(
    shape({ profileId: idCheck, nameFilter: string(200), pinnedIds: arrayOf(string(200), 100) }),
  ),
  'agents:message': request<{ profileId: string; agentId: string }, AgentMessage>(shape({ profileId: idCheck, agentId: string(200) })),
  'agents:mapping:get': request<{ profileId: string }, AgentMapping>(profileOnly),
  'agents:mapping:set': request<{ profileId: string; mapping: AgentMapping }, AgentMapping>(shape({ profileId: idCheck, mapping: AGENT_MAPPING_CHECK })),
  'agents:mapping:reset': request<{ profileId: string }, AgentMapping>(profileOnly),
  /** Field paths seen on a channel the board listens to, for the mapping editor. */
  'agents:paths': request<{ profileId: string; channel: string }, string[]>(shape({ profileId: idCheck, channel })),
};
