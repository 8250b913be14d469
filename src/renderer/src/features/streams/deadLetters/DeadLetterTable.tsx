/** One page of dead letters: each one's facts and its original payload decoded, with a checkbox to select it. */
import type { DeadLetter } from '../../../../../shared/features/deadLettersContract';
import { formatClockTime } from '../../../format/formatClockTime';

interface DeadLetterTableProps {
  entries: readonly DeadLetter[];
  selected: ReadonlySet<string>;
  onToggle(id: string): void;
  onToggleAll(isSelected: boolean): void;
}

export function DeadLetterTable({ entries, selected, onToggle, onToggleAll }: DeadLetterTableProps) {
  const isAllSelected = entries.length > 0 && entries.every((entry) => selected.has(entry.id));
  return (
    <div className="dlq-table-wrap">
      <table className="dlq-table">
        <thead>
          <tr>
            <th scope="col">
              <input type="checkbox" aria-label="Select every dead letter on this page" checked={isAllSelected} onChange={(event) => onToggleAll(event.target.checked)} />
            </th>
            <th scope="col">Dead letter</th>
            <th scope="col">Reason</th>
            <th scope="col" className="number">
              Deliveries
            </th>
            <th scope="col">From</th>
            <th scope="col">Moved</th>
            <th scope="col">Original payload</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <input type="checkbox" aria-label={`Select dead letter ${entry.id}`} checked={selected.has(entry.id)} onChange={() => onToggle(entry.id)} />
              </td>
              <td className="mono">{entry.id}</td>
              <td>{entry.reason ?? <span className="muted">not given</span>}</td>
              <td className="number">{entry.deliveries ?? '—'}</td>
              <td>
                {entry.origin === null ? <span className="muted">unknown</span> : <code>{entry.origin}</code>}
                {entry.originalId !== null && <div className="mono muted">{entry.originalId}</div>}
              </td>
              <td className="mono">{entry.movedAtMs === null ? '—' : formatClockTime(entry.movedAtMs)}</td>
              <td className="dlq-payload">
                <OriginalFields entry={entry} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OriginalFields({ entry }: { entry: DeadLetter }) {
  if (entry.fieldCount === 0) return <span className="muted">no fields</span>;
  const hidden = entry.fieldCount - entry.fields.length;
  return (
    <dl>
      {entry.fields.map((field, index) => (
        <div key={index} className="dlq-field">
          <dt title={field.name.isTruncated ? `${field.name.byteLength} bytes` : undefined}>{field.name.text}</dt>
          <dd title={field.value.isTruncated ? `${field.value.byteLength.toLocaleString('en-US')} bytes; shown cut` : undefined}>{field.preview}</dd>
        </div>
      ))}
      {hidden > 0 && <div className="muted">and {hidden.toLocaleString('en-US')} more fields</div>}
    </dl>
  );
}
