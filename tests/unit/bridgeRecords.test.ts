import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pack } from 'msgpackr';
import { defaultBridgeRouting, type BridgeRouting, type RecordFormat } from '../../src/shared/bridges';
import type { Result } from '../../src/shared/result';
import { channelTemplateProblem } from '../../src/bus/bridges/records/channelTemplate';
import { createRecordReader, toPublishedRecord, type ReadRecord } from '../../src/bus/bridges/records/recordReader';
import { createSequenceGapCounter } from '../../src/bus/decode/sequenceGaps';
import { valueOf } from '../support/waitUntil';

const AT_MS = Date.UTC(2025, 2, 14, 9, 30, 0, 125);
const CONTEXT = { bridgeName: 'Bench board', receivedAt: AT_MS };

/** Each record's read value (or the error's words) from one reader, in order. */
function readAll(format: RecordFormat, records: Buffer[]): unknown[] {
  const reader = createRecordReader(format);
  return records.map((record) => {
    const read = reader.read(record);
    if (!read.ok) return read.error.message;
    if (read.value === null) return 'header';
    return 'bytes' in read.value ? { bytes: [...read.value.bytes] } : read.value.value;
  });
}

function published(read: ReadRecord, routing: Partial<BridgeRouting>): unknown {
  const result = toPublishedRecord(read, { ...defaultBridgeRouting(), ...routing }, CONTEXT);
  if (!result.ok) return result.error.message;
  const text = result.value.payload.toString('utf8');
  return { channel: result.value.channel, payload: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : [...result.value.payload] };
}

const lines = (...texts: string[]): Buffer[] => texts.map((text) => Buffer.from(text, 'latin1'));

describe('bridge records: reading', () => {
  test('JSON records: objects and any JSON value; errors say what is wrong and at which character', () => {
    assert.deepEqual(readAll({ kind: 'json' }, ['{"device_id":"m1","t":21.5}\r', ' [1,2] ', '42', '"text"', '\uFEFFnull', '\xFF{}', '{"a":', 'hello', '   ', '{"a":1}}', '{"t":21.5,"h":4O}', '[1,2,}', `${'x'.repeat(70_000)}`].map((text, i) => Buffer.from(text, i === 5 ? 'latin1' : 'utf8'))), [
      { device_id: 'm1', t: 21.5 },
      [1, 2],
      42,
      'text',
      null,
      'The record is not JSON: it is not UTF-8 text: byte 0 does not fit.',
      'The record is not JSON: it ends before its JSON value is complete (a record cut short?).',
      'The record is not JSON: unexpected "h" at character 1.',
      'The record is empty (only spaces), so it holds no JSON.',
      'The record is not JSON: unexpected non-whitespace character after JSON at character 8.',
      "The record is not JSON: expected ',' or '}' after property value in JSON at character 16.",
      'The record is not JSON: unexpected "}" at character 6.',
      "The record is not JSON: unexpected token 'x'.",
    ]);
  });

  test('CSV: the first line is the header; numbers read as numbers, quotes keep commas, a wrong width is an error', () => {
    assert.deepEqual(
      readAll(
        { kind: 'csv', delimiter: ',' },
        lines(
          'device_id, temperature ,note,ok\r',
          'm1, 21.5, "warm, humid",yes',
          'm2,-3e2,"said ""hi""",',
          'm3,1,2',
          'device_id,temperature,note,ok',
          'm4,"7","unclosed',
          'm5,0x1F,x "y",z',
          '007,12345678901234567890,+5,1.5e3',
          'm6,1,"a" b,z',
        ),
      ),
      [
        'header',
        { device_id: 'm1', temperature: 21.5, note: 'warm, humid', ok: 'yes' },
        { device_id: 'm2', temperature: -300, note: 'said "hi"', ok: null },
        'The CSV line has 3 values but the header names 4 columns (device_id, temperature, note, ok).',
        'header',
        'The CSV line has a quote at character 8 that is never closed.',
        { device_id: 'm5', temperature: '0x1F', note: 'x "y"', ok: 'z' },
        { device_id: '007', temperature: '12345678901234567890', note: '+5', ok: 1500 },
        'The CSV line has text after the closing quote at character 10; put the whole field inside the quotes.',
      ],
    );
  });

  test('CSV headers that name nothing or a column twice are refused; reset waits for a new header', () => {
    const reader = createRecordReader({ kind: 'csv', delimiter: ';' });
    const messages = [lines('a;;c')[0]!, lines('a;b;a')[0]!].map((record) => {
      const read = reader.read(record);
      return read.ok ? read.value : read.error.message;
    });
    valueOf(reader.read(lines('x;y')[0]!));
    reader.reset();
    const afterReset = [valueOf(reader.read(lines('p;q')[0]!)), valueOf(reader.read(lines('1;2')[0]!))];
    assert.deepEqual([messages, afterReset], [
      ["The CSV header's column 2 has no name; the first line must name every column.", 'The CSV header names the column "a" twice; each column needs its own name.'],
      [null, { value: { p: 1, q: 2 } }],
    ]);
  });

  test('MessagePack records read as JSON-safe values; broken ones say where', () => {
    const bytes = Buffer.of(1, 2, 255);
    const records = [pack({ device_id: 'eeg-1', seq: 7, samples: [0.5, -1], blob: bytes }), Buffer.of(0x82, 0xa1), Buffer.of(0xc1)];
    assert.deepEqual(readAll({ kind: 'msgpack' }, records), [
      { device_id: 'eeg-1', seq: 7, samples: [0.5, -1], blob: { encoding: 'base64', base64: 'AQL/' } },
      'The record is not MessagePack: the MessagePack header at byte 0 declares 2 entries, but only 1 byte follows.',
      'The record is not MessagePack: byte 0 is 0xC1, which MessagePack never uses.',
    ]);
  });

  test('a CSV header named __proto__ stays a plain field', () => {
    const [, row] = readAll({ kind: 'csv', delimiter: ',' }, lines('__proto__,b', '1,2')) as [string, Record<string, unknown>];
    assert.deepEqual([Object.getPrototypeOf(row) === Object.prototype, Object.keys(row), JSON.stringify(row)], [true, ['__proto__', 'b'], '{"__proto__":1,"b":2}']);
  });
});

