/** How bytes become records: the framing (serial only; one UDP datagram is one record) and the record format. */
import type { FramingKind, RecordFormatKind } from '../../../../shared/bridges';
import { TextField } from '../../components/TextField';
import type { CsvDelimiter, LineEnding } from './bridgeForm';
import type { BridgeFieldsProps } from './bridgeFieldProps';
import { SelectField } from '../../components/SelectField';

const FRAMINGS: ReadonlyArray<{ value: FramingKind; label: string; explanation: string }> = [
  { value: 'lines', label: 'Lines', explanation: 'Each line is a record: most boards that print JSON or CSV.' },
  { value: 'delimiter', label: 'Delimiter', explanation: 'Records end with the bytes you type, e.g. ; or \\x00.' },
  { value: 'cobs', label: 'COBS', explanation: 'Consistent Overhead Byte Stuffing: binary records, each ended by a zero byte.' },
  { value: 'slip', label: 'SLIP', explanation: 'RFC 1055 SLIP: binary records, each ended by the byte 0xC0.' },
  { value: 'fixedLength', label: 'Fixed length', explanation: 'Every record has the same number of bytes and no terminator.' },
  { value: 'silence', label: 'Silence gap', explanation: 'A record ends when no byte arrives for a while: devices that send bursts with no terminator.' },
];

const LINE_ENDINGS: ReadonlyArray<{ value: LineEnding; label: string }> = [
  { value: 'any', label: 'Any (LF, CR or CRLF)' },
  { value: 'lf', label: 'LF (\\n)' },
  { value: 'crlf', label: 'CRLF (\\r\\n)' },
  { value: 'cr', label: 'CR (\\r)' },
];

const FORMATS: ReadonlyArray<{ value: RecordFormatKind; label: string; explanation: string }> = [
  { value: 'json', label: 'JSON', explanation: 'Each record is one JSON value; records that do not parse are counted as bad, never published.' },
  { value: 'csv', label: 'CSV with a header', explanation: 'The first record names the fields; each later record becomes an object with those names.' },
  { value: 'msgpack', label: 'MessagePack', explanation: 'Binary MessagePack, published as JSON.' },
  { value: 'raw', label: 'Raw bytes', explanation: 'Published as they came (base64 inside the envelope).' },
];

const CSV_DELIMITERS: ReadonlyArray<{ value: CsvDelimiter; label: string }> = [
  { value: ',', label: 'Comma (,)' },
  { value: ';', label: 'Semicolon (;)' },
  { value: '\t', label: 'Tab' },
];

export function RecordFields({ form, problems, change }: BridgeFieldsProps) {
  const framing = FRAMINGS.find((choice) => choice.value === form.framingKind);
  const format = FORMATS.find((choice) => choice.value === form.formatKind);
  return (
    <fieldset className="bridge-fieldset">
      <legend>Records</legend>
      {form.kind === 'serial' ? (
        <div className="field-grid field-grid-2">
          <SelectField id="bridge-framingKind" label="Framing" value={form.framingKind} options={FRAMINGS} hint={framing?.explanation} onChange={(framingKind) => change({ framingKind })} />
          {form.framingKind === 'lines' && <SelectField id="bridge-lineEnding" label="Line ending" value={form.lineEnding} options={LINE_ENDINGS} onChange={(lineEnding) => change({ lineEnding })} />}
          {form.framingKind === 'delimiter' && (
            <TextField
              id="bridge-delimiter"
              label="Delimiter"
              value={form.delimiter}
              hint="Escapes: \n \r \t and \xNN for any byte."
              problem={problems.delimiter}
              onChange={(delimiter) => change({ delimiter })}
            />
          )}
          {form.framingKind === 'fixedLength' && (
            <TextField id="bridge-fixedLength" label="Record length (bytes)" inputMode="numeric" value={form.fixedLength} problem={problems.fixedLength} onChange={(fixedLength) => change({ fixedLength })} />
          )}
          {form.framingKind === 'silence' && (
            <TextField
              id="bridge-silenceGapMs"
              label="Silence gap (ms)"
              inputMode="numeric"
              value={form.silenceGapMs}
              hint="Longer than the pauses inside one burst, shorter than the pause between bursts."
              problem={problems.silenceGapMs}
              onChange={(silenceGapMs) => change({ silenceGapMs })}
            />
          )}
        </div>
      ) : (
        <p className="field-hint">Each datagram is one record.</p>
      )}
      <div className="field-grid field-grid-2">
        <SelectField id="bridge-formatKind" label="Record format" value={form.formatKind} options={FORMATS} hint={format?.explanation} onChange={(formatKind) => change({ formatKind })} />
        {form.formatKind === 'csv' && (
          <SelectField id="bridge-csvDelimiter" label="CSV delimiter" value={form.csvDelimiter} options={CSV_DELIMITERS} problem={problems.csvDelimiter} onChange={(csvDelimiter) => change({ csvDelimiter })} />
        )}
      </div>
    </fieldset>
  );
}
