/**
 * The dead letters of one stream. A dead-letter stream (named by one of the
 * profile's templates) shows its entries with replay and discard; any other
 * stream shows its dead-letter streams, with counts, to open.
 */
import { DEFAULT_DEAD_LETTER_TEMPLATES, deadLetterOrigin } from '../../../../shared/deadLetterNames';
import type { Profile } from '../../../../shared/profile';
import './deadLetters/deadLetters.css';
import { DeadLetterStreamView } from './deadLetters/DeadLetterStreamView';
import { OriginDeadLetters } from './deadLetters/OriginDeadLetters';
import type { CountAt } from './deadLetters/deadLetterCounts';
import type { StreamPanelProps } from './streamPanelProps';

interface DeadLettersPanelProps extends StreamPanelProps {
  /** A stream's count as the stream list last read it (every few seconds), or null when it is not listed. */
  listedCountOf(key: string): CountAt | null;
}

export function DeadLettersPanel({ profile, streamKey, listedCountOf }: DeadLettersPanelProps) {
  const templates = (profile as Profile & { deadLetterTemplates?: readonly string[] }).deadLetterTemplates ?? DEFAULT_DEAD_LETTER_TEMPLATES;
  const origin = deadLetterOrigin(streamKey, templates);
  if (origin !== null) {
    return (
      <div className="dlq-panel">
        <p className="field-hint">
          A dead-letter stream of <code>{origin}</code>. A replay adds each entry back to its origin once, with a <code>replayed_from</code> field, and
          removes it here; a second replay of the same entry adds nothing.
        </p>
        <DeadLetterStreamView profile={profile} dlqKey={streamKey} listed={listedCountOf(streamKey)} />
      </div>
    );
  }
  return (
    <div className="dlq-panel">
      <OriginDeadLetters profile={profile} origin={streamKey} listedCountOf={listedCountOf} />
    </div>
  );
}
