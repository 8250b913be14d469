/** Every state change, newest first, who and when; the CSV export downloads the whole kept history. */
import { useState } from 'react';
import type { Profile } from '../../../../shared/profile';
import { callBus } from '../../api/callBus';
import { Notice } from '../../components/Notice';
import { useLabwireApi } from '../../transport/transportContext';
import { formatClockTime } from '../../format/formatClockTime';
import { changedByText, dayName } from './alertWords';
import { useAlertHistory } from './useAlerts';

export function AlertHistoryView({ profile }: { profile: Profile }) {
  const api = useLabwireApi();
  const history = useAlertHistory(profile.id, true);
  const [exportProblem, setExportProblem] = useState<string | null>(null);

  const exportCsv = async (): Promise<void> => {
    setExportProblem(null);
    try {
      const { csv } = await callBus(api, 'alerts:exportCsv', { profileId: profile.id });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      link.download = `labwire-alerts-${profile.name.replace(/[^\w-]+/g, '_')}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      setExportProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div className="alert-history">
      <div className="button-row">
        <span className="muted">The newest 200 changes; the export has all that is kept.</span>
        <span className="button-row-spacer" />
        <button type="button" className="button" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>
      {exportProblem && <Notice tone="error" title="The export failed">{exportProblem}</Notice>}
      {history.error && <Notice tone="error" title="The history could not be read">{history.error.message}</Notice>}
      {history.data && history.data.length === 0 && <p className="muted">No alert has changed state yet.</p>}
      {/* Three columns, not five: the alerts panel is about 300 px wide, and five cut "When" to "Whe n". */}
      <table className="alert-history-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Change, by</th>
            <th scope="col">Alert and note</th>
          </tr>
        </thead>
        <tbody>
          {history.data?.map((entry, index) => (
            <tr key={`${entry.at}-${index}`}>
              <td className="alert-history-when">
                <span>{dayName(entry.at)}</span> <span>{formatClockTime(entry.at)}</span>
              </td>
              <td>
                <span className="alert-history-change">{entry.change}</span> <span className="muted">{changedByText(entry.by)}</span>
              </td>
              <td>
                <span>{[entry.source, entry.rule, entry.subject].filter(Boolean).join(' · ')}</span>
                {entry.note !== '' && <span className="alert-history-note">{entry.note}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
