import { useId, useState, type FormEvent } from 'react';
import type { DecoderChoice, LaneTarget } from '../../../../shared/liveChannels';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { DecoderSelect } from './DecoderSelect';
import { useAddLane } from './useLaneActions';

type TargetKind = LaneTarget['kind'];

const GLOB_CHARACTERS = /[*?[\]]/;

interface AddLaneFormProps {
  profileId: string;
  isReady: boolean;
}

/** Subscribe to one exact channel (SUBSCRIBE) or to every channel a pattern matches (PSUBSCRIBE). */
export function AddLaneForm({ profileId, isReady }: AddLaneFormProps) {
  const fieldId = useId();
  const [kind, setKind] = useState<TargetKind>('pattern');
  const [name, setName] = useState('');
  const [decoder, setDecoder] = useState<DecoderChoice>('auto');
  const { mutation, addLane } = useAddLane(profileId);

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    mutation.reset();
    const target: LaneTarget = kind === 'channel' ? { kind, name } : { kind, pattern: name };
    addLane(target, decoder, () => setName(''));
  };

  const isLiteralGlob = kind === 'channel' && GLOB_CHARACTERS.test(name);
  const hint =
    kind === 'channel'
      ? 'The name is used exactly as typed: a * in it is just a character.'
      : '* matches any characters, ? matches one, [abc] matches one of a, b or c.';

  return (
    <form className="add-lane-form" aria-label="Add a lane" onSubmit={onSubmit}>
      <fieldset className="lane-kind">
        <legend>Listen to</legend>
        <label className="choice">
          <input type="radio" name={`${fieldId}-kind`} checked={kind === 'channel'} onChange={() => setKind('channel')} />
          Exact channel
        </label>
        <label className="choice">
          <input type="radio" name={`${fieldId}-kind`} checked={kind === 'pattern'} onChange={() => setKind('pattern')} />
          Pattern (* ? [ ])
        </label>
      </fieldset>
      <div className="field add-lane-name">
        <label htmlFor={`${fieldId}-name`}>{kind === 'channel' ? 'Channel name' : 'Channel pattern'}</label>
        <input
          id={`${fieldId}-name`}
          type="text"
          value={name}
          placeholder={kind === 'channel' ? 'devices:telemetry' : 'user:*:raw'}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${fieldId}-hint`}
          onChange={(event) => setName(event.target.value)}
        />
        <p id={`${fieldId}-hint`} className="field-hint">
          {hint}
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
