/** The relay's settings before it starts: where it listens, Foxglove, and which other sites' pages may use it. */
import { useState } from 'react';
import { RELAY_DEFAULT_HOST, RELAY_DEFAULT_PORT, type RelayStartParams } from '../../../../shared/features/relayContract';
import { CheckboxField } from '../../components/CheckboxField';
import { TextField } from '../../components/TextField';

interface RelayStartFormProps {
  profileId: string;
  isStarting: boolean;
  onStart(params: RelayStartParams): void;
}

/** One entry per line or comma. */
function listOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function portProblem(text: string): string | undefined {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65_535 ? undefined : 'A port is a whole number from 0 to 65535 (0 picks a free one).';
}

export function RelayStartForm({ profileId, isStarting, onStart }: RelayStartFormProps) {
  const [host, setHost] = useState(RELAY_DEFAULT_HOST);
  const [port, setPort] = useState(String(RELAY_DEFAULT_PORT));
  const [shouldSpeakFoxglove, setShouldSpeakFoxglove] = useState(false);
  const [foxgloveTopics, setFoxgloveTopics] = useState('');
  const [allowedOrigins, setAllowedOrigins] = useState('');
  const problem = portProblem(port);
  const isOpenWider = host.trim() !== '' && host.trim() !== RELAY_DEFAULT_HOST && host.trim() !== 'localhost';

  return (
    <form
      className="relay-start-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (problem) return;
        onStart({ profileId, host: host.trim(), port: Number(port), shouldSpeakFoxglove, foxgloveTopics: listOf(foxgloveTopics), allowedOrigins: listOf(allowedOrigins) });
      }}
    >
      <div className="relay-form-row">
        <TextField id="relay-host" label="Listen on" value={host} onChange={setHost} hint="127.0.0.1: only this computer can connect." />
        <TextField id="relay-port" label="Port" value={port} onChange={setPort} inputMode="numeric" problem={problem} />
      </div>
      {isOpenWider && (
        <p className="relay-warning" role="status">
          Other computers on the network can reach {host.trim()}; they still need the token.
        </p>
      )}
      <div className="field">
        <label htmlFor="relay-origins">Other sites whose pages may connect</label>
        <textarea
          id="relay-origins"
          rows={2}
          value={allowedOrigins}
          spellCheck={false}
          placeholder="https://dashboard.lab.example"
          onChange={(event) => setAllowedOrigins(event.target.value)}
        />
        <p className="field-hint">Pages from this computer (localhost) and scripts are always let in with the token. One origin per line.</p>
      </div>
      <CheckboxField
        id="relay-foxglove"
        label="Also answer Foxglove and Lichtblick"
        checked={shouldSpeakFoxglove}
        onChange={setShouldSpeakFoxglove}
        hint="They connect with the foxglove.websocket.v1 protocol and see only the channels you list for them (asked once this is ticked)."
      />
      {shouldSpeakFoxglove && (
        <div className="field">
          <label htmlFor="relay-foxglove-topics">Channels offered to Foxglove</label>
          <textarea
            id="relay-foxglove-topics"
            rows={2}
            value={foxgloveTopics}
            spellCheck={false}
            placeholder={'devices:telemetry\neeg:*'}
            onChange={(event) => setFoxgloveTopics(event.target.value)}
          />
          <p className="field-hint">One channel or pattern (with * ? or [ ]) per line.</p>
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={isStarting || problem !== undefined}>
          {isStarting ? 'Starting…' : 'Start relay'}
        </button>
      </div>
    </form>
  );
}
