/**
 * Reads an alert out of whatever an alert channel carried: a JSON or
 * MessagePack object (flat or in a `data`/`payload` envelope), plain text,
 * or bytes that are neither. Never throws: what could not be read becomes
 * words in the alert's message, so a broken publisher still raises an alert.
 */
import { decodePayload } from '../decode/decodePayload';
import type { AlertSeverity } from '../../shared/features/alertsContract';

export interface ChannelAlert {
  rule: string;
  subject: string;
  severity: AlertSeverity;
  rawSeverity: string | null;
  message: string;
  /** The message says the condition is over (`resolved: true`, or status resolved/ok/cleared). */
  isResolution: boolean;
}

const RESOLVED_WORDS = new Set(['resolved', 'ok', 'cleared', 'clear', 'recovered']);

const MAX_MESSAGE_CHARS = 500;
const MAX_FIELD_CHARS = 200;
const TEXT_RULE_CHARS = 80;
/** Alert payloads are small; a larger one is summarised, not decoded (keeps the bus thread responsive). */
const MAX_ALERT_DECODE_BYTES = 256 * 1024;

const SEVERITY_WORDS: Readonly<Record<string, AlertSeverity>> = Object.assign(Object.create(null) as Record<string, AlertSeverity>, {
  info: 'info',
  information: 'info',
  notice: 'info',
  low: 'info',
  debug: 'info',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  critical: 'critical',
  crit: 'critical',
  error: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  high: 'critical',
});

/** `severity`, `level` or `priority` in any case; an unknown word means warning and stays visible as raw. */
export function normaliseSeverity(raw: unknown): { severity: AlertSeverity; rawSeverity: string | null } {
  if (raw === undefined || raw === null) return { severity: 'warning', rawSeverity: null };
  const text = clip(String(raw), MAX_FIELD_CHARS);
  const word = SEVERITY_WORDS[text.trim().toLowerCase()];
  if (word === undefined) return { severity: 'warning', rawSeverity: text };
  // Only a different word is worth showing: 'CRITICAL' says nothing 'critical' does not.
  return { severity: word, rawSeverity: word === text.trim().toLowerCase() ? null : text };
}

export function readChannelAlert(payload: Uint8Array): ChannelAlert {
  const decoded = decodePayload(payload, { maxBytes: MAX_ALERT_DECODE_BYTES });
  switch (decoded.kind) {
    case 'json':
    case 'msgpack':
      return fromValue(decoded.value, decoded.kind === 'json' ? decoded.source : '');
    case 'text': {
      // Plain text has no rule field: the text itself tells one alert from another, so the same line repeats and different lines stay apart.
      const text = clip(decoded.text.trim(), MAX_MESSAGE_CHARS) || '(empty alert)';
      return { rule: clip(text, TEXT_RULE_CHARS), subject: '', severity: 'warning', rawSeverity: null, message: text, isResolution: false };
    }
    case 'binary':
      return { rule: 'binary alert', subject: '', severity: 'warning', rawSeverity: null, message: `Binary alert of ${payload.length} bytes that is not JSON, MessagePack or text`, isResolution: false };
    case 'error':
      return {
        rule: 'unreadable alert',
        subject: '',
        severity: 'warning',
        rawSeverity: null,
        message: `Alert of ${payload.length} bytes that could not be read as ${decoded.decoder}: ${clip(decoded.reason, MAX_FIELD_CHARS)}`,
        isResolution: false,
      };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The first of `keys` present in the record or, failing that, in its `data`/`payload` envelope. */
function pick(records: Array<Record<string, unknown>>, keys: readonly string[]): unknown {
  for (const record of records) {
    for (const key of keys) {
      const value = own(record, key);
      if (value !== undefined && value !== null && value !== '') return value;
    }
  }
  return undefined;
}

function fromValue(value: unknown, source: string): ChannelAlert {
  if (!isRecord(value)) {
    const text = source || safeText(value);
    return { rule: '', subject: '', severity: 'warning', rawSeverity: null, message: clip(text, MAX_MESSAGE_CHARS), isResolution: false };
  }
  const records = [value];
  for (const key of ['data', 'payload']) {
    const inner = own(value, key);
    if (isRecord(inner)) records.push(inner);
  }
  const { severity, rawSeverity } = normaliseSeverity(pick(records, ['severity', 'level', 'priority']));
  const message = pick(records, ['message', 'msg', 'text', 'description', 'summary', 'title']);
  return {
    rule: clip(safeText(pick(records, ['rule', 'alert', 'alertname', 'type', 'code']) ?? ''), MAX_FIELD_CHARS),
    subject: clip(safeText(pick(records, ['subject', 'device_id', 'deviceId', 'agent_id', 'agentId', 'user_id', 'userId', 'source', 'from']) ?? ''), MAX_FIELD_CHARS),
    severity,
    rawSeverity,
    message: clip(message === undefined ? source || safeText(value) : safeText(message), MAX_MESSAGE_CHARS),
    isResolution: pick(records, ['resolved']) === true || RESOLVED_WORDS.has(safeText(pick(records, ['status', 'state']) ?? '').toLowerCase()),
  };
}

function safeText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)) ?? String(value);
  } catch {
    return String(value);
  }
}

function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
