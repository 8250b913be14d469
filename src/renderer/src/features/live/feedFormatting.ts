/** Feed rows, gaps and channel statistics in the words and numbers the feed shows. */
import { gapLostText } from './laneSequenceText';
import type { DropReason, FeedGap, FeedMessage } from '../../../../shared/liveChannels';
import { formatBytes } from '../../format/formatBytes';
import { formatClockMilliseconds, formatClockTime, formatDateAndTime, formatLocalDate } from '../../format/formatClockTime';
import type { FeedStoreCounts } from './feedStore';
import { formatCount } from '../../../../shared/countWords';

/** A publish time beside its receive time: "10:41:02.123", with the date ("2025-11-22 10:41:02.123") when the days differ. */
export function formatPublishTime(publishedAtMs: number, receivedAtMs: number): string {
  const isSameDay = formatLocalDate(publishedAtMs) === formatLocalDate(receivedAtMs);
  return isSameDay ? formatClockMilliseconds(publishedAtMs) : formatDateAndTime(publishedAtMs);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Beyond this the two clocks (or the message's time) are off, not the network: the feed says so. */
export const CLOCK_DOUBT_MS = MINUTE_MS;

/**
 * 0.4 → "0.4 ms", 12.3 → "12 ms", 2_500 → "2.5 s", then minutes, hours and
 * days ("365 d", never "31536000.0 s"); clocks of two machines may
 * disagree, so negative values are shown as they are.
 */
export function formatLatency(latencyMs: number): string {
  const magnitude = Math.abs(latencyMs);
  if (magnitude < 10) return `${latencyMs.toFixed(1)} ms`;
  if (magnitude < 1000) return `${Math.round(latencyMs)} ms`;
  if (magnitude < MINUTE_MS) return `${(latencyMs / 1000).toFixed(1)} s`;
  if (magnitude < HOUR_MS) return `${Math.round(latencyMs / MINUTE_MS)} min`;
  if (magnitude < DAY_MS) return `${(latencyMs / HOUR_MS).toFixed(1)} h`;
  return `${Math.round(latencyMs / DAY_MS)} d`;
}

/** What the latency means, for its tooltip: below zero the sender's clock is ahead; beyond a minute either way the clocks may disagree. */
export function latencyTitle(latencyMs: number): string {
  const base = 'Time from the publish time in the message to its arrival here';
  const note = latencyNote(latencyMs);
  return note === null ? base : `${base}. ${note}`;
}

/** Why a latency cannot be the network's, in a sentence, or null when it can. */
export function latencyNote(latencyMs: number): string | null {
  if (latencyMs <= -CLOCK_DOUBT_MS || latencyMs >= CLOCK_DOUBT_MS) {
    return "A difference this large usually means the sender's clock, or the time it writes into its messages, differs from this computer's clock.";
  }
  if (latencyMs < 0) return "Below zero: the sender's clock is ahead of this computer's (the message says it was published after it arrived).";
  return null;
}

/** The latency as a feed row shows it: a negative one says at once that the sender's clock is ahead. */
export function formatRowLatency(latencyMs: number): string {
  return latencyMs < 0 && latencyMs > -CLOCK_DOUBT_MS ? `${formatLatency(latencyMs)} (clock ahead)` : formatLatency(latencyMs);
}

/** "telemetry · from device-manager": the envelope's type and source, whichever exist. */
export function envelopeText(message: FeedMessage): string {
  const envelope = message.envelope;
  if (!envelope) return '';
  const parts: string[] = [];
  if (envelope.type) parts.push(envelope.type);
  if (envelope.source) parts.push(`from ${envelope.source}`);
  return parts.join(' · ');
}

/** What an empty feed says: no lane, the kept messages still loading (after a reload), or nothing arrived yet. */
export function feedEmptyText(laneCount: number, isCatchingUp: boolean): string {
  if (laneCount === 0) return 'Add a lane to see messages here.';
  if (isCatchingUp) return 'Loading the messages Labwire kept for these lanes; new ones follow, newest at the top.';
  return 'Waiting for messages. They appear here as they arrive, newest at the top.';
}

/** "No messages received from 10:41:02 to 10:41:09: Connection to the server lost: …". */
export function gapText(gap: FeedGap): string {
  const until = gap.to === null ? 'now (still not receiving)' : formatClockTime(gap.to);
  return `No messages received from ${formatClockTime(gap.from)} to ${until}: ${gap.reason}${gapLostText(gap)}`;
}

/** The reasons a technician can act on; two reasons of the bus mean the same thing to them. */
const DROP_REASON_WORDS: Readonly<Record<DropReason, string>> = {
  'pause-buffer-full': 'pause buffer full',
  'byte-budget': 'history full (oldest removed)',
  disconnect: 'server disconnect',
  'frame-cap': 'display could not keep up',
  'browser-backlog': 'display could not keep up',
};

/** "12 pause buffer full, 3 display could not keep up", or "none". */
export function describeDrops(dropped: Partial<Record<DropReason, number>>): string {
  const byWords = new Map<string, number>();
  for (const [reason, count] of Object.entries(dropped) as [DropReason, number | undefined][]) {
    if (!count) continue;
    const words = DROP_REASON_WORDS[reason] ?? reason;
    byWords.set(words, (byWords.get(words) ?? 0) + count);
  }
  if (byWords.size === 0) return 'none';
  return [...byWords].map(([words, count]) => `${formatCount(count)} ${words}`).join(', ');
}

/**
 * The feed's footnote: "1,204 shown · this window holds 27,273 (9.1 MB) ·
 * 26,967 older ones removed (the bus history was full) · dropped: none".
 * Rows the bus no longer holds have left the window, so nothing listed is
 * "no longer held"; the bus's history-full drops are those removed rows, so
 * they are not counted again under "dropped".
 */
export function feedCountsText(shown: number, counts: FeedStoreCounts, busDropped: Partial<Record<DropReason, number>>): string {
  const parts = [`${formatCount(shown)} shown`, `this window holds ${formatCount(counts.heldMessages)} (${formatBytes(counts.heldBytes)})`];
  if (counts.noLongerHeld > 0) parts.push(`${formatCount(counts.noLongerHeld)} older ones removed (the bus history was full)`);
  if (counts.evicted > 0) parts.push(`${formatCount(counts.evicted)} older ones removed to stay within this window's memory`);
  const { 'byte-budget': _removedRows, ...dropped } = busDropped;
  parts.push(`dropped: ${describeDrops(dropped)}`);
  return parts.join(' · ');
}

/** The Channels table's drop cell, one line: the total with its reason, or with how many reasons (all of them in the tooltip). */
export function describeDropsBriefly(dropped: Partial<Record<DropReason, number>>): string {
  const full = describeDrops(dropped);
  const reasons = full === 'none' ? 0 : full.split(', ').length;
  return reasons <= 1 ? full : `${formatCount(totalDrops(dropped))} (${reasons} reasons)`;
}

export function totalDrops(dropped: Partial<Record<DropReason, number>>): number {
  return Object.values(dropped).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

/** 0 → "0", 0.4 → "0.4", 1234.5 → "1,235". */
export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0';
  if (perSecond < 10) return perSecond.toFixed(1);
  return formatCount(Math.round(perSecond));
}

export function formatBytesPerSecond(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "just now", "14 s ago", "3 min ago", or the clock time for older ones. */
export function formatLastSeen(epochMs: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - epochMs) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return formatClockTime(epochMs);
}
