import { useId, useState, type FormEvent } from 'react';
import { checkFilterLine } from './laneDescriptions';

interface LaneFilterFieldProps {
  laneName: string;
  /** The filter the bus applies now ('' for none). */
  appliedFilter: string;
  isBusy: boolean;
  onApply(filter: string): void;
}

/**
 * The lane's filter, checked as it is typed with the bus's own parser, so a
 * mistake shows before it is applied. Applied on Enter or with the button.
 */
export function LaneFilterField({ laneName, appliedFilter, isBusy, onApply }: LaneFilterFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(appliedFilter);
  const check = checkFilterLine(draft);
  const isChanged = draft.trim() !== appliedFilter.trim();

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (check.state !== 'invalid') onApply(draft.trim());
  };

  return (
    <form className="lane-filter" aria-label={`Filter for ${laneName}`} onSubmit={onSubmit}>
      <div className="lane-filter-row">
        <label htmlFor={`${id}-filter`} className="lane-filter-label">
          Filter
        </label>
        <input
          id={`${id}-filter`}
          type="text"
          className="mono-input"
          value={draft}
          placeholder="text, or data.device_id == mushroom1"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={check.state === 'invalid' ? true : undefined}
          aria-describedby={`${id}-check`}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" disabled={!isChanged || check.state === 'invalid' || isBusy}>
          Apply
        </button>
        {appliedFilter !== '' && (
          <button
            type="button"
            disabled={isBusy}
            onClick={() => {
              setDraft('');
              onApply('');
            }}
          >
            Clear filter
          </button>
        )}
      </div>
      <p id={`${id}-check`} className={check.state === 'invalid' ? 'field-problem' : 'field-hint'} aria-live="polite">
        {check.state === 'invalid'
          ? check.problem
          : check.state === 'valid'
            ? `${isChanged ? 'Press Enter to apply. ' : ''}${check.meaning}`
            : isChanged
              ? 'Press Enter to remove the filter.'
              : ''}
      </p>
    </form>
  );
}
