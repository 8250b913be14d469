import type { Profile } from '../../../../shared/profile';
import { useConnectionState } from '../../api/busQueries';
import { describeError } from '../../api/requestError';
import { useBusMutation } from '../../api/useBusMutation';
import { Notice } from '../../components/Notice';
import { StatusDot } from '../../components/StatusDot';
import { useNow } from '../../components/useNow';
import { adviseOnFailure, describeConnectionState, isConnectionActive, summarizeConnectionState } from './describeConnectionState';
import { GapNotice } from './GapNotice';
import { StateBadge } from './StateBadge';
import { TopologyCard } from './TopologyCard';
import { describeProfileTopology } from './topologyWords';
import { UNKNOWN_STATE_SENTENCE, UNKNOWN_STATE_SUMMARY, useIsConnectionStateCurrent } from './useShownConnectionState';

/** Connect or disconnect one profile, and say in words how its connection is doing. */
export function ConnectionPanel({ profile }: { profile: Profile }) {
  const state = useConnectionState(profile.id);
  const now = useNow(state.state === 'reconnecting');
  const open = useBusMutation('connection:open');
  const close = useBusMutation('connection:close');
  const isCurrent = useIsConnectionStateCurrent();
  const summary = isCurrent ? summarizeConnectionState(state) : UNKNOWN_STATE_SUMMARY;
  const sentence = isCurrent ? describeConnectionState(state, now) : UNKNOWN_STATE_SENTENCE;
  const spokenSentence = isCurrent ? describeConnectionState(state, null) : UNKNOWN_STATE_SENTENCE;
  const isActive = isConnectionActive(state);
  const error = open.error ?? close.error;
  const advice = adviseOnFailure(state);

  const onToggle = (): void => {
    open.reset();
    close.reset();
    if (isActive) close.mutate({ profileId: profile.id });
    else open.mutate({ profileId: profile.id });
  };

  return (
    <>
      <section className="card connection-panel" aria-labelledby="connection-title">
        <div className="card-header">
          <h2 id="connection-title">Connection</h2>
          <StateBadge state={isCurrent ? state.state : 'unknown'} />
        </div>
        {profile.isDemo === true ? (
          <p className="connection-address">No server: demo data is generated on this computer and goes straight to lanes and plots.</p>
        ) : (
          <p className="connection-address">
            {describeProfileTopology(profile, profile.topology, null)} · database {profile.db} · user {profile.username || 'default'}
            {profile.tls.isEnabled ? ' · TLS' : ''}
          </p>
        )}
        <div className={`connection-status tone-${summary.tone}`} data-testid="connection-status">
          <span aria-hidden="true">
            <StatusDot tone={summary.tone} label={sentence} />
          </span>
          <span className="visually-hidden" role="status" aria-live="polite">
            {spokenSentence}
          </span>
        </div>
        {isCurrent && advice && <p className="field-hint">{advice}</p>}
        <GapNotice state={state} />
        <div className="button-row">
          <button type="button" className={isActive ? undefined : 'primary'} onClick={onToggle} disabled={!isCurrent || open.isPending || close.isPending}>
            {toggleLabel(profile.isDemo === true, isActive)}
          </button>
        </div>
        {error && (
          <Notice tone="error" role="alert">
            {describeError(error)}
          </Notice>
        )}
      </section>
      {isCurrent && state.state === 'ready' && profile.topology.mode !== 'standalone' && <TopologyCard profile={profile} />}
    </>
  );
}

/** A demo profile has nothing to connect to: its button opens and closes the demo data. */
function toggleLabel(isDemo: boolean, isActive: boolean): string {
  if (isDemo) return isActive ? 'Close demo data' : 'Open demo data';
  return isActive ? 'Disconnect' : 'Connect';
}
