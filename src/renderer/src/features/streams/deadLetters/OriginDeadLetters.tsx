/** An origin stream's dead-letter streams (by the profile's naming templates), with their counts; one opens below. */
import { useState } from 'react';
import type { Profile } from '../../../../../shared/profile';
import { describeError } from '../../../api/requestError';
import { Notice } from '../../../components/Notice';
import { formatClockTime } from '../../../format/formatClockTime';
import { newestCount, type CountAt } from './deadLetterCounts';
import { DeadLetterStreamView } from './DeadLetterStreamView';
import { useDeadLetterStreamsOf } from './useDeadLetters';
import { countWords } from '../../../../../shared/countWords';

interface OriginDeadLettersProps {
  profile: Profile;
  origin: string;
  /** A stream's count as the stream list last read it, or null when it is not listed. */
  listedCountOf(key: string): CountAt | null;
}

export function OriginDeadLetters({ profile, origin, listedCountOf }: OriginDeadLettersProps) {
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
          {streams.map((stream) => {
            // The newer of this list's count and the stream list's, with its time: the two are read at different moments.
            const count = newestCount({ entries: stream.count, readAt: list.dataUpdatedAt }, listedCountOf(stream.key));
            return (
              <li key={stream.key}>
                <code>{stream.key}</code>: {countWords(count.entries, 'dead letter')} <span className="muted">at {formatClockTime(count.readAt)}</span>{' '}
                <button type="button" className="compact" onClick={() => setOpenKey(stream.key)} disabled={openKey === stream.key}>
                  Show its dead letters
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {openKey !== null && <DeadLetterStreamView key={openKey} profile={profile} dlqKey={openKey} listed={listedCountOf(openKey)} />}
    </section>
  );
}
