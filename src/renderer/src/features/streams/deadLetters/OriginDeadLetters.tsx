/** An origin stream's dead-letter streams (by the profile's naming templates), with their counts; one opens below. */
import { useState } from 'react';
import type { Profile } from '../../../../../shared/profile';
import { describeError } from '../../../api/requestError';
import { Notice } from '../../../components/Notice';
import { DeadLetterStreamView } from './DeadLetterStreamView';
import { useDeadLetterStreamsOf } from './useDeadLetters';
import { countWords } from '../../../../../shared/countWords';

export function OriginDeadLetters({ profile, origin }: { profile: Profile; origin: string }) {
  const list = useDeadLetterStreamsOf(profile.id, origin);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const streams = list.data?.streams ?? [];
  return (
    <section className="dlq-origin" aria-label={`Dead-letter streams of ${origin}`}>
      {list.error && <Notice tone="error">{describeError(list.error)}</Notice>}
      {list.isPending ? (
        <p className="muted">Looking for dead-letter streams…</p>
      ) : streams.length === 0 ? (
        <p className="muted">
          <code>{origin}</code> has no dead-letter stream (looked for {origin}:dlq and dlq:{origin}, or the names set in the profile).
        </p>
      ) : (
        <ul className="dlq-stream-list">
          {streams.map((stream) => (
            <li key={stream.key}>
              <code>{stream.key}</code>: {countWords(stream.count, 'dead letter')}{' '}
              <button type="button" className="compact" onClick={() => setOpenKey(stream.key)} disabled={openKey === stream.key}>
                Show its dead letters
              </button>
            </li>
          ))}
        </ul>
      )}
      {openKey !== null && <DeadLetterStreamView key={openKey} profile={profile} dlqKey={openKey} />}
    </section>
  );
}
