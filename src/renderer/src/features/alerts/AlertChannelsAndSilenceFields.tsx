/** The profile's alert channels, and a rule for a channel that goes silent (an EEG stream that stops). */
import { useState } from 'react';
import { ALERT_SEVERITIES, type AlertSettings, type AlertSeverity } from '../../../../shared/features/alertsContract';
import { TextField } from '../../components/TextField';

export function AlertChannelsField({ settings, onSave }: { settings: AlertSettings; onSave(next: AlertSettings): void }) {
  const [text, setText] = useState(settings.alertChannels.join(', '));
  const channels = text
    .split(',')
    .map((channel) => channel.trim())
    .filter((channel) => channel.length > 0);
  return (
    <form className="alert-form" onSubmit={(event) => (event.preventDefault(), onSave({ ...settings, alertChannels: channels }))} aria-label="Alert channels">
      <label className="alert-form-wide">
        Alert channels <input value={text} onChange={(event) => setText(event.target.value)} placeholder="system:alerts, user:*:alerts" />
      </label>
      <button type="submit" className="button">
        Save channels
      </button>
    </form>
  );
}

export function SilentChannelFields({ onAdd }: { onAdd(rule: { channel: string; silentSeconds: number; severity: AlertSeverity }): void }) {
  const [channel, setChannel] = useState('');
  const [seconds, setSeconds] = useState('10');
  const [severity, setSeverity] = useState<AlertSeverity>('warning');
  const silentSeconds = Number(seconds.trim());
  const problem = !Number.isInteger(silentSeconds) || silentSeconds < 1 || silentSeconds > 86_400 ? 'Whole seconds from 1 to 86400.' : undefined;
  return (
    <form
      className="alert-rule-form"
      aria-label="Add a silent-channel rule"
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem && channel.trim()) onAdd({ channel: channel.trim(), silentSeconds, severity });
      }}
    >
      <h3>Alert when a channel goes silent</h3>
      <div className="field-grid field-grid-3">
        <TextField id="silent-channel" label="Channel" value={channel} placeholder="user:demo1:raw" onChange={setChannel} />
        <TextField id="silent-seconds" label="Silent for more than (s)" inputMode="numeric" value={seconds} problem={problem} onChange={setSeconds} />
        <div className="field">
          <label htmlFor="silent-severity">Severity</label>
          <select id="silent-severity" value={severity} onChange={(event) => setSeverity(event.target.value as AlertSeverity)}>
            {ALERT_SEVERITIES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" className="button primary" disabled={channel.trim() === '' || problem !== undefined}>
        Add rule
      </button>
    </form>
  );
}
