/**
 * One profile's board: subscribes to the mapping's channels through the
 * MessageSource router (so it works on any source), decodes each message
 * with the live decoders, and keeps the roster, the routing log and the
 * task tracker. The clock is injected so tests can age agents without
 * waiting.
 */
import type {
  AgentBoardQuery,
  AgentBoardSnapshot,
  AgentMessage,
  AgentState,
  ListeningChannel,
} from '../../shared/features/agentsContract';
import { AGENT_STATES } from '../../shared/features/agentsContract';
import { decodePayload } from '../decode/decodePayload';
import { toJsonSafeTree } from '../decode/messageDetail';
import { toHex } from '../decode/hexPreview';
import { PathCatalog } from '../plots/pathCatalog';
import type { MessageSource, SourceMessage, SourceSubscription } from '../sources/messageSource';
import type { CompiledMapping } from './agentMapping';
import { readAgentReport, readDecision, readTask, type ReceivedValue } from './agentMessageReader';
import { AgentRoster, type KeptMessage, type StateChange } from './agentRoster';
import { RoutingLog } from './routingLog';
import { TaskTracker } from './taskTracker';

export const MAX_SHOWN_AGENTS = 500;
/** Status messages are small; a larger one is not decoded (it still counts as unreadable, with the reason). */
const MAX_DECODE_BYTES = 256 * 1024;

type Role = ListeningChannel['role'];

interface Listening {
  channel: string;
  role: Role;
  subscription: SourceSubscription;
  catalog: PathCatalog;
  messageCount: number;
}

export interface AgentBoardOptions {
  profileId: string;
  source: MessageSource;
  mapping: CompiledMapping;
  now: () => number;
  onDidChangeState: (change: StateChange) => void;
}

export class AgentBoard {
  private readonly roster: AgentRoster;
  private readonly routing = new RoutingLog();
  private readonly tasks: TaskTracker;
  private readonly listening: Listening[] = [];
  private version = 0;
  private unreadableCount = 0;
  private lastUnreadable: AgentBoardSnapshot['lastUnreadable'] = null;

  constructor(private readonly options: AgentBoardOptions) {
    const { mapping } = options;
    this.roster = new AgentRoster(mapping.mapping.staleAfterMs, (change) => {
      this.version++;
      options.onDidChangeState(change);
    });
    this.tasks = new TaskTracker(mapping.mapping.taskStaleAfterMs);
    for (const [index, readers] of mapping.statusSources.entries()) {
      this.listen(readers.channel, 'status', (received) => this.handleStatus(index, received));
    }
    if (mapping.routing.channel !== '') {
      this.listen(mapping.routing.channel, 'routing', (received) => this.routing.add(readDecision(mapping.routing, received)));
    }
    if (mapping.tasks.channel !== '') {
      this.listen(mapping.tasks.channel, 'tasks', (received) => {
        const task = readTask(mapping.tasks, received);
        if (task) this.tasks.report(task);
      });
    }
  }

  /** Ages agents and tasks against the clock; announces agents turning STALE. */
  sweep(): void {
    const nowMs = this.options.now();
    this.roster.sweep(nowMs);
    this.tasks.expire(nowMs);
  }

  snapshot(query: AgentBoardQuery): AgentBoardSnapshot {
    this.sweep();
    const asOfMs = this.options.now();
    const routed = this.routing.routedLastMinute(asOfMs);
    const needle = query.nameFilter.trim().toLowerCase();
    const pinned = new Set(query.pinnedIds);
    const matching = this.roster
      .rows(asOfMs, (agentId) => routed.get(agentId) ?? 0)
      .filter((row) => needle === '' || row.name.toLowerCase().includes(needle) || row.id.toLowerCase().includes(needle));
    const stateRank = (state: AgentState): number => AGENT_STATES.indexOf(state);
    matching.sort(
      (a, b) =>
        Number(pinned.has(b.id)) - Number(pinned.has(a.id)) || stateRank(a.state) - stateRank(b.state) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    );
    const stateCounts: Record<AgentState, number> = { ok: 0, busy: 0, degraded: 0, error: 0, unknown: 0, stale: 0 };
    for (const state of this.roster.states()) stateCounts[state]++;
    const { shares, window } = this.routing.shares();
    const tasks = this.tasks.snapshot(asOfMs);
    const agents = matching.slice(0, MAX_SHOWN_AGENTS);
    return {
      asOfMs,
      version: this.version,
      listening: this.listening.map(describeListening),
      agents,
      trackedCount: this.roster.size,
      matchingCount: matching.length,
      hiddenCount: matching.length - agents.length,
      forgottenCount: this.roster.forgottenCount,
      stateCounts,
      unreadableCount: this.unreadableCount,
      lastUnreadable: this.lastUnreadable,
      decisions: this.routing.latest(),
      shares,
      shareWindow: window,
      tasks: tasks.rows,
      taskCounts: tasks.counts,
      hiddenTaskCount: tasks.hidden,
    };
  }

