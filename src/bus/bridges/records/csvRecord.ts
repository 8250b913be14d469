/**
 * One CSV line as a list of fields (RFC 4180 quoting: a quoted field may
 * hold the delimiter, and "" inside quotes is one quote), and a header-led
 * reader that turns later lines into objects. Unquoted fields are trimmed
 * (`Serial.print(", ")` adds spaces) and read as numbers when they are
 * numbers as JSON writes them; a quoted field stays text.
 */
import { fail, ok, type Result } from '../../../shared/result';

/** JSON's number grammar: "007" (an id) stays text, as does "+5". */
const NUMBER_PATTERN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const INTEGER_PATTERN = /^-?\d+$/;
const MAX_LISTED_COLUMNS = 6;

export type CsvField = string | number | null;

/** The fields of one line, or where its quoting breaks. */
export function splitCsvLine(line: string, delimiter: string): Result<CsvField[]> {
  const fields: CsvField[] = [];
  let index = 0;
  for (;;) {
    const field = readField(line, index, delimiter);
    if (!field.ok) return field;
    fields.push(field.value.field);
    index = field.value.end;
    if (index >= line.length) return ok(fields);
    index += delimiter.length;
    if (index === line.length) {
      fields.push(null);
      return ok(fields);
    }
  }
}

function readField(line: string, start: number, delimiter: string): Result<{ field: CsvField; end: number }> {
  let index = start;
  while (line[index] === ' ' && delimiter !== ' ') index++;
  if (line[index] !== '"') {
    const found = line.indexOf(delimiter, start);
    const end = found < 0 ? line.length : found;
    return ok({ field: unquoted(line.slice(start, end).trim()), end });
  }
  let text = '';
  let from = index + 1;
  for (;;) {
    const quote = line.indexOf('"', from);
    if (quote < 0) return fail('INVALID', `The CSV line has a quote at character ${index + 1} that is never closed.`);
    text += line.slice(from, quote);
    if (line[quote + 1] === '"') {
      text += '"';
      from = quote + 2;
      continue;
    }
    let end = quote + 1;
    while (line[end] === ' ' && delimiter !== ' ') end++;
    if (end < line.length && !line.startsWith(delimiter, end)) {
      return fail('INVALID', `The CSV line has text after the closing quote at character ${end + 1}; put the whole field inside the quotes.`);
    }
    return ok({ field: text, end });
  }
}

function unquoted(text: string): CsvField {
  if (text === '') return null;
  if (NUMBER_PATTERN.test(text)) {
    const number = Number(text);
    // A serial number past 2^53 would come out with other digits; it stays text.
    const isExact = !INTEGER_PATTERN.test(text) || Number.isSafeInteger(number);
    if (Number.isFinite(number) && isExact) return number;
  }
  return text;
}

/** Reads lines after a header: the first line names the fields, later ones become objects. */
export class CsvTable {
  private header: string[] | null = null;

  constructor(private readonly delimiter: string) {}

  /** An object for a data line; null for a header line (the first, or the same header sent again after a device restart). */
  read(line: string): Result<Record<string, CsvField> | null> {
    const split = splitCsvLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.delimiter);
    if (!split.ok) return split;
    const fields = split.value;
    if (this.header === null) return this.takeHeader(fields);
    if (this.isHeaderAgain(fields)) return ok(null);
    if (fields.length !== this.header.length) {
      const listed = this.header.slice(0, MAX_LISTED_COLUMNS).join(', ') + (this.header.length > MAX_LISTED_COLUMNS ? ', …' : '');
      return fail('INVALID', `The CSV line has ${fields.length} values but the header names ${this.header.length} columns (${listed}).`);
    }
    const header = this.header;
    return ok(Object.fromEntries(fields.map((field, column) => [header[column]!, field])));
  }

  /** Forgets the header (the device was reopened and will send it again). */
  reset(): void {
    this.header = null;
  }

  private takeHeader(fields: CsvField[]): Result<null> {
    const names = fields.map((field) => (field === null ? '' : String(field)));
    const unnamed = names.indexOf('');
    if (unnamed >= 0) return fail('INVALID', `The CSV header's column ${unnamed + 1} has no name; the first line must name every column.`);
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) return fail('INVALID', `The CSV header names the column "${name}" twice; each column needs its own name.`);
      seen.add(name);
    }
    this.header = names;
    return ok(null);
  }

  private isHeaderAgain(fields: CsvField[]): boolean {
    const header = this.header!;
    return fields.length === header.length && fields.every((field, column) => field !== null && String(field) === header[column]);
  }
}
