/** Alerts newest first, filtered by severity, state and source, each with its ack and silence actions. */
import { useMemo, useState } from 'react';
import { ALERT_SEVERITIES, ALERT_STATES, type AlertSeverity, type AlertState, type AlertView } from '../../../../shared/features/alertsContract';
import type { Profile } from '../../../../shared/profile';
import { Notice } from '../../components/Notice';
import { AlertRow } from './AlertRow';
import { MuteWindows } from './MuteWindows';
import { STATE_WORDS } from './alertWords';
import { useAlertList } from './useAlerts';
import { countWords } from '../../../../shared/countWords';

const ANY = '';
/** Rows drawn at once; the rest are counted, so a storm of 2,000 alerts does not freeze the page. */
const MAX_SHOWN_ROWS = 200;

export function AlertList({ profile }: { profile: Profile }) {
  const list = useAlertList(profile.id);
  const [severity, setSeverity] = useState<AlertSeverity | ''>(ANY);
  const [state, setState] = useState<AlertState | ''>(ANY);
  const [source, setSource] = useState(ANY);
  const alerts = useMemo(() => list.data?.alerts ?? [], [list.data]);
  const sources = useMemo(() => [...new Set(alerts.map((alert) => alert.source))].sort(), [alerts]);
  const shown = alerts.filter(
    (alert: AlertView) => (severity === ANY || alert.severity === severity) && (state === ANY || alert.state === state) && (source === ANY || alert.source === source),
  );

  if (list.error) return <Notice tone="error" title="Alerts could not be read">{list.error.message}</Notice>;
  return (
    <div className="alert-list">
      <div className="alert-filters" data-testid="alert-filters">
        <label>
          Severity
          <select value={severity} onChange={(event) => setSeverity(event.target.value as AlertSeverity | '')}>
            <option value={ANY}>All</option>
            {ALERT_SEVERITIES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={state} onChange={(event) => setState(event.target.value as AlertState | '')}>
            <option value={ANY}>All</option>
            {ALERT_STATES.map((value) => (
              <option key={value} value={value}>
                {STATE_WORDS[value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source
          <select value={source} onChange={(event) => setSource(event.target.value)}>
            <option value={ANY}>All</option>
            {sources.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <span className="alert-counts" data-testid="alert-counts">
          {list.data ? `${list.data.unacknowledged} unacknowledged · ${countWords(alerts.length, 'alert')} · ${shown.length} shown` : 'Reading alerts…'}
        </span>
      </div>
      {list.data && <MuteWindows profileId={profile.id} mutes={list.data.mutes} />}
      {list.data && alerts.length === 0 && (
        <p className="muted">No alerts. Messages on the alert channels and rules that fire show here, newest first.</p>
      )}
      <ol className="alert-rows">
        {shown.slice(0, MAX_SHOWN_ROWS).map((alert) => (
          <AlertRow key={alert.id} profileId={profile.id} alert={alert} />
        ))}
      </ol>
      {shown.length > MAX_SHOWN_ROWS && <p className="muted">{shown.length - MAX_SHOWN_ROWS} older alerts not drawn; narrow the filters to see them.</p>}
      {list.data && list.data.forgotten > 0 && <p className="muted">{list.data.forgotten} old resolved alerts were dropped to keep the list bounded; the history keeps them.</p>}
    </div>
  );
}
