/**
 * Streams & dead letters: left the profile's streams (SCAN, paged, with
 * their facts), right the opened stream with its facts and four tabs:
 * Entries, Groups & pending, Dead letters, Audit.
 */
import { useState } from 'react';
import type { StreamGroups } from '../../../../shared/features/streamGroupsContract';
import type { StreamSummary } from '../../../../shared/features/streamsContract';
import type { Profile } from '../../../../shared/profile';
import { formatCount } from '../../../../shared/countWords';
import { Notice } from '../../components/Notice';
import { formatBytes } from '../../format/formatBytes';
import { formatClockTime } from '../../format/formatClockTime';
import { REMEMBERED_KEYS, useRememberedChoice } from '../shell/useRememberedChoice';
import { AuditPanel } from './AuditPanel';
import { DeadLettersPanel } from './DeadLettersPanel';
import type { CountAt } from './deadLetters/deadLetterCounts';
import { EntriesPanel } from './EntriesPanel';
import { GroupsPanel } from './GroupsPanel';
import { factsFromGroupsRead } from './groups/groupsReadFacts';
import { FACTS_REFRESH_MS, StreamList } from './StreamList';
import { formatEntryTime, retentionText } from './streamFormatting';
import './streams.css';

const STREAM_TABS = ['entries', 'groups', 'dead-letters', 'audit'] as const;
type StreamTab = (typeof STREAM_TABS)[number];

export function StreamsSection({ profile }: { profile: Profile }) {
  // The opened stream's facts and when they were read: the list's own reads, so header and list agree.
  const [openedFacts, setOpenedFacts] = useState<{ stream: StreamSummary; readAt: number } | null>(null);
  const opened = openedFacts?.stream ?? null;
  // The Groups tab's last read (stream counts and groups in one transaction): while that tab is open the header shows it.
  // Every fresh read of the listed streams' facts: a panel showing its own, older count of one of them says so.
  const [listedFacts, setListedFacts] = useState<{ streams: readonly StreamSummary[]; readAt: number } | null>(null);
  const listedCountOf = (key: string): CountAt | null => {
    const stream = listedFacts?.streams.find((candidate) => candidate.openKey === key);
    return stream === undefined || listedFacts === null ? null : { entries: stream.length, readAt: listedFacts.readAt };
  };
  const [groupsRead, setGroupsRead] = useState<{ key: string; read: StreamGroups; readAt: number } | null>(null);
  // The opened stream and its tab outlive a switch to another section and a reload: the first facts that name it open it again.
  const [rememberedStream, setRememberedStream] = useRememberedChoice(`${REMEMBERED_KEYS.openedStream}:${profile.id}`);
  const [rememberedTab, setRememberedTab] = useRememberedChoice(`${REMEMBERED_KEYS.streamTab}:${profile.id}`);
  const [listFold, setListFold] = useRememberedChoice(REMEMBERED_KEYS.streamList);
  const isListCollapsed = listFold === 'collapsed';
  const tab: StreamTab = STREAM_TABS.find((candidate) => candidate === rememberedTab) ?? 'entries';
  const setTab = (next: StreamTab): void => setRememberedTab(next);
  const open = (stream: StreamSummary, readAt: number): void => {
    setRememberedStream(stream.keyBase64);
    setOpenedFacts({ stream, readAt });
  };
  // A name that is not UTF-8 is sent as its exact bytes; `streamKey` is then the text shown for it.
  const streamKey = opened === null ? null : (opened.openKey ?? opened.key.text);
  const keyBase64 = opened !== null && opened.openKey === null ? opened.keyBase64 : undefined;
  const onFacts = (streams: readonly StreamSummary[], readAt: number): void => {
    setListedFacts({ streams, readAt });
    setOpenedFacts((current) => {
      const wanted = current?.stream.keyBase64 ?? rememberedStream;
      const fresh = wanted === null ? undefined : streams.find((stream) => stream.keyBase64 === wanted);
      return fresh === undefined ? current : { stream: fresh, readAt };
    });
  };
  return (
    <div className={isListCollapsed ? 'streams-section is-list-collapsed' : 'streams-section'}>
      <StreamList
        profileId={profile.id}
        openedKey={opened?.keyBase64 ?? rememberedStream}
        onOpen={open}
        onFacts={onFacts}
        isCollapsed={isListCollapsed}
        onToggleCollapsed={() => setListFold(isListCollapsed ? null : 'collapsed')}
      />
      {openedFacts !== null && opened !== null && streamKey !== null ? (
        <section className="card opened-stream" aria-label={`Stream ${streamKey}`}>
          {tab === 'groups' && groupsRead !== null && groupsRead.key === streamKey ? (
            <StreamFacts stream={factsFromGroupsRead(openedFacts.stream, groupsRead.read)} readAt={groupsRead.readAt} />
          ) : (
            <StreamFacts stream={openedFacts.stream} readAt={openedFacts.readAt} />
          )}
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
          {tab === 'groups' && keyBase64 === undefined && <GroupsPanel profile={profile} streamKey={streamKey} onDidReadGroups={(read, readAt) => setGroupsRead({ key: streamKey, read, readAt })} />}
          {tab === 'dead-letters' && keyBase64 === undefined && <DeadLettersPanel profile={profile} streamKey={streamKey} listedCountOf={listedCountOf} />}
        </section>
      ) : (
        <p className="muted opened-stream">Choose a stream in the list to see its entries, groups and dead letters.</p>
      )}
    </div>
  );
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
        <div><dt>Entries</dt><dd>{formatCount(stream.length)}</dd></div>
        <div><dt>First</dt><dd className="mono">{stream.first ? `${stream.first.id} (${formatEntryTime(stream.first.timeMs)})` : '—'}</dd></div>
        <div><dt>Last</dt><dd className="mono">{stream.last ? `${stream.last.id} (${formatEntryTime(stream.last.timeMs)})` : '—'}</dd></div>
        <div><dt>Groups</dt><dd>{stream.groups}</dd></div>
        <div><dt>Memory</dt><dd>{stream.memoryBytes === null ? 'unknown' : formatBytes(stream.memoryBytes)}</dd></div>
      </dl>
      <p className="field-hint">
        Retention: {retentionText(stream)}
        {readAt > 0 && <> Facts as of {formatClockTime(readAt)}, read every {FACTS_REFRESH_MS / 1000} s.</>}
      </p>
    </header>
  );
}
