/**
 * What the screen may claim about a connection. The bus pushes every state
 * change, so while the page's own link to the Labwire server is down, the last
 * state it heard is history: "Connected" would be a guess.
 */
import type { ConnectionState } from '../../../../shared/connectionState';
import { useLinkState } from '../../transport/transportContext';
import { summarizeConnectionState, type StateSummary } from './describeConnectionState';

export const UNKNOWN_STATE_SUMMARY: StateSummary = { label: 'Unknown (server link lost)', tone: 'neutral' };

export const UNKNOWN_STATE_SENTENCE =
  'Unknown: the console lost its link to the Labwire server, so it cannot tell how this connection is doing. It updates when the link returns.';

/** Whether the connection states on screen are current (the page hears the bus). */
export function useIsConnectionStateCurrent(): boolean {
  return useLinkState().state === 'connected';
}

export function useShownConnectionSummary(state: ConnectionState): StateSummary {
  return useIsConnectionStateCurrent() ? summarizeConnectionState(state) : UNKNOWN_STATE_SUMMARY;
}
