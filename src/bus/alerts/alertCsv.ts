/**
 * The history as CSV for a spreadsheet. A cell starting with = + - @ (or a
 * tab or carriage return) would run as a formula in Excel or LibreOffice, so
 * it is prefixed with a quote mark: an alert message is text someone else
 * published.
 */
import { changedByWords, type AlertHistoryEntry } from '../../shared/features/alertsContract';

const HEADER = ['time (UTC)', 'change', 'by', 'severity', 'source', 'rule', 'subject', 'note'];
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function historyToCsv(entries: readonly AlertHistoryEntry[]): string {
  const rows = [HEADER.join(',')];
  for (const entry of entries) {
    rows.push(
      [new Date(entry.at).toISOString(), entry.change, changedByWords(entry.by), entry.severity, entry.source, entry.rule, entry.subject, entry.note]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
