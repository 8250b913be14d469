/**
 * Streams & dead letters. (Scaffold: a key field opens a stream; the list of
 * the profile's streams replaces it.) An opened stream has three tabs:
 * Entries, Groups & pending, Dead letters.
 */
import { useState, type FormEvent } from 'react';
import type { Profile } from '../../../../shared/profile';
import { DeadLettersPanel } from './DeadLettersPanel';
import { GroupsPanel } from './GroupsPanel';

type StreamTab = 'entries' | 'groups' | 'dead-letters';

export function StreamsSection({ profile }: { profile: Profile }) {
  const [draftKey, setDraftKey] = useState('');
  const [streamKey, setStreamKey] = useState<string | null>(null);
  const [tab, setTab] = useState<StreamTab>('entries');
  const open = (event: FormEvent): void => {
    event.preventDefault();
    if (draftKey !== '') setStreamKey(draftKey);
  };
  return (
    <div className="streams-section">
      <form onSubmit={open}>
        <label>
          Stream key <input value={draftKey} onChange={(event) => setDraftKey(event.target.value)} />
        </label>
        <button type="submit">Open</button>
      </form>
      {streamKey !== null && (
        <section aria-label={`Stream ${streamKey}`}>
          <div role="tablist">
            <button role="tab" aria-selected={tab === 'entries'} onClick={() => setTab('entries')}>Entries</button>
            <button role="tab" aria-selected={tab === 'groups'} onClick={() => setTab('groups')}>Groups &amp; pending</button>
            <button role="tab" aria-selected={tab === 'dead-letters'} onClick={() => setTab('dead-letters')}>Dead letters</button>
          </div>
          {tab === 'groups' && <GroupsPanel profile={profile} streamKey={streamKey} />}
          {tab === 'dead-letters' && <DeadLettersPanel profile={profile} streamKey={streamKey} />}
          {tab === 'entries' && <p className="muted">Entries of {streamKey} are not shown in this version yet.</p>}
        </section>
      )}
    </div>
  );
}
