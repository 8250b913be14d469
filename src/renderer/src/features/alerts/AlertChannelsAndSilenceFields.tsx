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

/**
 * The lab's opt-in to publishing acknowledgements, silences and mute windows
 * to a channel, so other consoles and services learn of them; off (empty)
 * keeps them on this console.
 */
export function PublishChangesField({ settings, onSave }: { settings: AlertSettings; onSave(next: AlertSettings): void }) {
  const [isOn, setIsOn] = useState(settings.publishChangesTo !== '');
  const [channel, setChannel] = useState(settings.publishChangesTo || 'lab:alerts:changes');
  const problem = isOn && channel.trim() === '' ? 'Name the channel to publish to.' : undefined;
  return (
    <form
      className="alert-rule-form"
      aria-label="Publish acknowledgements and silences"
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem) onSave({ ...settings, publishChangesTo: isOn ? channel.trim() : '' });
      }}
    >
      <h3>Share acknowledgements and silences</h3>
      <label className="checkbox-field">
        <input type="checkbox" checked={isOn} onChange={(event) => setIsOn(event.target.checked)} /> Publish each acknowledgement, silence and mute window to a Redis channel (JSON)
      </label>
      {isOn && <TextField id="publish-changes-channel" label="Channel" value={channel} problem={problem} onChange={setChannel} />}
      <p className="field-hint">
        {settings.publishChangesTo === '' ? 'Now: kept on this console only.' : `Now: published to ${settings.publishChangesTo}.`} A read-only profile never publishes.
      </p>
      <button type="submit" className="button" disabled={problem !== undefined}>
        Save
      </button>
    </form>
  );
}
