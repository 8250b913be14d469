/**
 * "Move to dead letters" for pending entries, for the groups panel to place
 * next to its pending list: asks for a reason and a confirmation, then moves
 * each entry with the atomic move script and says what happened to each.
 */
import { useState } from 'react';
import { deadLetterKeysOf, deadLetterTemplatesOf } from '../../../../../shared/deadLetterNames';
import type { MoveOutcome } from '../../../../../shared/features/deadLettersContract';
import type { Profile } from '../../../../../shared/profile';
import { describeError } from '../../../api/requestError';
import { useBusMutation } from '../../../api/useBusMutation';
import { Notice } from '../../../components/Notice';

interface MoveToDeadLettersButtonProps {
  profile: Profile;
  origin: string;
  group: string;
  /** Pending entry ids of `group` to move. */
  ids: readonly string[];
  onDidMove?(outcomes: MoveOutcome[]): void;
}

export function MoveToDeadLettersButton({ profile, origin, group, ids, onDidMove }: MoveToDeadLettersButtonProps) {
  const move = useBusMutation('dlq:move');
  const [isAsking, setIsAsking] = useState(false);
  const [reason, setReason] = useState('');
  const templates = deadLetterTemplatesOf(profile);
  const dlqKey = deadLetterKeysOf(origin, templates)[0] ?? `${origin}:dlq`;
  if (profile.isReadOnly) return null;
  const submit = (): void =>
    move.mutate(
      { profileId: profile.id, origin, group, dlqKey, ids: [...ids], reason, isConfirmed: true },
      {
        onSuccess: (value) => {
          setIsAsking(false);
          onDidMove?.(value.outcomes);
        },
      },
    );
  const outcomes = move.data?.outcomes ?? [];
  const moved = outcomes.filter((outcome) => outcome.state === 'moved').length;
  return (
    <div className="dlq-move">
      {isAsking ? (
        <div className="button-row">
          <label>
            Reason <input value={reason} onChange={(event) => setReason(event.target.value)} placeholder="e.g. payload cannot be parsed" />
          </label>
          <button type="button" onClick={() => setIsAsking(false)}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={submit} disabled={move.isPending}>
            Move {ids.length} to {dlqKey}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setIsAsking(true)} disabled={ids.length === 0}>
          Move to dead letters…
        </button>
      )}
      {move.data && (
        <p role="status">
          Moved {moved} of {outcomes.length} to {dlqKey}
          {outcomes.length > moved ? `; ${outcomes.length - moved} were no longer pending or failed (see the audit).` : '.'}
        </p>
      )}
      {move.error && (
        <Notice tone="error" role="alert">
          {describeError(move.error)}
        </Notice>
      )}
    </div>
  );
}
