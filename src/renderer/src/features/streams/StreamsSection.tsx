/**
 * Streams & dead letters: left the profile's streams (SCAN, paged, with
 * their facts), right the opened stream with its facts and three tabs:
 * Entries, Groups & pending, Dead letters.
 */
import { useState } from 'react';
import type { StreamSummary } from '../../../../shared/features/streamsContract';
import type { Profile } from '../../../../shared/profile';
import { formatBytes } from '../../format/formatBytes';
import { DeadLettersPanel } from './DeadLettersPanel';
import { EntriesPanel } from './EntriesPanel';
import { GroupsPanel } from './GroupsPanel';
import { StreamList } from './StreamList';
import { formatEntryTime, retentionText } from './streamFormatting';
import './streams.css';

type StreamTab = 'entries' | 'groups' | 'dead-letters';

export function StreamsSection({ profile }: { profile: Profile }) {
  const [opened, setOpened] = useState<StreamSummary | null>(null);
  const [tab, setTab] = useState<StreamTab>('entries');
  const streamKey = opened?.openKey ?? null;
  return (
    <div className="streams-section">
      <StreamList profileId={profile.id} openedKey={streamKey} onOpen={(stream) => setOpened(stream)} />
      {opened !== null && streamKey !== null ? (
        <section className="card opened-stream" aria-label={`Stream ${streamKey}`}>
          <StreamFacts stream={opened} />
          <div role="tablist">
            <button role="tab" aria-selected={tab === 'entries'} onClick={() => setTab('entries')}>Entries</button>
            <button role="tab" aria-selected={tab === 'groups'} onClick={() => setTab('groups')}>Groups &amp; pending</button>
            <button role="tab" aria-selected={tab === 'dead-letters'} onClick={() => setTab('dead-letters')}>Dead letters</button>
          </div>
          {tab === 'entries' && <EntriesPanel key={streamKey} profileId={profile.id} streamKey={streamKey} />}
          {tab === 'groups' && <GroupsPanel profile={profile} streamKey={streamKey} />}
          {tab === 'dead-letters' && <DeadLettersPanel profile={profile} streamKey={streamKey} />}
        </section>
      ) : (
        <p className="muted opened-stream">List the streams, then choose one to see its entries, groups and dead letters.</p>
      )}
    </div>
  );
}

/** The opened stream's facts as of when it was listed. */
function StreamFacts({ stream }: { stream: StreamSummary }) {
  return (
    <header className="stream-facts">
      <h2 className="mono">
        {stream.key.text}
        {stream.deadLetterOf !== null && <span className="badge dlq-badge">dead letters of {stream.deadLetterOf}</span>}
      </h2>
      <dl>
        <div><dt>Entries</dt><dd>{stream.length.toLocaleString('en-US')}</dd></div>
        <div><dt>First</dt><dd className="mono">{stream.first ? `${stream.first.id} (${formatEntryTime(stream.first.timeMs)})` : '—'}</dd></div>
        <div><dt>Last</dt><dd className="mono">{stream.last ? `${stream.last.id} (${formatEntryTime(stream.last.timeMs)})` : '—'}</dd></div>
        <div><dt>Groups</dt><dd>{stream.groups}</dd></div>
        <div><dt>Memory</dt><dd>{stream.memoryBytes === null ? 'unknown' : formatBytes(stream.memoryBytes)}</dd></div>
      </dl>
      <p className="field-hint">Retention: {retentionText(stream)}</p>
    </header>
  );
}
