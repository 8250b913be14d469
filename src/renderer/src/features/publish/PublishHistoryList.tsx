import { useId } from 'react';
import type { PublishRecord } from '../../../../shared/publishing';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { formatBytes } from '../../format/formatBytes';
import { formatClockTime } from '../../format/formatClockTime';
import { ENCODING_LABELS, otherReceivers, outcomeShortText, quoteChannel } from './publishDraft';
import { usePublishHistory } from './usePublishHistory';

const MAX_SHOWN_RECORDS = 50;

interface PublishHistoryListProps {
  profileId: string;
  onLoad(record: PublishRecord): void;
}

/** What was published from this console to this server, newest first; "Publish again" loads one into the editor. */
export function PublishHistoryList({ profileId, onLoad }: PublishHistoryListProps) {
  const id = useId();
  const history = usePublishHistory(profileId);
  const records = history.data ?? [];
  return (
    <section className="publish-history" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Published from here</h3>
      {history.error && <Notice tone="error">{describeError(history.error)}</Notice>}
      {records.length === 0 ? (
        <p className="muted">Nothing published to this server yet. Every publish is listed here and written to the audit log.</p>
      ) : (
        <div className="history-table-wrap">
          <table className="history-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Channel</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="number">
                  Receivers
                </th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {records.slice(0, MAX_SHOWN_RECORDS).map((record) => (
                <tr key={record.attemptId} className={`outcome-${record.outcome}${record.outcome === 'delivered' && otherReceivers(record) === 0 ? ' is-unheard' : ''}`}>
                  <td className="mono">{formatClockTime(record.at)}</td>
                  <td className="channel-cell" title={`${ENCODING_LABELS[record.encoding]}, ${formatBytes(record.sizeBytes)}`}>
                    {record.command === 'spublish' && <span className="muted">sharded · </span>}
                    {quoteChannel(record.channel)}
                  </td>
                  <td title={record.outcome === 'delivered' ? undefined : record.reason}>{outcomeShortText(record)}</td>
                  <td className="number" title={record.outcome === 'delivered' && record.ownReceivers > 0 ? `Not counting Labwire itself (Redis counted ${record.receivers})` : undefined}>
                    {record.outcome === 'delivered' ? otherReceivers(record) : '—'}
                  </td>
                  <td className="action-cell">
                    <button
                      type="button"
                      className="compact"
                      disabled={record.isPayloadTruncated}
                      title={record.isPayloadTruncated ? 'Only the first 4 KiB of this payload was kept, so it cannot be loaded whole.' : 'Load this message into the editor'}
                      aria-label={`Publish again: load the ${formatClockTime(record.at)} message to ${quoteChannel(record.channel)} into the editor`}
                      onClick={() => onLoad(record)}
                    >
                      Publish again
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
