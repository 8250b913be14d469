import { useId, useState, type FormEvent } from 'react';
import { TextField } from '../../components/TextField';
import type { TelemetryChartDefinition } from './TelemetryView';
import { usePathSuggestions } from './usePathSuggestions';

interface AddChartFormProps {
  profileId: string;
  /** Channels worth suggesting (seen or published). */
  knownChannels: readonly string[];
  onAdd(chart: Omit<TelemetryChartDefinition, 'key'>): void;
  onCancel(): void;
}

interface Problems {
  channel?: string;
  fields?: string;
  match?: string;
}

type SourceKind = 'channel' | 'stream';

/** A chart of chosen fields of any channel or stream, with the numeric fields seen on a channel offered as you type. */
export function AddChartForm({ profileId, knownChannels, onAdd, onCancel }: AddChartFormProps) {
  const channelListId = useId();
  const pathListId = useId();
  const [title, setTitle] = useState('');
  const [channel, setChannel] = useState('');
  const [sourceKind, setSourceKind] = useState<SourceKind>('channel');
  const [pathText, setPathText] = useState('');
  const [fieldPaths, setFieldPaths] = useState<string[]>([]);
  const [matchPath, setMatchPath] = useState('');
  const [matchValue, setMatchValue] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  // The bus learns field paths from a channel's traffic; a stream's fields are typed by hand for now.
  const suggestions = usePathSuggestions(profileId, sourceKind === 'channel' ? channel : '');
  const offered = suggestions.paths.filter((path) => !fieldPaths.includes(path));

  const addPath = (path: string): void => {
    const trimmed = path.trim();
    if (trimmed !== '' && !fieldPaths.includes(trimmed)) setFieldPaths([...fieldPaths, trimmed]);
    setPathText('');
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const paths = pathText.trim() === '' ? fieldPaths : [...new Set([...fieldPaths, pathText.trim()])];
    const found: Problems = {};
    if (channel.trim() === '') found.channel = sourceKind === 'channel' ? 'Enter the channel to plot, for example devices:telemetry.' : 'Enter the key of the stream to plot, for example lab:readings.';
    if (paths.length === 0) found.fields = 'Add at least one field, for example data.telemetry.co2.';
    if ((matchPath.trim() === '') !== (matchValue.trim() === '')) found.match = 'To keep only some messages, fill in both the field and the value it must have.';
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const trimmedChannel = channel.trim();
    onAdd({
      title: title.trim() || `${trimmedChannel}${matchValue.trim() ? ` · ${matchValue.trim()}` : ''}`,
      target: sourceKind === 'channel' ? { kind: 'channel', name: trimmedChannel } : { kind: 'stream', key: trimmedChannel },
      fieldPaths: paths,
      match: matchPath.trim() === '' ? null : { path: matchPath.trim(), equals: matchValue.trim() },
    });
  };

  return (
    <form className="card add-chart-form" aria-label="Add chart" onSubmit={onSubmit} noValidate>
      <h3>Add chart</h3>
      <div className="field-grid field-grid-2">
        <div className="field">
          <label htmlFor="add-chart-source-kind">Draw from</label>
          <select id="add-chart-source-kind" value={sourceKind} onChange={(event) => setSourceKind(event.target.value === 'stream' ? 'stream' : 'channel')}>
            <option value="channel">Channel (pub/sub)</option>
            <option value="stream">Stream (tail: new entries, numeric field text read as numbers)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="add-chart-channel">{sourceKind === 'channel' ? 'Channel' : 'Stream key'}</label>
          <input
            id="add-chart-channel"
            list={sourceKind === 'channel' ? channelListId : undefined}
            value={channel}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={problems.channel ? true : undefined}
            onChange={(event) => setChannel(event.target.value)}
          />
          <datalist id={channelListId}>
            {knownChannels.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          {problems.channel && <p className="field-problem">{problems.channel}</p>}
        </div>
        <TextField id="add-chart-title" label="Title (optional)" value={title} onChange={setTitle} />
      </div>
      <div className="field">
        <label htmlFor="add-chart-field">Fields</label>
        <div className="inline-controls">
          <input
            id="add-chart-field"
            list={pathListId}
            value={pathText}
            spellCheck={false}
            autoComplete="off"
            placeholder="data.telemetry.co2"
            aria-invalid={problems.fields ? true : undefined}
            onChange={(event) => setPathText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                addPath(pathText);
              }
            }}
          />
          <button type="button" className="small" onClick={() => addPath(pathText)} disabled={pathText.trim() === ''}>
            Add field
          </button>
        </div>
        <datalist id={pathListId}>
          {offered.map((path) => (
            <option key={path} value={path} />
          ))}
        </datalist>
        {problems.fields && <p className="field-problem">{problems.fields}</p>}
        {fieldPaths.length > 0 && (
          <ul className="chosen-fields" aria-label="Chosen fields">
            {fieldPaths.map((path) => (
              <li key={path}>
                <code>{path}</code>
                <button type="button" className="small" aria-label={`Remove ${path}`} onClick={() => setFieldPaths(fieldPaths.filter((other) => other !== path))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {channel.trim() !== '' && sourceKind === 'channel' && (
          <div className="field-hint">
            {offered.length > 0 ? (
              <>
                Numeric fields seen on {suggestions.channel}:{' '}
                {offered.slice(0, 24).map((path) => (
                  <button key={path} type="button" className="link-button" onClick={() => addPath(path)}>
                    {path}
                  </button>
                ))}
              </>
            ) : (
              `Listening on ${channel.trim()} for numeric fields…`
            )}
          </div>
        )}
      </div>
      <fieldset>
        <legend>Only messages where (optional)</legend>
        <div className="field-grid field-grid-2">
          <TextField id="add-chart-match-path" label="Field" placeholder="data.device_id" value={matchPath} onChange={setMatchPath} />
          <TextField id="add-chart-match-value" label="Equals" placeholder="mushroom1" value={matchValue} onChange={setMatchValue} problem={problems.match} />
        </div>
      </fieldset>
      <div className="button-row">
        <button type="submit" className="primary">
          Add chart
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
