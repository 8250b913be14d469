/** The streams audit read back: who did what to which stream, and what Redis refused with its reason. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { StreamAuditRecord } from '../../../../shared/features/streamGroupsContract';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { useLabwireApi } from '../../transport/transportContext';
import { formatEntryTime } from './streamFormatting';
import { countWords, formatCount } from '../../../../shared/countWords';

const SHOWN_RECORDS = 100;
/** Actions land while the tab is open (a colleague, a bulk run): read again every few seconds. */
const AUDIT_REFRESH_MS = 5_000;

const ACTION_WORDS: Readonly<Record<string, string>> = {
  ack: 'acknowledge',
  claim: 'claim',
  autoclaim: 'autoclaim',
  'group-create': 'create group',
  'group-set-id': 'set group id',
  'consumer-delete': 'delete consumer',
  'group-destroy': 'destroy group',
  trim: 'trim',
  'dlq-move': 'move to dead letters',
  'dlq-replay': 'replay',
  'dlq-discard': 'discard',
};

export function AuditPanel({ profileId, streamKey }: { profileId: string; streamKey: string }) {
  const api = useLabwireApi();
  const [isThisStreamOnly, setThisStreamOnly] = useState(true);
  const audit = useQuery({
    queryKey: ['streams', 'audit', profileId, isThisStreamOnly ? streamKey : null],
    queryFn: () => callBus(api, 'groups:audit', { profileId, ...(isThisStreamOnly ? { stream: streamKey } : {}), limit: SHOWN_RECORDS }),
    refetchInterval: AUDIT_REFRESH_MS,
  });
  const page = audit.data;
  const refused = page?.records.filter((record) => record.outcome === 'refused').length ?? 0;
  return (
    <section className="audit-panel" aria-label="Audit of stream actions">
      <div className="entries-toolbar">
        <label>
          <input type="checkbox" checked={isThisStreamOnly} onChange={(event) => setThisStreamOnly(event.target.checked)} /> This stream only
        </label>
        {page && (
          <span className="muted" role="status">
            {page.records.length === 0
              ? 'No action taken in Labwire here yet (acks, claims, moves, replays, trims). What your own services do to the stream is not in this audit.'
              : `The newest ${formatCount(page.records.length)} of ${countWords(page.matched, 'recorded action')}, ${formatCount(refused)} of them refused by Redis. Kept in the local audit log (and the ${'labwire:audit'} stream where the user may write).`}
          </span>
        )}
      </div>
      {audit.error && <Notice tone="error">{describeError(audit.error)}</Notice>}
      {page?.problem !== undefined && <Notice tone="warning">{page.problem}</Notice>}
      <div className="entries-table-wrap">
        <table className="entries-table audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Operator</th>
              <th scope="col">Action</th>
              {!isThisStreamOnly && <th scope="col">Stream</th>}
              <th scope="col">Group</th>
              <th scope="col">Outcome</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {page?.records.map((record, index) => <AuditRow key={`${record.at}-${index}`} record={record} isStreamShown={!isThisStreamOnly} />)}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AuditRow({ record, isStreamShown }: { record: StreamAuditRecord; isStreamShown: boolean }) {
  const isRefused = record.outcome === 'refused';
  return (
    <tr className={isRefused ? 'is-refused' : undefined}>
      <td className="nowrap">{formatEntryTime(Date.parse(record.at))}</td>
      <td>{record.operator}</td>
      <td>{ACTION_WORDS[record.action] ?? record.action}</td>
      {isStreamShown && <td className="mono">{record.stream}</td>}
      <td className="mono">{record.group}</td>
      <td>{isRefused ? <span className="badge refused-badge">refused</span> : 'done'}</td>
      <td className="audit-summary">
        {record.summary}
        {record.idCount > 0 && <span className="muted"> ({countWords(record.idCount, 'id')})</span>}
      </td>
    </tr>
  );
}
