/**
 * The profile's alert rules: the list, a threshold rule form (with the
 * numeric paths seen on the channel offered), and the alert channels. A
 * read-only profile shows the rules without the controls; the bus refuses
 * a change anyway.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ALERT_SEVERITIES, THRESHOLD_OPERATORS, type AlertRule, type AlertSettings, type AlertSeverity, type ThresholdOperator } from '../../../../shared/features/alertsContract';
import type { Profile } from '../../../../shared/profile';
import { useBusMutation } from '../../api/useBusMutation';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { usePathSuggestions } from '../plots/usePathSuggestions';
import { AlertChannelsField, PublishChangesField, SilentChannelFields } from './AlertChannelsAndSilenceFields';
import { SignalQualityFields } from './SignalQualityFields';
import { alertsQueryKeys } from './alertsQueryKeys';
import { numericFieldsHint } from './alertWords';
import { checkThresholdForm, EMPTY_THRESHOLD_FORM, type ThresholdRuleForm } from './thresholdRuleForm';
import { useAlertSettings } from './useAlerts';

export function AlertRulesEditor({ profile }: { profile: Profile }) {
  const settings = useAlertSettings(profile.id);
  const queryClient = useQueryClient();
  const save = useBusMutation('alerts:saveSettings');
  const saveSettings = (next: AlertSettings): void =>
    save.mutate({ profileId: profile.id, settings: next }, { onSettled: () => void queryClient.invalidateQueries({ queryKey: alertsQueryKeys.settings(profile.id) }) });

  if (settings.error) return <Notice tone="error" title="The rules could not be read">{settings.error.message}</Notice>;
  if (!settings.data) return <p className="muted">Reading the rules…</p>;
  const current = settings.data;
  return (
    <div className="alert-rules">
      {profile.isReadOnly && <Notice tone="info">This profile is read-only: its rules can be viewed, not changed.</Notice>}
      <p className="field-hint">
        Alert channels: <code>{current.alertChannels.join(', ') || 'none'}</code>. Agents turning STALE or reporting an error, and the connection being lost,
        raise alerts too. Acknowledgements and silences stay on this console{current.publishChangesTo ? `, and are published to ${current.publishChangesTo}` : ''}.
      </p>
      <ul className="alert-rule-list">
        {current.rules.length === 0 && <li className="muted">No rules yet.</li>}
        {current.rules.map((rule) => (
          <li key={rule.id}>
            <span>{describeRule(rule)}</span>
            {!profile.isReadOnly && (
              <button type="button" className="button" onClick={() => saveSettings({ ...current, rules: current.rules.filter((other) => other.id !== rule.id) })}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {save.error && <Notice tone="error" title="The rules were not saved">{save.error.message}</Notice>}
      {!profile.isReadOnly && <ThresholdRuleFields profileId={profile.id} onAdd={(rule) => saveSettings({ ...current, rules: [...current.rules, rule] })} />}
      {!profile.isReadOnly && (
        <SilentChannelFields
          onAdd={(fields) =>
            saveSettings({ ...current, rules: [...current.rules, { kind: 'silence', id: `silence-${crypto.randomUUID()}`, name: `${fields.channel} silent`, ...fields }] })
          }
        />
      )}
      {!profile.isReadOnly && (
        <SignalQualityFields
          onAdd={(fields) =>
            saveSettings({ ...current, rules: [...current.rules, { kind: 'signalQuality', id: `quality-${crypto.randomUUID()}`, name: `${fields.channel} electrode`, ...fields }] })
          }
        />
      )}
      {!profile.isReadOnly && <AlertChannelsField key={current.alertChannels.join(',')} settings={current} onSave={saveSettings} />}
      {!profile.isReadOnly && <PublishChangesField key={current.publishChangesTo} settings={current} onSave={saveSettings} />}
    </div>
  );
}

function describeRule(rule: AlertRule): string {
  if (rule.kind === 'silence') return `${rule.name}: ${rule.channel} silent for more than ${rule.silentSeconds} s (${rule.severity})`;
  if (rule.kind === 'signalQuality') {
    const railed = rule.railAt === null ? '' : ` or beyond ±${rule.railAt}`;
    return `${rule.name}: ${rule.channel} ${rule.fieldPath} flat (within ${rule.flatWithin})${railed} for ${rule.seconds} s (${rule.severity})`;
  }
  return `${rule.name}: ${rule.channel} ${rule.fieldPath} ${rule.operator} ${rule.value} for ${rule.pendingSeconds} s, resolves after ${rule.resolveSeconds} s (${rule.severity})`;
}

function ThresholdRuleFields({ profileId, onAdd }: { profileId: string; onAdd(rule: AlertRule): void }) {
  const [form, setForm] = useState<ThresholdRuleForm>(EMPTY_THRESHOLD_FORM);
  const [isChecked, setIsChecked] = useState(false);
  const suggestions = usePathSuggestions(profileId, form.channel);
  const listId = useId();
  const check = checkThresholdForm(form);
  const problems = isChecked && !check.isValid ? check.problems : {};
  const submit = (): void => {
    setIsChecked(true);
    if (!check.isValid) return;
    onAdd({ ...check.rule, id: `threshold-${crypto.randomUUID()}` });
    setForm(EMPTY_THRESHOLD_FORM);
    setIsChecked(false);
  };
  return (
    <form className="alert-rule-form" onSubmit={(event) => (event.preventDefault(), submit())} aria-label="Add a threshold rule">
      <h3>Add a threshold rule</h3>
      <div className="field-grid field-grid-3">
        <TextField id="rule-name" label="Name (optional)" value={form.name} onChange={(name) => setForm({ ...form, name })} />
        <TextField id="rule-channel" label="Channel" value={form.channel} problem={problems.channel} onChange={(channel) => setForm({ ...form, channel })} />
        <div className="field">
          <label htmlFor="rule-path">Numeric field</label>
          <input id="rule-path" list={listId} value={form.fieldPath} onChange={(event) => setForm({ ...form, fieldPath: event.target.value })} />
          <datalist id={listId}>
            {suggestions.paths.map((path) => (
              <option key={path} value={path} />
            ))}
          </datalist>
          {problems.fieldPath ? <span className="field-problem">{problems.fieldPath}</span> : <span className="field-hint">{numericFieldsHint(form.channel, suggestions.paths.length)}</span>}
        </div>
        <div className="field">
          <label htmlFor="rule-operator">Fires when the value is</label>
          <select id="rule-operator" value={form.operator} onChange={(event) => setForm({ ...form, operator: event.target.value as ThresholdOperator })}>
            {THRESHOLD_OPERATORS.map((operator) => (
              <option key={operator} value={operator}>
                {operator}
              </option>
            ))}
          </select>
        </div>
        <TextField id="rule-value" label="Threshold" inputMode="text" value={form.value} problem={problems.value} onChange={(value) => setForm({ ...form, value })} />
        <div className="field">
          <label htmlFor="rule-severity">Severity</label>
          <select id="rule-severity" value={form.severity} onChange={(event) => setForm({ ...form, severity: event.target.value as AlertSeverity })}>
            {ALERT_SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </div>
        <TextField id="rule-pending" label="For at least (s) before firing" inputMode="numeric" value={form.pendingSeconds} problem={problems.pendingSeconds} onChange={(pendingSeconds) => setForm({ ...form, pendingSeconds })} />
        <TextField id="rule-resolve" label="Back to normal for (s) before resolving" inputMode="numeric" value={form.resolveSeconds} problem={problems.resolveSeconds} onChange={(resolveSeconds) => setForm({ ...form, resolveSeconds })} />
      </div>
      <button type="submit" className="button primary">
        Add rule
      </button>
    </form>
  );
}
