/**
 * The agents the board knows, each with its last status, load history and
 * the bytes of its last message. Bounded: at most MAX_TRACKED_AGENTS (the
 * least recently heard is forgotten and counted) and MAX_RAW_BYTES kept per
 * agent, so 10,000 distinct ids cost a fixed few megabytes.
 *
 * STALE is decided here from the receive time (the bus's clock), never the
 * sender's: a device with a wrong clock must not look alive or dead.
 */
import type { AgentRow, AgentState, ChannelStatus } from '../../shared/features/agentsContract';

export const MAX_TRACKED_AGENTS = 2000;

type ReportedState = Exclude<AgentState, 'stale'>;
const SERIOUSNESS: Record<ReportedState, number> = { unknown: 0, ok: 1, busy: 2, degraded: 3, error: 4 };
export const MAX_RAW_BYTES = 2048;
export const LOAD_HISTORY_LENGTH = 32;
const MAX_NOTES = 3;
/** Status channels remembered per agent (a pattern over per-agent channels could name many). */
export const MAX_STATUS_CHANNELS = 8;

/** What one status message said about one agent, already read through the mapping. */
export interface AgentReport {
  id: string;
  name: string | null;
  reportedStatus: string | null;
  reported: Exclude<AgentState, 'stale'>;
  load: number | null;
  sentAtMs: number | null;
  error: string | null;
  notes: string[];
  channel: string;
  payload: Buffer;
  receivedAtMs: number;
}

export interface KeptMessage {
  channel: string;
  receivedAtMs: number;
  /** A copy of at most MAX_RAW_BYTES of the payload. */
  bytes: Buffer;
  isTruncated: boolean;
}

interface AgentRecord {
  id: string;
  name: string;
  reportedStatus: string | null;
  /** What each status channel said last, and when: an agent may be on two (health on one, activity on the other). */
  reportsByChannel: Map<string, { state: ReportedState; status: string | null; atMs: number }>;
  /** The state last announced (to signals) and shown. */
  state: AgentState;
  load: number | null;
  loads: number[];
  lastSeenMs: number;
  sentAtMs: number | null;
  lastError: string | null;
  lastErrorAtMs: number | null;
  messageCount: number;
  notes: string[];
  raw: KeptMessage;
}

export interface StateChange {
  agentId: string;
  name: string;
  state: AgentState;
  previous: AgentState;
  lastError: string | null;
  atMs: number;
}

export class AgentRoster {
  /** Map order is least recently heard first: the eviction order. */
  private readonly agents = new Map<string, AgentRecord>();
  private forgotten = 0;

  constructor(
    private readonly staleAfterMs: number,
    private readonly onDidChangeState: (change: StateChange) => void,
  ) {}

  get size(): number {
    return this.agents.size;
  }

  get forgottenCount(): number {
    return this.forgotten;
  }

  report(report: AgentReport): void {
    let record = this.agents.get(report.id);
    if (record) this.agents.delete(report.id);
    else record = this.newRecord(report);
    this.agents.set(report.id, record);
    if (report.name !== null) record.name = report.name;
    record.reportedStatus = report.reportedStatus;
    // Newest last, so the oldest channel is the one forgotten when an agent reports on more than MAX_STATUS_CHANNELS.
    record.reportsByChannel.delete(report.channel);
    record.reportsByChannel.set(report.channel, { state: report.reported, status: report.reportedStatus, atMs: report.receivedAtMs });
    if (record.reportsByChannel.size > MAX_STATUS_CHANNELS) record.reportsByChannel.delete(record.reportsByChannel.keys().next().value!);
    record.lastSeenMs = report.receivedAtMs;
    record.sentAtMs = report.sentAtMs;
    record.messageCount++;
    record.notes = report.notes.slice(0, MAX_NOTES);
    record.raw = keep(report);
    if (report.load !== null) {
      record.load = report.load;
      record.loads.push(report.load);
      if (record.loads.length > LOAD_HISTORY_LENGTH) record.loads.shift();
    }
    if (report.error !== null) {
      record.lastError = report.error;
      record.lastErrorAtMs = report.receivedAtMs;
    } else if (report.reported === 'error' && record.state !== 'error') {
      // An error state without text still says what the agent sent, so the card is never a bare red badge.
      record.lastError = `Reported status "${report.reportedStatus ?? ''}".`;
      record.lastErrorAtMs = report.receivedAtMs;
    }
    this.announce(record, this.combined(record, report.receivedAtMs), report.receivedAtMs);
    if (this.agents.size > MAX_TRACKED_AGENTS) {
      const oldest = this.agents.keys().next().value;
      if (oldest !== undefined) {
        this.agents.delete(oldest);
        this.forgotten++;
      }
    }
  }

