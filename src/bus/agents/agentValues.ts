/**
 * How the board reads the values a status message carries: text that may be
 * a number, numbers that may be text, and status words from several
 * producers. Nothing here throws; what cannot be read says why.
 */
import type { AgentState, TaskPhase } from '../../shared/features/agentsContract';

/** Ids, names and statuses longer than this are cut: a card shows a line, not a page. */
export const MAX_LABEL_CHARS = 200;
/** Reasons, messages and errors are cut here. */
export const MAX_SENTENCE_CHARS = 500;

const NUMERIC_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Text of a string, number or boolean (ids are often numbers); null for anything else or empty text. */
export function readText(value: unknown, maxChars: number): string | null {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else return null;
  if (text === '') return null;
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

export type NumberReading = { kind: 'absent' } | { kind: 'number'; value: number } | { kind: 'unreadable'; shown: string };

/** A finite number, or numeric text ("0.65") read as the number it spells. */
export function readNumber(value: unknown): NumberReading {
  if (value === undefined || value === null) return { kind: 'absent' };
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'number', value };
  if (typeof value === 'bigint') return { kind: 'number', value: Number(value) };
  if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) return { kind: 'number', value: Number(value.trim()) };
  return { kind: 'unreadable', shown: readText(value, 40) ?? typeof value };
}

const AGENT_WORDS: Record<string, Exclude<AgentState, 'stale'>> = Object.assign(Object.create(null) as Record<string, Exclude<AgentState, 'stale'>>, {
  ok: 'ok',
  idle: 'ok',
  healthy: 'ok',
  online: 'ok',
  ready: 'ok',
  up: 'ok',
  available: 'ok',
  active: 'ok',
  busy: 'busy',
  working: 'busy',
  running: 'busy',
  processing: 'busy',
  error: 'error',
  failed: 'error',
  failure: 'error',
  unhealthy: 'error',
  down: 'error',
  offline: 'error',
  crashed: 'error',
  critical: 'error',
  degraded: 'degraded',
  warning: 'degraded',
  warn: 'degraded',
  impaired: 'degraded',
});

/** The state a status word means (any case, spaces or dashes as underscores); unknown words are 'unknown', shown raw beside it. */
export function agentStateOf(status: string | null): Exclude<AgentState, 'stale'> {
  if (status === null) return 'unknown';
  return AGENT_WORDS[normalWord(status)] ?? 'unknown';
}

const TASK_WORDS: Record<string, Exclude<TaskPhase, 'stale'>> = Object.assign(Object.create(null) as Record<string, Exclude<TaskPhase, 'stale'>>, {
  completed: 'finished',
  complete: 'finished',
  done: 'finished',
  finished: 'finished',
  success: 'finished',
  succeeded: 'finished',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  cancelled: 'failed',
  canceled: 'failed',
  timeout: 'failed',
  timed_out: 'failed',
  aborted: 'failed',
});

/** Finished and failed words end a task; every other word (queued, running, a word we do not know) means it is still going. */
export function taskPhaseOf(status: string | null): Exclude<TaskPhase, 'stale'> {
  if (status === null) return 'running';
  return TASK_WORDS[normalWord(status)] ?? 'running';
}

function normalWord(word: string): string {
  return word.trim().toLowerCase().replace(/[\s-]+/g, '_');
}
