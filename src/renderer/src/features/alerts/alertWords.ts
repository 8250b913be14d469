/** How alerts read on screen: one place for the words, so the list, the dialogs and the history agree. */
import { AUTOMATIC_CHANGE_BY, changedByWords, type AlertState, type AlertView } from '../../../../shared/features/alertsContract';
import { formatClockMinutes, formatClockTime } from '../../format/formatClockTime';
import { countWords } from '../../../../shared/countWords';

export const STATE_WORDS: Readonly<Record<AlertState, string>> = {
  firing: 'Firing',
  acknowledged: 'Acknowledged',
  silenced: 'Silenced',
  resolved: 'Resolved',
};

/**
 * The hint under a rule's numeric field. Until a message with numbers arrived (the bus starts listening on
 * the first ask, answers come 0.5 to 2 s later) it says it is listening: "0 numeric fields seen" read as
 * "this channel has none" on devices:telemetry, which has four.
 */
export function numericFieldsHint(channel: string, count: number): string {
  if (channel.trim() === '') return 'Type a channel to see the numeric fields its messages carry.';
  if (count === 0) return `Listening on ${channel.trim()} for numeric fields…`;
  return `${countWords(count, 'numeric field')} seen on the channel so far, offered as you type.`;
}

/**
 * Who changed an alert, as the history says it: "by Ana", or "automatically" for a change no operator made (a
 * rule, a channel message, a silence running out). "fired by bus" named an internal part nobody at a bench knows.
 */
export function changedByText(by: string): string {
  const words = changedByWords(by);
  return by === AUTOMATIC_CHANGE_BY ? words : `by ${words}`;
}

/** "Dec 3": the day, in the browser's words for months. */
export function dayName(epochMs: number): string {
  return new Date(epochMs).toLocaleDateString([], { month: 'short', day: 'numeric' });
}

/** "Dec 3, 14:41:05": when an alert was seen, the day in the browser's words and the clock as everywhere else. */
export function dateTime(epochMs: number): string {
  return `${dayName(epochMs)}, ${formatClockTime(epochMs)}`;
}

/**
 * "silenced until 14:30 by Ana", "acknowledged by Ben: vent opened", "resolved at 09:12". To the minute: a
 * silence runs 15 min to a day, and the row beside these words shows the last-seen time to the second.
 */
export function describeAlertState(alert: AlertView): string {
  switch (alert.state) {
    case 'silenced': {
      // An alert acknowledged before it was silenced keeps saying who acknowledged it.
      const acknowledged = alert.acknowledgement ? `; acknowledged by ${alert.acknowledgement.operator}` : '';
      if (!alert.silence) return `silenced${acknowledged}`;
      const verb = alert.silence.scope === 'all' ? 'muted' : 'silenced';
      return `${verb} until ${formatClockMinutes(alert.silence.until)} by ${alert.silence.operator}${alert.silence.reason ? `: ${alert.silence.reason}` : ''}${acknowledged}`;
    }
    case 'acknowledged':
      return alert.acknowledgement
        ? `acknowledged by ${alert.acknowledgement.operator}${alert.acknowledgement.note ? `: ${alert.acknowledgement.note}` : ''}`
        : 'acknowledged';
    case 'resolved':
      return alert.resolvedAt === null ? 'resolved' : `resolved at ${formatClockMinutes(alert.resolvedAt)}`;
    case 'firing':
      // An info alert is a notice ("backup finished"), not a condition going wrong: 'firing' in red misreads it.
      return alert.severity === 'info' ? 'new notice, not acknowledged' : 'firing, not acknowledged';
  }
}

/** "3 times since 09:00" for a repeated alert; '' for one seen once. */
export function describeOccurrences(alert: AlertView): string {
  return alert.occurrences > 1 ? `${alert.occurrences} times since ${formatClockMinutes(alert.firstSeen)}` : '';
}

/**
 * The status bar's count. It adds up every connected profile while the alerts panel shows one, so with
 * several it says how many profiles it counts: "3 unacknowledged alerts" beside a panel of 1 read as a lie.
 */
export function unacknowledgedStatusText(count: number | undefined, profileCount: number): string {
  if (count === undefined) return 'Alerts: …';
  const onProfiles = profileCount > 1 ? ` on ${countWords(profileCount, 'profile')}` : '';
  return count === 0 ? `No unacknowledged alerts${onProfiles}` : `${countWords(count, 'unacknowledged alert')}${onProfiles}`;
}
