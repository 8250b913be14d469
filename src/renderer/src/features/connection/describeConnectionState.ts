/** Connection states in the words a lab technician reads on the panel and in the sidebar. */
import type { ConnectionState } from '../../../../shared/connectionState';
import type { StatusTone } from '../../components/StatusDot';
import { formatClockTime } from '../../format/formatClockTime';

export type { StatusTone };

export interface StateSummary {
  /** A few words, for the sidebar and the status dot. */
  label: string;
  tone: StatusTone;
}

export function summarizeConnectionState(state: ConnectionState): StateSummary {
  switch (state.state) {
    case 'idle':
      return { label: 'Not connected', tone: 'neutral' };
    case 'connecting':
      return { label: 'Connecting…', tone: 'busy' };
    case 'ready':
      return { label: 'Connected', tone: 'good' };
    case 'reconnecting':
      return { label: 'Reconnecting', tone: 'warning' };
    case 'failed':
      return { label: 'Failed', tone: 'bad' };
    case 'closed':
      return { label: 'Disconnected', tone: 'neutral' };
    case 'demo':
      // Never "Connected" nor its green: there is no server, and the label says so wherever the state shows.
      return { label: 'Demo data, no server', tone: 'busy' };
  }
}

/**
 * The full sentence for the connection panel. `now` (epoch ms) drives the
 * retry countdown; null leaves the countdown out (for screen readers, which
 * would otherwise announce every second).
 */
export function describeConnectionState(state: ConnectionState, now: number | null): string {
  switch (state.state) {
    case 'reconnecting': {
      // The bus's message is a whole sentence (or two): keep it intact and add the countdown as its own sentence.
      const sentence = `Reconnecting (attempt ${state.attempt}) — last error: ${state.lastError.message}`;
      if (now === null) return sentence;
      const seconds = Math.max(0, Math.ceil((state.nextRetryAt - now) / 1000));
      return `${sentence} ${seconds > 0 ? `Next try in ${seconds} s.` : 'Trying now.'}`;
    }
    case 'failed':
      return `Failed: ${state.reason.message}`;
    case 'demo':
      return 'Demo data — no server; generated on this computer.';
    default:
      return summarizeConnectionState(state).label;
  }
}

/** "Connection was lost from 10:41:02 to 10:41:09" for a ready state that recovered from an outage. */
export function describeGap(state: ConnectionState): string | null {
  if (state.state !== 'ready' || !state.lastGap) return null;
  return `Connection was lost from ${formatClockTime(state.lastGap.from)} to ${formatClockTime(state.lastGap.to)}`;
}

/** What to do about a connection that gave up, or null when retrying on its own. */
export function adviseOnFailure(state: ConnectionState): string | null {
  if (state.state !== 'failed') return null;
  switch (state.reason.code) {
    case 'WRONGPASS':
    case 'NOAUTH':
      return 'Check the user name and password in the profile settings, save, then connect again.';
    case 'NOPERM':
      return "Ask the server's administrator for the missing permission, then connect again.";
    case 'TLS':
      return 'Check the TLS settings in the profile, save, then connect again.';
    default:
      return 'Check the profile settings, then connect again.';
  }
}

/** Whether the user can ask to connect now, or rather to disconnect. */
export function isConnectionActive(state: ConnectionState): boolean {
  return state.state === 'connecting' || state.state === 'ready' || state.state === 'reconnecting' || state.state === 'demo';
}
