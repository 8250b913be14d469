import { useId, useState, type FormEvent } from 'react';
import { sequenceFieldHint } from './laneSequenceText';

interface LaneSequenceFieldProps {
  laneName: string;
  /** As the bus has it: undefined for the default fields, '' for none. */
  appliedField: string | undefined;
  isBusy: boolean;
  /** null: back to the default fields; '': not checked. */
  onApply(field: string | null): void;
}

/** Which field of a message holds its sequence number, in the lane's settings. Empty means found automatically. */
export function LaneSequenceField({ laneName, appliedField, isBusy, onApply }: LaneSequenceFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(appliedField ?? '');
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    onApply(draft.trim() === '' ? null : draft.trim());
  };
  return (
    <details className="lane-settings">
      <summary>Settings</summary>
      <form className="lane-filter" aria-label={`Sequence field for ${laneName}`} onSubmit={onSubmit}>
        <div className="lane-filter-row">
          <label htmlFor={`${id}-sequence`} className="lane-filter-label">
            Sequence field
          </label>
          <input
            id={`${id}-sequence`}
            type="text"
            className="mono-input"
            value={draft}
            placeholder="found automatically"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-hint`}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" disabled={isBusy}>
            Apply
          </button>
          {appliedField !== '' && (
            <button type="button" disabled={isBusy} onClick={() => onApply('')}>
              Don&apos;t check
            </button>
          )}
        </div>
        <p id={`${id}-hint`} className="field-hint">
          {sequenceFieldHint(appliedField)} Changing it starts the counts again.
        </p>
      </form>
    </details>
  );
}
