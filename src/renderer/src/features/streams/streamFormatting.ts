/** Words and numbers the streams screens show, in one place so they agree. */
import type { StreamSummary } from '../../../../shared/features/streamsContract';
import type { StreamEntry, StreamEnvelope } from '../../../../shared/streamEntries';
import { countWords, formatCount } from '../../../../shared/countWords';
import { formatDateAndTime } from '../../format/formatClockTime';

/**
 * "3 s ago", "4 min ago", "2 h ago", "5 d ago": how long since `timeMs`, by the renderer's clock.
 * `readAtMs` is when the fact holding `timeMs` arrived: the age is never measured from a clock
 * reading older than that. A clock that ticks every few seconds is otherwise behind a fact read a
 * moment ago, and an entry added on this very machine read "in the future (clock skew)".
 */
export function formatAge(timeMs: number, nowMs: number, readAtMs = nowMs): string {
  if (!Number.isFinite(timeMs)) return 'unknown';
  const seconds = Math.round((Math.max(nowMs, readAtMs) - timeMs) / 1000);
  if (seconds < 0) return 'in the future (clock skew)';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** Local date and time to the millisecond, e.g. 2024-04-25 14:03:07.125; '—' for no time. */
export function formatEntryTime(timeMs: number): string {
  return Number.isFinite(timeMs) ? formatDateAndTime(timeMs) : '—';
}

/** What is known of retention: Redis keeps no MAXLEN or MINID of the producer, so the Redis words come with what they mean. */
export function retentionText(stream: StreamSummary): string {
  const { entriesAdded, removed, maxDeletedId } = stream.retention;
  if (entriesAdded === null) return 'This server does not report how many entries were ever added (Redis 7.0 or newer does).';
  const deleted = maxDeletedId !== null && maxDeletedId !== '0-0' ? ` Newest id removed by XDEL: ${maxDeletedId}.` : '';
  return `${formatCount(entriesAdded)} added in all, ${formatCount(removed ?? 0)} of them trimmed or deleted since.${deleted} Redis does not record how a producer trims the stream (MAXLEN: keep at most so many entries; MINID: drop entries older than an id), so how long entries stay cannot be shown here.`;
}

/** The envelope's parts with their labels, in the order the entries table and its tooltip name them. */
const ENVELOPE_LABELS: readonly { key: keyof StreamEnvelope; label: string }[] = [
  { key: 'type', label: 'Type' },
  { key: 'from', label: 'From' },
  { key: 'to', label: 'To' },
  { key: 'priority', label: 'Priority' },
  { key: 'ttl', label: 'TTL' },
  { key: 'correlationId', label: 'Correlation' },
  { key: 'id', label: 'Message id' },
];

function envelopeText(entry: StreamEntry, key: keyof StreamEnvelope): string {
  const value = entry.envelope?.[key];
  return typeof value === 'string' ? value : '';
}

/**
 * An entry's envelope in the two lines of one table cell: "task_request · scheduler → broadcast", then
 * "priority high · TTL 300 · correlation corr-9 · message id task-9". Seven columns of their own made the
 * table twice as wide as the opened stream's card at 1440 px; parts the entry lacks are left out, and
 * `title` names every part for the tooltip. Null when the entry has no envelope.
 */
export function envelopeLines(entry: StreamEntry): { headline: string; details: string; title: string } | null {
  if (entry.envelope === undefined) return null;
  const [type, from, to, priority, ttl, correlation, messageId] = ENVELOPE_LABELS.map((part) => envelopeText(entry, part.key));
  const route = from !== '' || to !== '' ? `${from || '?'} → ${to || '?'}` : '';
  const headline = [type, route].filter((part) => part !== '').join(' · ');
  const details = [
    priority && `priority ${priority}`,
    ttl && `TTL ${ttl}`,
    correlation && `correlation ${correlation}`,
    messageId && `message id ${messageId}`,
  ]
    .filter((part) => part !== '')
    .join(' · ');
  const title = ENVELOPE_LABELS.map((part) => [part.label, envelopeText(entry, part.key)] as const)
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
  return { headline, details, title };
}

/** "name=preview · name=preview …", the fields in one line. */
export function fieldsLine(entry: StreamEntry): string {
  const shown = entry.fields.map((field) => `${field.name.text}=${field.value.preview}`).join(' · ');
  const more = entry.fieldCount - entry.fields.length;
  return more > 0 ? `${shown} · +${countWords(more, 'more field')}` : shown;
}
