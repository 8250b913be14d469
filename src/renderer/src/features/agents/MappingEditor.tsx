/**
 * Board settings: which channels feed the board and which field paths mean
 * agent id, name, status, load, time and error, with the paths seen on each
 * channel offered. Saved per profile in the data folder; a local view
 * setting, so a read-only profile may change it too.
 */
import { useId, useState, type FormEvent } from 'react';
import type { AgentMapping, AgentStatusSource } from '../../../../shared/features/agentsContract';
import { MAX_STATUS_SOURCES } from '../../../../shared/features/agentsContract';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { useAgentMapping, useOfferedPaths } from './useAgentMapping';

const STATUS_FIELDS: Array<[keyof Omit<AgentStatusSource, 'channel'>, string]> = [
  ['idPath', 'Agent id'],
  ['namePath', 'Name'],
  ['statusPath', 'Status'],
  ['loadPath', 'Load (0 to 1)'],
  ['timePath', 'Time'],
  ['errorPath', 'Error text'],
];

export function MappingEditor({ profileId }: { profileId: string }) {
  const { mapping, save, reset } = useAgentMapping(profileId);
  if (mapping.isError) return <Notice tone="error">{describeError(mapping.error)}</Notice>;
  if (!mapping.data) return <p className="muted">Loading the board settings…</p>;
  // Keyed by the saved mapping, so a save or reset starts a fresh draft from what the bus holds.
  return <MappingForm key={JSON.stringify(mapping.data)} profileId={profileId} saved={mapping.data} save={save} reset={reset} />;
}

interface MappingFormProps {
  profileId: string;
  saved: AgentMapping;
  save: ReturnType<typeof useAgentMapping>['save'];
  reset: ReturnType<typeof useAgentMapping>['reset'];
}

