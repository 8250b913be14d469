/**
 * Reads one decoded message through the mapping into what the board keeps:
 * an agent report, a routing decision or a task update. Missing fields stay
 * null, wrong types are read where they can be (numeric text) and noted
 * where they cannot; only a status without an agent id is unreadable.
 */
import type { RoutingDecision } from '../../shared/features/agentsContract';
import { readTimestampMs } from '../../shared/timestamp';
import type { AgentReport } from './agentRoster';
import type { CompiledMapping, StatusReaders } from './agentMapping';
import { agentStateOf, MAX_LABEL_CHARS, MAX_SENTENCE_CHARS, readNumber, readText, taskPhaseOf } from './agentValues';
import type { TaskReport } from './taskTracker';

export interface ReceivedValue {
  value: unknown;
  channel: string;
  payload: Buffer;
  receivedAtMs: number;
}

export function readAgentReport(readers: StatusReaders, received: ReceivedValue): AgentReport | { unreadable: string } {
  const { value, receivedAtMs } = received;
  const id = readText(readers.id(value), MAX_LABEL_CHARS);
  if (id === null) return { unreadable: 'it names no agent id at the mapped field' };
  const notes: string[] = [];
  const rawStatus = readers.status(value);
  const reportedStatus = readText(rawStatus, MAX_LABEL_CHARS);
  const reported = agentStateOf(reportedStatus);
  if (reportedStatus === null) notes.push(rawStatus === undefined ? 'No status was sent.' : 'The status is not text.');
  else if (reported === 'unknown') notes.push(`The status "${reportedStatus}" is not one Labwire knows.`);
  const loadReading = readNumber(readers.load(value));
  let load: number | null = null;
  if (loadReading.kind === 'number') {
    load = loadReading.value;
    if (load < 0 || load > 1) notes.push(`The load ${load} is outside 0 to 1.`);
  } else if (loadReading.kind === 'unreadable') {
    notes.push(`The load "${loadReading.shown}" is not a number.`);
  }
  const rawTime = readers.time(value);
  const sentAtMs = readTimestampMs(rawTime, receivedAtMs) ?? null;
  if (rawTime !== undefined && rawTime !== null && sentAtMs === null) notes.push('Its time could not be read; the receive time stands.');
  return {
    id,
    name: readText(readers.name(value), MAX_LABEL_CHARS),
    reportedStatus,
    reported,
    load,
    sentAtMs,
    error: readText(readers.error(value), MAX_SENTENCE_CHARS),
    notes,
    channel: received.channel,
    payload: received.payload,
    receivedAtMs,
  };
}

export function readDecision(readers: CompiledMapping['routing'], received: ReceivedValue): RoutingDecision {
  const { value } = received;
  const score = readNumber(readers.score(value));
  return {
    taskId: readText(readers.task(value), MAX_LABEL_CHARS),
    agentId: readText(readers.agentId(value), MAX_LABEL_CHARS),
    agentName: readText(readers.agentName(value), MAX_LABEL_CHARS),
    reason: readText(readers.reason(value), MAX_SENTENCE_CHARS),
    complexityScore: score.kind === 'number' ? score.value : null,
    receivedAtMs: received.receivedAtMs,
  };
}

export function readTask(readers: CompiledMapping['tasks'], received: ReceivedValue): TaskReport | null {
  const { value } = received;
  const id = readText(readers.id(value), MAX_LABEL_CHARS);
  if (id === null) return null;
  const status = readText(readers.status(value), MAX_LABEL_CHARS);
  const progress = readNumber(readers.progress(value));
  return {
    id,
    phase: taskPhaseOf(status),
    status,
    progress: progress.kind === 'number' ? Math.min(100, Math.max(0, progress.value)) : null,
    message: readText(readers.message(value), MAX_SENTENCE_CHARS),
    receivedAtMs: received.receivedAtMs,
  };
}
