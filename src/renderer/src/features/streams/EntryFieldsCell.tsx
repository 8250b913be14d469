/** An entry's fields in one table cell, "name=preview · name=preview …": the Entries tab and the pending list show entries alike. */
import type { StreamEntry } from '../../../../shared/streamEntries';
import { fieldsLine } from './streamFormatting';

export function EntryFieldsCell({ entry }: { entry: StreamEntry }) {
  const line = fieldsLine(entry);
  return (
    <td className="mono fields-cell" title={line}>
      <div className="fields-line">{line}</div>
    </td>
  );
}