describe('bridge records: publishing', () => {
  const json = (text: string): ReadRecord => valueOf(createRecordReader({ kind: 'json' }).read(Buffer.from(text)))!;

  test('the lab envelope wraps each kind of record; without it records publish as they came', () => {
    const record = json(' {"device_id":"m1","telemetry":{"temperature":21.5}}\r');
    const raw: ReadRecord = { bytes: Buffer.of(0, 1, 254) };
    const packed = pack({ device_id: 'eeg-1', seq: 1 });
    const msgpack = valueOf(createRecordReader({ kind: 'msgpack' }).read(packed))!;
    assert.deepEqual(
      [
        published(record, { channelTemplate: 'devices:{device_id}:telemetry' }),
        published(raw, { channelTemplate: 'devices:{device_id}:raw', deviceId: 'scale-2', sourceName: 'scale bridge' }),
        published(record, { shouldWrapInEnvelope: false }),
        published(raw, { shouldWrapInEnvelope: false }),
        published(msgpack, { shouldWrapInEnvelope: false }),
        published({ value: { a: 1 } }, { shouldWrapInEnvelope: false }),
      ],
      [
        {
          channel: 'devices:m1:telemetry',
          payload: { channel: 'devices:m1:telemetry', source: 'Bench board', timestamp: '2025-03-14T09:30:00.125Z', data: { device_id: 'm1', telemetry: { temperature: 21.5 } } },
        },
        {
          channel: 'devices:scale-2:raw',
          payload: { channel: 'devices:scale-2:raw', source: 'scale bridge', timestamp: '2025-03-14T09:30:00.125Z', data: { encoding: 'base64', base64: 'AAH+' } },
        },
        { channel: 'devices:telemetry', payload: { device_id: 'm1', telemetry: { temperature: 21.5 } } },
        { channel: 'devices:telemetry', payload: [0, 1, 254] },
        { channel: 'devices:telemetry', payload: [...packed] },
        { channel: 'devices:telemetry', payload: { a: 1 } },
      ],
    );
  });

  test('a JSON record without the envelope is published as its own bytes, big numbers and all', () => {
    const result = valueOf(toPublishedRecord(json('{"id":12345678901234567890}\n'), { ...defaultBridgeRouting(), shouldWrapInEnvelope: false }, CONTEXT));
    assert.equal(result.payload.toString(), '{"id":12345678901234567890}');
  });

  test('the envelope holds a JSON record as the device wrote it: byte for byte what stringify gave for compact records, big numbers kept', () => {
    const envelope = (text: string, routing: Partial<BridgeRouting> = {}): string =>
      valueOf(toPublishedRecord(json(text), { ...defaultBridgeRouting(), ...routing }, CONTEXT)).payload.toString();
    const compact = '{"device_id":"board-1","seq":7,"co2":412,"rh":91.5,"t":22.25,"note":"a \\"quoted\\" word"}';
    const stamp = '"timestamp":"2025-03-14T09:30:00.125Z"';
    assert.deepStrictEqual(
      [
        envelope(`${compact}\n`),
        envelope('{"id":12345678901234567890}'),
        envelope('{"t":1}', { channelTemplate: 'lab:"odd"\\ü', sourceName: 'Board ü' }),
        // Not all ASCII: written out again from the value, as before, so the payload is valid UTF-8 whatever came.
        envelope('{"name":"µ-sensor",  "t":1}'),
      ],
      [
        JSON.stringify({ channel: 'devices:telemetry', source: 'Bench board', timestamp: '2025-03-14T09:30:00.125Z', data: JSON.parse(compact) }),
        `{"channel":"devices:telemetry","source":"Bench board",${stamp},"data":{"id":12345678901234567890}}`,
        `{"channel":"lab:\\"odd\\"\\\\ü","source":"Board ü",${stamp},"data":{"t":1}}`,
        `{"channel":"devices:telemetry","source":"Bench board",${stamp},"data":{"name":"µ-sensor","t":1}}`,
      ],
    );
  });

  test('template fields the record lacks, or cannot name a channel with, are errors in words', () => {
    const record = json('{"device_id":"","room":{"n":3},"rack":7,"list":[1]}');
    assert.deepEqual(
      [
        published(json('{"t":1}'), { channelTemplate: 'devices:{device_id}' }),
        published(json('{"t":1}'), { channelTemplate: 'devices:{device_id}', deviceId: 'bench-1' }),
        published(json('[1]'), { channelTemplate: 'x:{rack}' }),
        published({ bytes: Buffer.of(1) }, { channelTemplate: 'x:{rack}' }),
        published(record, { channelTemplate: 'x:{room}' }),
        published(record, { channelTemplate: 'x:{list}' }),
        published(record, { channelTemplate: 'x:{device_id}' }),
        published(record, { channelTemplate: 'rack:{rack}' }),
        published(json(`{"long":"${'x'.repeat(1100)}"}`), { channelTemplate: '{long}' }),
      ],
      [
        'The record has no device_id for {device_id} in the channel (set a device id on the bridge to use when records carry none).',
        { channel: 'devices:bench-1', payload: { channel: 'devices:bench-1', source: 'Bench board', timestamp: '2025-03-14T09:30:00.125Z', data: { t: 1 } } },
        'The record is not an object with fields, so it has no rack for {rack} in the channel.',
        'The record is raw bytes, so it has no rack for {rack} in the channel.',
        "The record's room is an object, not text or a number, so it cannot fill {room} in the channel.",
        "The record's list is a list, not text or a number, so it cannot fill {list} in the channel.",
        "The record's device_id is empty text, not text or a number, so it cannot fill {device_id} in the channel.",
        { channel: 'rack:7', payload: { channel: 'rack:7', source: 'Bench board', timestamp: '2025-03-14T09:30:00.125Z', data: { device_id: '', room: { n: 3 }, rack: 7, list: [1] } } },
        'The channel for this record would be 1100 characters, more than the 1024 allowed; check the fields the template takes.',
      ],
    );
  });

  test('templates that cannot name channels are refused when saved', () => {
    assert.deepEqual(['devices:{device_id}:telemetry', '', ' ', 'a{b', 'a}b', 'a{}b', 'a{b{c}}', 'x'.repeat(1025)].map(channelTemplateProblem), [
      null,
      'The channel template is empty; name a channel such as devices:telemetry.',
      'The channel template is empty; name a channel such as devices:telemetry.',
      'The channel template has a { at character 2 that is never closed.',
      'The channel template has a } at character 2 with no { before it.',
      'The channel template has {} at character 2, which names no field; write a field such as {device_id}.',
      'The channel template has {b{c} at character 2, which names no field; write a field such as {device_id}.',
      'The channel template is 1025 characters; at most 1024 are allowed.',
    ]);
  });
});

describe('bridge records: sequence gaps', () => {
  test('missing numbers are counted; late ones, repeats and restarts are told apart', () => {
    const counter = valueOf(createSequenceGapCounter('header.seq'));
    const seen = [0, 1, 2, 5, 6, 6, 2, 3, 3_000_000, 'x', 4, 9, 7, 1].map((seq) => counter.observe({ header: { seq } }));
    assert.deepEqual(seen, [
      { kind: 'next', missing: 0 },
      { kind: 'next', missing: 0 },
      { kind: 'next', missing: 0 },
      { kind: 'next', missing: 2 },
      { kind: 'next', missing: 0 },
      { kind: 'duplicate' },
      { kind: 'duplicate' },
      { kind: 'late', wasCountedMissing: true },
      { kind: 'restart', previous: 6, now: 3_000_000 },
      { kind: 'none' },
      { kind: 'restart', previous: 3_000_000, now: 4 },
      { kind: 'next', missing: 4 },
      { kind: 'late', wasCountedMissing: true },
      { kind: 'restart', previous: 9, now: 1 },
    ]);
  });

  test('a sequence path that cannot be read is refused in words', () => {
    const result: Result<unknown> = createSequenceGapCounter('a..b');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error.message, /^The sequence field: /);
  });
});