  /** Turns agents not heard for staleAfterMs STALE (and announces it); returns how many changed. */
  sweep(nowMs: number): number {
    let changed = 0;
    for (const record of this.agents.values()) {
      const state = nowMs - record.lastSeenMs > this.staleAfterMs ? 'stale' : this.combined(record, nowMs);
      if (state !== record.state) {
        this.announce(record, state, nowMs);
        changed++;
      }
    }
    return changed;
  }

  rows(nowMs: number, routedLastMinute: (agentId: string) => number): AgentRow[] {
    const rows: AgentRow[] = [];
    for (const record of this.agents.values()) {
      rows.push({
        id: record.id,
        name: record.name,
        state: record.state,
        reportedStatus: record.reportedStatus,
        statusesByChannel: this.statusesOf(record, nowMs),
        load: record.load,
        loadHistory: [...record.loads],
        lastSeenMs: record.lastSeenMs,
        ageMs: Math.max(0, nowMs - record.lastSeenMs),
        sentAtMs: record.sentAtMs,
        routedLastMinute: routedLastMinute(record.id),
        lastError: record.lastError,
        lastErrorAtMs: record.lastErrorAtMs,
        messageCount: record.messageCount,
        channel: record.raw.channel,
        notes: record.notes,
      });
    }
    return rows;
  }

  states(): AgentState[] {
    return [...this.agents.values()].map((record) => record.state);
  }

  /** Each agent's last message kept whole, least recently heard first: what a board under a new mapping reads again. */
  keptMessages(): KeptMessage[] {
    return [...this.agents.values()].map((record) => record.raw).filter((raw) => !raw.isTruncated);
  }

  lastMessage(agentId: string): KeptMessage | undefined {
    return this.agents.get(agentId)?.raw;
  }

  private newRecord(report: AgentReport): AgentRecord {
    return {
      id: report.id,
      name: report.id,
      reportedStatus: null,
      reportsByChannel: new Map(),
      state: 'unknown',
      load: null,
      loads: [],
      lastSeenMs: report.receivedAtMs,
      sentAtMs: null,
      lastError: null,
      lastErrorAtMs: null,
      messageCount: 0,
      notes: [],
      raw: keep(report),
    };
  }

  /**
   * The most serious state any channel reported within the STALE threshold
   * (error, then degraded, then busy, then ok, then unknown): the agent monitor's "healthy"
   * and the router's "busy" for one agent make it busy, not a flicker
   * between the two.
   */
  private combined(record: AgentRecord, nowMs: number): ReportedState {
    let combined: ReportedState = 'unknown';
    for (const report of record.reportsByChannel.values()) {
      if (nowMs - report.atMs > this.staleAfterMs) continue;
      if (SERIOUSNESS[report.state] > SERIOUSNESS[combined]) combined = report.state;
    }
    return combined;
  }

  /** Each channel's last status, the ones counting towards the state first, most serious then newest. */
  private statusesOf(record: AgentRecord, nowMs: number): ChannelStatus[] {
    const statuses: ChannelStatus[] = [];
    for (const [channel, report] of record.reportsByChannel) {
      statuses.push({ channel, status: report.status, state: report.state, receivedAtMs: report.atMs, isStale: nowMs - report.atMs > this.staleAfterMs });
    }
    return statuses.sort((a, b) => Number(a.isStale) - Number(b.isStale) || SERIOUSNESS[b.state] - SERIOUSNESS[a.state] || b.receivedAtMs - a.receivedAtMs);
  }

  private announce(record: AgentRecord, state: AgentState, atMs: number): void {
    if (state === record.state) return;
    const previous = record.state;
    record.state = state;
    this.onDidChangeState({ agentId: record.id, name: record.name, state, previous, lastError: record.lastError, atMs });
  }
}

function keep(report: AgentReport): KeptMessage {
  const isTruncated = report.payload.length > MAX_RAW_BYTES;
  // A copy: the source's buffer is not ours past the callback.
  const bytes = Buffer.from(report.payload.subarray(0, MAX_RAW_BYTES));
  return { channel: report.channel, receivedAtMs: report.receivedAtMs, bytes, isTruncated };
}
