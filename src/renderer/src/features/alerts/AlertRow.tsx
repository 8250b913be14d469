/** One alert: what, where, how often, its state in words, and acknowledge / silence forms. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { SILENCE_SCOPES, type AlertView, type SilenceScope } from '../../../../shared/features/alertsContract';
import { useBusMutation } from '../../api/useBusMutation';
import { alertsQueryKeys } from './alertsQueryKeys';
import { dateTime, describeAlertState, describeOccurrences } from './alertWords';
import { useOperatorName } from './useOperatorName';

type OpenForm = 'none' | 'acknowledge' | 'silence';
const SILENCE_MINUTES = [15, 60, 240, 1440] as const;

export function AlertRow({ profileId, alert }: { profileId: string; alert: AlertView }) {
  const [form, setForm] = useState<OpenForm>('none');
  const isOpen = alert.state !== 'resolved';
  return (
    <li className={`alert-row alert-${alert.severity} alert-state-${alert.state}`} data-testid="alert-row">
      <div className="alert-row-main">
        <span className={`alert-severity alert-severity-${alert.severity}`} title={alert.rawSeverity ? `The message said "${alert.rawSeverity}"` : undefined}>
          {alert.severity}
          {alert.rawSeverity && <span className="alert-raw-severity"> ({alert.rawSeverity})</span>}
        </span>
        <span className="alert-message">{alert.message}</span>
        <span className="alert-when" title={`First seen ${dateTime(alert.firstSeen)}`}>
          {dateTime(alert.lastSeen)}
        </span>
      </div>
      <div className="alert-row-details">
        <span>
          {alert.source}
          {alert.rule && alert.rule !== alert.message && ` · ${alert.rule}`}
          {alert.subject && ` · ${alert.subject}`}
        </span>
        {describeOccurrences(alert) && <span>{describeOccurrences(alert)}</span>}
        <span className="alert-state" data-testid="alert-state">
          {describeAlertState(alert)}
        </span>
        {isOpen && form === 'none' && (
          <span className="button-row">
            {alert.acknowledgement === null && (
              <button type="button" className="button" onClick={() => setForm('acknowledge')}>
                Acknowledge
              </button>
            )}
            <button type="button" className="button" onClick={() => setForm('silence')}>
              Silence
            </button>
          </span>
        )}
      </div>
      {isOpen && form === 'acknowledge' && <AcknowledgeForm profileId={profileId} alert={alert} onDone={() => setForm('none')} />}
      {isOpen && form === 'silence' && <SilenceForm profileId={profileId} alert={alert} onDone={() => setForm('none')} />}
    </li>
  );
}

function AcknowledgeForm({ profileId, alert, onDone }: { profileId: string; alert: AlertView; onDone(): void }) {
  const queryClient = useQueryClient();
  const [operator, setOperator] = useOperatorName();
  const [note, setNote] = useState('');
  const acknowledge = useBusMutation('alerts:acknowledge');
  const submit = (): void => {
    acknowledge.mutate(
      { profileId, alertId: alert.id, operator, note },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: alertsQueryKeys.all });
          onDone();
        },
      },
    );
  };
  return (
    <form className="alert-form" onSubmit={(event) => (event.preventDefault(), submit())} aria-label="Acknowledge the alert">
      <label>
        Your name <input value={operator} onChange={(event) => setOperator(event.target.value)} maxLength={200} required />
      </label>
      <label className="alert-form-wide">
        Note <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} placeholder="What you are doing about it" />
      </label>
      <button type="submit" className="button primary" disabled={acknowledge.isPending || operator.trim() === ''}>
        Acknowledge
      </button>
      <button type="button" className="button" onClick={onDone}>
        Cancel
      </button>
      {acknowledge.error && <span className="field-problem">{acknowledge.error.message}</span>}
    </form>
  );
}

const SCOPE_WORDS: Readonly<Record<SilenceScope, (alert: AlertView) => string>> = {
  rule: (alert) => `this rule (${alert.rule || 'no rule'})`,
  source: (alert) => `this source (${alert.source})`,
  subject: (alert) => `this subject (${alert.subject || 'none'})`,
};

function SilenceForm({ profileId, alert, onDone }: { profileId: string; alert: AlertView; onDone(): void }) {
  const queryClient = useQueryClient();
  const [operator, setOperator] = useOperatorName();
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<SilenceScope>('rule');
  const [minutes, setMinutes] = useState<number>(60);
  const silence = useBusMutation('alerts:silence');
  const submit = (): void => {
    silence.mutate(
      { profileId, alertId: alert.id, scope, until: Date.now() + minutes * 60_000, operator, reason },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: alertsQueryKeys.all });
          onDone();
        },
      },
    );
  };
  return (
    <form className="alert-form" onSubmit={(event) => (event.preventDefault(), submit())} aria-label="Silence alerts">
      <label>
        Silence{' '}
        <select value={scope} onChange={(event) => setScope(event.target.value as SilenceScope)}>
          {SILENCE_SCOPES.map((value) => (
            <option key={value} value={value}>
              {SCOPE_WORDS[value](alert)}
            </option>
          ))}
        </select>
      </label>
      <label>
        for{' '}
        <select value={minutes} onChange={(event) => setMinutes(Number(event.target.value))}>
          {SILENCE_MINUTES.map((value) => (
            <option key={value} value={value}>
              {value < 60 ? `${value} minutes` : `${value / 60} hours`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Your name <input value={operator} onChange={(event) => setOperator(event.target.value)} maxLength={200} required />
      </label>
      <label className="alert-form-wide">
        Reason <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={2000} placeholder="e.g. calibration" />
      </label>
      <button type="submit" className="button primary" disabled={silence.isPending || operator.trim() === ''}>
        Silence
      </button>
      <button type="button" className="button" onClick={onDone}>
        Cancel
      </button>
      {silence.error && <span className="field-problem">{silence.error.message}</span>}
    </form>
  );
}
