/**
 * Consumer groups of one stream: the groups with their consumers, idle
 * times and lag (explained), the pending-entries explorer of the chosen
 * group, and the actions (ack, claim, autoclaim, create, set id, delete a
 * consumer, destroy), each asked first and answered in plain words. A
 * read-only profile shows the actions disabled with the reason; the bus
 * refuses them anyway.
 */
import { useQuery } from '@tanstack/react-query';
import { useLayoutEffect, useState } from 'react';
import type { StreamGroups } from '../../../../shared/features/streamGroupsContract';
import { UNNAMED_OPERATOR } from '../../../../shared/profile';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { formatClockTime } from '../../format/formatClockTime';
import { useLabwireApi } from '../../transport/transportContext';
import { countWords } from '../../../../shared/countWords';
import { GroupDialogFields } from './groups/GroupDialogFields';
import { blockedBecause, dialogText, EMPTY_FIELDS, type DialogFields, type GroupDialog } from './groups/groupDialogs';
import { GroupsTable } from './groups/GroupsTable';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { MoveToDeadLettersButton } from './deadLetters/MoveToDeadLettersButton';
import { PendingExplorer } from './groups/PendingExplorer';
import { TrimGuard } from './groups/TrimGuard';
import { useGroupAction } from './groups/useGroupAction';
import type { StreamPanelProps } from './streamPanelProps';
import './groups/streamGroups.css';

/** `onDidReadGroups`: each read, so the header above shows the stream's counts of the same instant. */
export function GroupsPanel({ profile, streamKey, onDidReadGroups }: StreamPanelProps & { onDidReadGroups(read: StreamGroups, readAt: number): void }) {
  const api = useLabwireApi();
  const [selectedGroup, setSelectedGroup] = useState<string | null>(null);
  const [dialog, setDialog] = useState<GroupDialog | null>(null);
  const [fields, setFields] = useState<DialogFields>(EMPTY_FIELDS);
  const [revision, setRevision] = useState(0);
  const groups = useQuery<StreamGroups>({
    queryKey: ['groups', 'list', profile.id, streamKey, revision],
    queryFn: () => callBus(api, 'groups:list', { profileId: profile.id, key: streamKey }),
    staleTime: 0,
    refetchInterval: 5_000,
  });
  // A layout effect: the header's update renders before the browser paints the new table, never a frame apart.
  useLayoutEffect(() => {
    if (groups.data) onDidReadGroups(groups.data, groups.dataUpdatedAt);
    // Only a new read is news; the callback is a new function every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [groups.data, groups.dataUpdatedAt]);
  const action = useGroupAction(profile.id, streamKey, () => setRevision((value) => value + 1));
  const lockedBecause = profile.isReadOnly ? `"${profile.name}" is read-only: Labwire will not change its streams.` : null;
  const list = groups.data;
  const shownGroup = selectedGroup ?? list?.groups[0]?.name ?? null;

  const open = (next: GroupDialog, initial: Partial<DialogFields> = {}): void => {
    setFields({ ...EMPTY_FIELDS, ...initial });
    setDialog(next);
  };
  const confirm = (): void => {
    if (!dialog) return;
    action.run(dialog, fields);
    setDialog(null);
  };
  const text = dialog ? dialogText(dialog, streamKey) : null;

  return (
    <div className="groups-panel">
      {profile.operatorName.trim() === '' && !profile.isReadOnly && (
        <Notice tone="info">
          Actions here are audited as “{UNNAMED_OPERATOR}”. Set your name in the profile settings (Operator name) so colleagues know who acted.
        </Notice>
      )}
      {groups.error && (
        <Notice tone="error" role="alert">
          {describeError(groups.error)}
        </Notice>
      )}
      {list && (
        <>
          <p className="groups-summary">
            {/* The header above shows this same read (stream and groups in one transaction), so its Entries agree with the table. */}
            {countWords(list.groups.length, 'consumer group')} on <span className="mono">{streamKey}</span>, read at{' '}
            {formatClockTime(groups.dataUpdatedAt)} (every 5 s) with the stream facts above ·{' '}
            <span className="muted">{list.lagExplained}</span>
          </p>
          {list.server.offered.length > 0 && (
            <p className="muted">
              This server ({list.server.version}) also offers {list.server.offered.join(', ')}.
            </p>
          )}
          {list.groups.length === 0 ? (
            <p className="muted">No consumer group reads this stream.</p>
          ) : (
            <GroupsTable
              groups={list}
              selectedGroup={shownGroup}
              lockedBecause={lockedBecause}
              onSelect={setSelectedGroup}
              onSetId={(group) => open({ kind: 'setId', group: group.name, lastDeliveredId: group.lastDeliveredId }, { id: group.lastDeliveredId })}
              onDestroy={(group) => open({ kind: 'destroy', group: group.name, pending: group.pending })}
              onDeleteConsumer={(group, consumer, pending) => open({ kind: 'deleteConsumer', group: group.name, consumer, pending })}
            />
          )}
          <div className="button-row">
            <button type="button" disabled={lockedBecause !== null} title={lockedBecause ?? undefined} onClick={() => open({ kind: 'create' })}>
              New consumer group…
            </button>
          </div>
          <TrimGuard profileId={profile.id} streamKey={streamKey} lockedBecause={lockedBecause} onDone={() => setRevision((value) => value + 1)} />
        </>
      )}
      {action.outcome && (
        <Notice tone={action.outcome.tone} role="status">
          {action.outcome.text}
          {action.outcome.deletedIds.length > 0 && (
            <>
              {' '}
              Deleted while pending (data lost): <span className="mono deleted-ids">{action.outcome.deletedIds.join(', ')}</span>
            </>
          )}
        </Notice>
      )}
      {action.error && (
        <Notice tone="error" role="alert">
          {action.error}
        </Notice>
      )}
      {shownGroup !== null && list?.groups.some((group) => group.name === shownGroup) && (
        <PendingExplorer
          profileId={profile.id}
          streamKey={streamKey}
          group={shownGroup}
          lockedBecause={lockedBecause}
          revision={revision}
          onAck={(ids) => open({ kind: 'ack', group: shownGroup, ids })}
          onClaim={(ids) => open({ kind: 'claim', group: shownGroup, ids })}
          onAutoclaim={(minIdleMs) => open({ kind: 'autoclaim', group: shownGroup, minIdleMs }, { minIdle: `${Math.round(minIdleMs / 1000)} s` })}
          moveAction={(ids) => (
            <MoveToDeadLettersButton profile={profile} origin={streamKey} group={shownGroup} ids={ids} onDidMove={() => setRevision((value) => value + 1)} />
          )}
        />
      )}
      {dialog && text && (
        <ConfirmDialog isOpen title={text.title} message={text.message} confirmLabel={text.confirmLabel} isDangerous={text.isDangerous} blockedBecause={blockedBecause(dialog, fields)} onCancel={() => setDialog(null)} onConfirm={confirm}>
          <GroupDialogFields dialog={dialog} fields={fields} onChange={setFields} />
        </ConfirmDialog>
      )}
    </div>
  );
}
