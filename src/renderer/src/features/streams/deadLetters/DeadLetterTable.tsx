/**
 * One page of dead letters: each one's facts on a row, its original payload decoded on the row beneath,
 * with a checkbox to select it. Side by side the payload column was cut at 1440x900 (843 px in 610).
 */
import type { DeadLetter } from '../../../../../shared/features/deadLettersContract';
import { countWords } from '../../../../../shared/countWords';
import { formatClockTime } from '../../../format/formatClockTime';

interface DeadLetterTableProps {
  entries: readonly DeadLetter[];
  selected: ReadonlySet<string>;
  onToggle(id: string): void;
  onToggleAll(isSelected: boolean): void;
}

/** The fact columns after the checkbox, which the payload row spans. */
const PAYLOAD_COLUMNS = 5;
/** A field value longer than this gets a row of its own: in a grid cell it wrapped every dozen characters. */
const LONG_VALUE_CHARS = 20;

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
          </tr>
        </thead>
        {entries.map((entry) => (
          <tbody key={entry.id}>
            <tr>
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
            </tr>
            <tr className="dlq-payload-row">
              <td />
              <td className="dlq-payload" colSpan={PAYLOAD_COLUMNS}>
                <span className="muted">Original payload</span>
                <OriginalFields entry={entry} />
              </td>
            </tr>
          </tbody>
        ))}
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
        <div key={index} className={field.preview.length > LONG_VALUE_CHARS ? 'dlq-field is-long' : 'dlq-field'}>
          <dt title={field.name.isTruncated ? `${field.name.byteLength} bytes` : undefined}>{field.name.text}</dt>
          <dd title={field.value.isTruncated ? `${field.preview}\n(${field.value.byteLength.toLocaleString('en-US')} bytes; shown cut)` : field.preview}>{field.preview}</dd>
        </div>
      ))}
      {hidden > 0 && <div className="muted">and {countWords(hidden, 'more field')}</div>}
    </dl>
  );
}
