import { useId, useState, type FormEvent } from 'react';
import { unhandledTarget, type DecoderChoice, type LaneTarget } from '../../../../shared/liveChannels';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { DecoderSelect } from './DecoderSelect';
import { useAddLane } from './useLaneActions';

/** A bridge's lane is added from the Bridges section, where the bridge is chosen, not typed. */
type TargetKind = Exclude<LaneTarget['kind'], 'bridge'>;

const GLOB_CHARACTERS = /[*?[\]]/;

/** The words each kind of target shows: the field's label, its example and its hint. */
const KIND_FIELDS: Readonly<Record<TargetKind, { choice: string; label: string; placeholder: string; hint: string }>> = {
  channel: {
    choice: 'Exact channel',
    label: 'Channel name',
    placeholder: 'devices:telemetry',
    hint: 'The name is used exactly as typed: a * in it is just a character.',
  },
  pattern: {
    choice: 'Pattern (* ? [ ])',
    label: 'Channel pattern',
    placeholder: 'user:*:raw',
    hint: '* matches any characters, ? matches one, [abc] matches one of a, b or c.',
  },
  stream: {
    choice: 'Stream (tail)',
    label: 'Stream key',
    placeholder: 'lab:tasks',
    hint: 'Shows the entries added to this stream from now on (XREAD). The stream is not changed and no consumer group is used.',
  },
  shard: {
    choice: 'Sharded channel (Cluster)',
    label: 'Sharded channel name',
    placeholder: 'eeg:{rig1}:raw',
    hint: 'For channels published with SPUBLISH on a Redis Cluster (Redis 7+): Labwire listens on the node that owns the channel, and follows it when that node fails over.',
  },
};

const TARGET_KINDS: readonly TargetKind[] = ['channel', 'pattern', 'shard', 'stream'];

function targetOf(kind: TargetKind, name: string): LaneTarget {
  switch (kind) {
    case 'channel':
      return { kind, name };
    case 'pattern':
      return { kind, pattern: name };
    case 'stream':
      return { kind, key: name };
    case 'shard':
      return { kind, channel: name };
    default:
      return unhandledTarget(kind);
  }
}

interface AddLaneFormProps {
  profileId: string;
  isReady: boolean;
  /** Sharded channels exist only on a Cluster: the choice is offered there alone (the bus refuses it elsewhere too). */
  isCluster: boolean;
}

/** Subscribe to one exact channel (SUBSCRIBE), to every channel a pattern matches (PSUBSCRIBE), or tail a stream (XREAD). */
export function AddLaneForm({ profileId, isReady, isCluster }: AddLaneFormProps) {
  const fieldId = useId();
  const [kind, setKind] = useState<TargetKind>('pattern');
  const [name, setName] = useState('');
  const [decoder, setDecoder] = useState<DecoderChoice>('auto');
  const { mutation, addLane } = useAddLane(profileId);

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    mutation.reset();
    addLane(targetOf(kind, name), decoder, () => setName(''));
  };

  const isLiteralGlob = (kind === 'channel' || kind === 'shard') && GLOB_CHARACTERS.test(name);
  const fields = KIND_FIELDS[kind];

  return (
    <form className="add-lane-form" aria-label="Add a lane" onSubmit={onSubmit}>
      <fieldset className="lane-kind">
        <legend>Listen to</legend>
        {TARGET_KINDS.filter((choice) => isCluster || choice !== 'shard').map((choice) => (
          <label key={choice} className="choice">
            <input type="radio" name={`${fieldId}-kind`} checked={kind === choice} onChange={() => setKind(choice)} />
            {KIND_FIELDS[choice].choice}
          </label>
        ))}
      </fieldset>
      <div className="field add-lane-name">
        <label htmlFor={`${fieldId}-name`}>{fields.label}</label>
        <input
          id={`${fieldId}-name`}
          type="text"
          value={name}
          placeholder={fields.placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${fieldId}-hint`}
          onChange={(event) => setName(event.target.value)}
        />
        <p id={`${fieldId}-hint`} className="field-hint">
          {fields.hint}
        </p>
        {isLiteralGlob && (
          <p className="field-warning">
            This name contains {name.match(GLOB_CHARACTERS)?.[0]}, which an exact channel takes literally. Choose Pattern to match several channels.
          </p>
        )}
      </div>
      <DecoderSelect id={`${fieldId}-decoder`} label="Decode as" value={decoder} onChange={setDecoder} />
      <div className="add-lane-submit">
        <button type="submit" className="primary" disabled={!isReady || name === '' || mutation.isPending}>
          {mutation.isPending ? 'Subscribing…' : 'Add lane'}
        </button>
      </div>
      {mutation.error && (
        <div className="add-lane-error">
          <Notice tone="error" role="alert">
            {describeError(mutation.error)}
          </Notice>
        </div>
      )}
    </form>
  );
}