  lastMessage(agentId: string): AgentMessage | undefined {
    const kept = this.roster.lastMessage(agentId);
    if (!kept) return undefined;
    const decoded = decodePayload(kept.bytes);
    const base = { channel: kept.channel, receivedAtMs: kept.receivedAtMs, isTruncated: kept.isTruncated };
    switch (decoded.kind) {
      case 'json':
        return { ...base, encoding: 'json', text: decoded.source };
      case 'msgpack':
        return { ...base, encoding: 'msgpack', text: JSON.stringify(toJsonSafeTree(decoded.value), null, 2) };
      case 'text':
        return { ...base, encoding: 'text', text: decoded.text };
      case 'binary':
        return { ...base, encoding: 'binary', text: toHex(kept.bytes, kept.bytes.length) };
      default:
        // A cut payload no longer parses: show its text, which is what a technician needs.
        return { ...base, encoding: 'error', text: kept.isTruncated ? kept.bytes.toString('utf8') : `${decoded.reason}\n${toHex(kept.bytes, kept.bytes.length)}` };
    }
  }

  /** Each agent's last message kept whole, for a board that replaces this one (a mapping change). */
  keptMessages(): KeptMessage[] {
    return this.roster.keptMessages();
  }

  /**
   * Reads the agents' last messages of a board this one replaces through this
   * board's mapping, at the time they arrived: agents that still match stay
   * on the board (with their last status and last-seen time) instead of it
   * starting empty. A message on a channel this mapping does not read, or
   * that it cannot read as an agent, is left out without being counted as
   * unreadable: it was read under another mapping.
   */
  adopt(messages: readonly KeptMessage[]): number {
    let adopted = 0;
    for (const message of messages) {
      const index = this.options.mapping.statusSources.findIndex((readers) => readers.channel === message.channel);
      if (index === -1) continue;
      const decoded = decodePayload(message.bytes, { maxBytes: MAX_DECODE_BYTES });
      if (decoded.kind !== 'json' && decoded.kind !== 'msgpack') continue;
      const report = readAgentReport(this.options.mapping.statusSources[index]!, { value: decoded.value, channel: message.channel, payload: message.bytes, receivedAtMs: message.receivedAtMs });
      if ('unreadable' in report) continue;
      this.roster.report(report);
      adopted++;
    }
    this.version++;
    this.sweep();
    return adopted;
  }

  /** Field paths seen on one of the board's channels, numeric and text, for the mapping editor. */
  pathsOn(channel: string): string[] | undefined {
    const listening = this.listening.find((entry) => entry.channel === channel);
    if (!listening) return undefined;
    // Wildcards (`data.*`) name many fields; a mapping field names one.
    const paths = [...Object.keys(listening.catalog.textValues()), ...listening.catalog.paths()].filter((path) => !path.includes('*'));
    return [...new Set(paths)].sort();
  }

  dispose(): void {
    for (const entry of this.listening.splice(0)) void entry.subscription.unsubscribe();
  }

  private listen(channel: string, role: Role, handle: (received: ReceivedValue) => void): void {
    const catalog = new PathCatalog();
    const entry: Listening = { channel, role, catalog, messageCount: 0, subscription: undefined as unknown as SourceSubscription };
    entry.subscription = this.options.source.subscribe(this.options.profileId, { kind: 'channel', name: channel }, (message) => {
      entry.messageCount++;
      this.version++;
      const received = this.decode(message, role);
      if (received === undefined) return;
      catalog.offer(received.value, received.receivedAtMs);
      handle(received);
    });
    this.listening.push(entry);
  }

  private decode(message: SourceMessage, role: Role): ReceivedValue | undefined {
    const channel = message.channel.toString('utf8');
    // The board's own clock, not the source's receive time: ages and STALE are measured on one clock.
    const receivedAtMs = this.options.now();
    const decoded = decodePayload(message.payload, { maxBytes: MAX_DECODE_BYTES });
    if (decoded.kind === 'json' || decoded.kind === 'msgpack') {
      return { value: decoded.value, channel, payload: message.payload, receivedAtMs };
    }
    if (role === 'status') {
      const what = decoded.kind === 'error' ? `it could not be decoded (${decoded.reason})` : `it is ${decoded.kind === 'text' ? 'plain text' : 'binary'}, not JSON or MessagePack`;
      this.noteUnreadable(channel, what, receivedAtMs);
    }
    return undefined;
  }

  private handleStatus(index: number, received: ReceivedValue): void {
    const report = readAgentReport(this.options.mapping.statusSources[index]!, received);
    if ('unreadable' in report) this.noteUnreadable(received.channel, report.unreadable, received.receivedAtMs);
    else this.roster.report(report);
  }

  private noteUnreadable(channel: string, reason: string, receivedAtMs: number): void {
    this.unreadableCount++;
    this.lastUnreadable = { channel, reason: `A message on ${channel} was not read as an agent status: ${reason}.`, receivedAtMs };
  }
}

function describeListening(entry: Listening): ListeningChannel {
  const state = entry.subscription.state();
  return {
    channel: entry.channel,
    role: entry.role,
    state: state.state,
    problem: state.state === 'refused' ? state.error.message : null,
    messageCount: entry.messageCount,
  };
}
