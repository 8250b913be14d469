/** A rule for EEG channels that go flat (an electrode off) or rail (saturated), each series watched on its own. */
import { useState } from 'react';
import { ALERT_SEVERITIES, type AlertSeverity } from '../../../../shared/features/alertsContract';
import { TextField } from '../../components/TextField';
import { checkSignalQualityForm, EMPTY_SIGNAL_QUALITY_FORM, type SignalQualityFieldsValue, type SignalQualityForm } from './signalQualityForm';

export function SignalQualityFields({ onAdd }: { onAdd(rule: SignalQualityFieldsValue): void }) {
  const [form, setForm] = useState<SignalQualityForm>(EMPTY_SIGNAL_QUALITY_FORM);
  const [isChecked, setIsChecked] = useState(false);
  const check = checkSignalQualityForm(form);
  const problems = isChecked && check.problems ? check.problems : {};
  return (
    <form
      className="alert-rule-form"
      aria-label="Add an EEG flat or railed rule"
      onSubmit={(event) => {
        event.preventDefault();
        setIsChecked(true);
        if (!check.rule) return;
        onAdd(check.rule);
        setForm(EMPTY_SIGNAL_QUALITY_FORM);
        setIsChecked(false);
      }}
    >
      <h3>Alert when an EEG channel is flat or railed</h3>
      <p className="field-hint">
        Flat: a channel changing less than the amount below for the whole time (an electrode off). Railed: a channel at or beyond ± the rail value for the whole time
        (saturated). Each channel matched by the samples path is its own alert.
      </p>
      <div className="field-grid field-grid-3">
        <TextField id="quality-channel" label="Channel" value={form.channel} placeholder="user:demo1:raw" problem={problems.channel} onChange={(channel) => setForm({ ...form, channel })} />
        <TextField id="quality-path" label="Samples (field path)" value={form.fieldPath} problem={problems.fieldPath} onChange={(fieldPath) => setForm({ ...form, fieldPath })} />
        <TextField id="quality-seconds" label="For at least (s)" inputMode="numeric" value={form.seconds} problem={problems.seconds} onChange={(seconds) => setForm({ ...form, seconds })} />
        <TextField id="quality-flat" label="Flat: changes less than" inputMode="text" value={form.flatWithin} problem={problems.flatWithin} onChange={(flatWithin) => setForm({ ...form, flatWithin })} />
        <TextField id="quality-rail" label="Railed: at or beyond ± (empty: flat only)" inputMode="text" value={form.railAt} problem={problems.railAt} onChange={(railAt) => setForm({ ...form, railAt })} />
        <div className="field">
          <label htmlFor="quality-severity">Severity</label>
          <select id="quality-severity" value={form.severity} onChange={(event) => setForm({ ...form, severity: event.target.value as AlertSeverity })}>
            {ALERT_SEVERITIES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" className="button primary">
        Add rule
      </button>
    </form>
  );
}
