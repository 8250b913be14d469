/**
 * Streams & dead letters: left the profile's streams (SCAN, paged, with
 * their facts), right the opened stream with its facts and four tabs:
 * Entries, Groups & pending, Dead letters, Audit.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { StreamSummary } from '../../../../shared/features/streamsContract';
import type { Profile } from '../../../../shared/profile';
import { callBus } from '../../api/callBus';
import { Notice } from '../../components/Notice';
import { formatBytes } from '../../format/formatBytes';
import { useLabwireApi } from '../../transport/transportContext';
import { AuditPanel } from './AuditPanel';
import { DeadLettersPanel } from './DeadLettersPanel';
import { EntriesPanel } from './EntriesPanel';
import { GroupsPanel } from './GroupsPanel';
import { StreamList } from './StreamList';
import { formatEntryTime, retentionText } from './streamFormatting';
import './streams.css';

type StreamTab = 'entries' | 'groups' | 'dead-letters' | 'audit';

export function StreamsSection({ profile }: { profile: Profile }) {
  const [opened, setOpened] = useState<StreamSummary | null>(null);
  const [tab, setTab] = useState<StreamTab>('entries');
  // A name that is not UTF-8 is sent as its exact bytes; `streamKey` is then the text shown for it.
  const streamKey = opened === null ? null : (opened.openKey ?? opened.key.text);
  const keyBase64 = opened !== null && opened.openKey === null ? opened.keyBase64 : undefined;
  const facts = useFreshFacts(profile.id, opened);
  return (
    <div className="streams-section">
      <StreamList profileId={profile.id} openedKey={opened?.keyBase64 ?? null} onOpen={(stream) => setOpened(stream)} />
      {opened !== null && streamKey !== null && facts.stream !== null ? (
        <section className="card opened-stream" aria-label={`Stream ${streamKey}`}>
          <StreamFacts stream={facts.stream} readAt={facts.readAt} />
          <div role="tablist">
            <button role="tab" aria-selected={tab === 'entries'} onClick={() => setTab('entries')}>Entries</button>
            <button role="tab" aria-selected={tab === 'groups'} onClick={() => setTab('groups')}>Groups &amp; pending</button>
            <button role="tab" aria-selected={tab === 'dead-letters'} onClick={() => setTab('dead-letters')}>Dead letters</button>
            <button role="tab" aria-selected={tab === 'audit'} onClick={() => setTab('audit')}>Audit</button>
          </div>
          {tab === 'entries' && <EntriesPanel key={opened.keyBase64} profileId={profile.id} streamKey={streamKey} keyBase64={keyBase64} />}
          {tab === 'audit' && <AuditPanel profileId={profile.id} streamKey={streamKey} />}
          {(tab === 'groups' || tab === 'dead-letters') && keyBase64 !== undefined && (
            <Notice tone="warning">
              This stream&apos;s name is not UTF-8 text, so its groups and dead letters cannot be worked from here yet. Its entries can be read on the Entries tab.
            </Notice>
          )}
          {tab === 'groups' && keyBase64 === undefined && <GroupsPanel profile={profile} streamKey={streamKey} />}
          {tab === 'dead-letters' && keyBase64 === undefined && <DeadLettersPanel profile={profile} streamKey={streamKey} />}
        </section>
      ) : (
        <p className="muted opened-stream">List the streams, then choose one to see its entries, groups and dead letters.</p>
      )}
    </div>
  );
}

/** How often the opened stream's facts are read again: they move while the stream is worked. */
const FACTS_REFRESH_MS = 5_000;

/** A Redis glob that matches exactly this key (`*`, `?`, `[`, `]` and `\` escaped). */
function exactKeyPattern(key: string): string {
  return key.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}

/**
 * The opened stream's facts, read again every few seconds so the header
 * agrees with the panels below it; until the first answer (or when SCAN
 * does not reach the key in one request), the facts from the list, with
 * the time they were read.
 */
function useFreshFacts(profileId: string, opened: StreamSummary | null): { stream: StreamSummary; readAt: number } | { stream: null; readAt: number } {
  const api = useLabwireApi();
  // SCAN MATCH takes text: a name that is not UTF-8 keeps the facts from the list.
  const key = opened?.openKey ?? null;
  const fresh = useQuery({
    queryKey: ['streams', 'facts', profileId, key],
    queryFn: async () => ({ page: await callBus(api, 'streams:list', { profileId, pattern: exactKeyPattern(key ?? ''), cursor: '0', count: 10 }), readAt: Date.now() }),
    enabled: key !== null,
    refetchInterval: FACTS_REFRESH_MS,
  });
  const found = fresh.data?.page.streams.find((stream) => stream.openKey === key);
  if (found && fresh.data) return { stream: found, readAt: fresh.data.readAt };
  return opened === null ? { stream: null, readAt: 0 } : { stream: opened, readAt: key === null ? 0 : fresh.dataUpdatedAt || 0 };
}

/** The opened stream's facts, and when they were read. */
function StreamFacts({ stream, readAt }: { stream: StreamSummary; readAt: number }) {
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
      <p className="field-hint">
        Retention: {retentionText(stream)}
        {readAt > 0 && <> Facts as of {new Date(readAt).toLocaleTimeString()}, read every {FACTS_REFRESH_MS / 1000} s.</>}
      </p>
    </header>
  );
}