function MappingForm({ profileId, saved, save, reset }: MappingFormProps) {
  const [draft, setDraft] = useState<AgentMapping>(saved);
  const [staleSeconds, setStaleSeconds] = useState(String(saved.staleAfterMs / 1000));
  const [taskStaleSeconds, setTaskStaleSeconds] = useState(String(saved.taskStaleAfterMs / 1000));
  const [problem, setProblem] = useState<string | null>(null);
  const setSource = (index: number, change: Partial<AgentStatusSource>): void =>
    setDraft({ ...draft, statusSources: draft.statusSources.map((source, at) => (at === index ? { ...source, ...change } : source)) });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const staleAfterMs = Math.round(Number(staleSeconds) * 1000);
    const taskStaleAfterMs = Math.round(Number(taskStaleSeconds) * 1000);
    if (!(staleAfterMs >= 1000 && staleAfterMs <= 86_400_000) || !(taskStaleAfterMs >= 1000 && taskStaleAfterMs <= 86_400_000)) {
      setProblem('The STALE thresholds are seconds from 1 to 86400.');
      return;
    }
    setProblem(null);
    save.mutate({ ...draft, staleAfterMs, taskStaleAfterMs });
  };
  const error = problem ?? (save.isError ? describeError(save.error) : reset.isError ? describeError(reset.error) : null);
  return (
    <form className="agent-mapping" aria-label="Board settings" onSubmit={submit}>
      <p className="muted">
        Paths name fields of the decoded message: keys joined by dots (payload.agentId), [0] for a list item, ["a.b"] for a key with dots. Leave a
        path empty when the channel does not send that field. These settings are kept on this computer only.
      </p>
      <fieldset>
        <legend>When an agent turns STALE</legend>
        <label>
          Agent silent for (seconds) <input name="staleAfterSeconds" inputMode="decimal" value={staleSeconds} onChange={(event) => setStaleSeconds(event.target.value)} />
        </label>
        <label>
          Task silent for (seconds) <input name="taskStaleAfterSeconds" inputMode="decimal" value={taskStaleSeconds} onChange={(event) => setTaskStaleSeconds(event.target.value)} />
        </label>
      </fieldset>
      {draft.statusSources.map((source, index) => (
        <fieldset key={index} className="mapping-source">
          <legend>Status channel {index + 1}</legend>
          <label>
            Channel <input value={source.channel} onChange={(event) => setSource(index, { channel: event.target.value })} />
          </label>
          <PathFields
            profileId={profileId}
            channel={saved.statusSources[index]?.channel ?? ''}
            fields={STATUS_FIELDS.map(([key, label]) => ({ label, value: source[key], onChange: (value) => setSource(index, { [key]: value }) }))}
          />
          <button type="button" className="link-button" onClick={() => setDraft({ ...draft, statusSources: draft.statusSources.filter((_, at) => at !== index) })}>
            Remove this channel
          </button>
        </fieldset>
      ))}
      {draft.statusSources.length < MAX_STATUS_SOURCES && (
        <button
          type="button"
          onClick={() =>
            setDraft({ ...draft, statusSources: [...draft.statusSources, { channel: '', idPath: '', namePath: '', statusPath: '', loadPath: '', timePath: '', errorPath: '' }] })
          }
        >
          Add a status channel
        </button>
      )}
      <fieldset className="mapping-source">
        <legend>Routing decisions</legend>
        <label>
          Channel <input value={draft.routing.channel} onChange={(event) => setDraft({ ...draft, routing: { ...draft.routing, channel: event.target.value } })} />
        </label>
        <PathFields
          profileId={profileId}
          channel={saved.routing.channel}
          fields={(
            [
              ['taskPath', 'Task id'],
              ['agentIdPath', 'Chosen agent id'],
              ['agentNamePath', 'Chosen agent name'],
              ['reasonPath', 'Reason'],
              ['scorePath', 'Complexity score'],
              ['timePath', 'Time'],
            ] as const
          ).map(([key, label]) => ({ label, value: draft.routing[key], onChange: (value) => setDraft({ ...draft, routing: { ...draft.routing, [key]: value } }) }))}
        />
      </fieldset>
      <fieldset className="mapping-source">
        <legend>Task updates</legend>
        <label>
          Channel <input value={draft.tasks.channel} onChange={(event) => setDraft({ ...draft, tasks: { ...draft.tasks, channel: event.target.value } })} />
        </label>
        <PathFields
          profileId={profileId}
          channel={saved.tasks.channel}
          fields={(
            [
              ['idPath', 'Task id'],
              ['statusPath', 'Status'],
              ['messagePath', 'Message'],
              ['progressPath', 'Progress (0 to 100)'],
            ] as const
          ).map(([key, label]) => ({ label, value: draft.tasks[key], onChange: (value) => setDraft({ ...draft, tasks: { ...draft.tasks, [key]: value } }) }))}
        />
      </fieldset>
      {error !== null && <Notice tone="error">{error}</Notice>}
      {save.isSuccess && <Notice tone="success">Saved. The board reads the channels with these settings now.</Notice>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save board settings
        </button>
        <button type="button" onClick={() => reset.mutate()} disabled={reset.isPending}>
          Reset to the defaults
        </button>
      </div>
    </form>
  );
}

interface PathField {
  label: string;
  value: string;
  onChange: (value: string) => void;
}

/** Path inputs offering what was seen on the channel (as saved: a channel not yet listened to has nothing to offer). */
function PathFields({ profileId, channel, fields }: { profileId: string; channel: string; fields: PathField[] }) {
  const listId = useId();
  const offered = useOfferedPaths(profileId, channel);
  return (
    <div className="mapping-paths">
      <datalist id={listId}>
        {(offered.data ?? []).map((path) => (
          <option key={path} value={path} />
        ))}
      </datalist>
      {fields.map((field) => (
        <label key={field.label}>
          {field.label} <input list={listId} value={field.value} spellCheck={false} onChange={(event) => field.onChange(event.target.value)} />
        </label>
      ))}
      {channel !== '' && (offered.data?.length ?? 0) > 0 && <p className="muted mapping-offered">Seen on {channel}: {offered.data!.slice(0, 12).join(', ')}{offered.data!.length > 12 ? ', …' : ''}</p>}
    </div>
  );
}
