import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pack } from 'msgpackr';
import { decodePayload, type DecodedPayload } from '../../src/bus/decode/decodePayload';
import { createSeededRandom } from '../../src/bus/simulator/seededRandom';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('decodePayload detection', () => {
  test('recognises each encoding the labs send', () => {
    const eegFrame = { type: 'raw', timestamp: 1_741_944_600.004, channels: { Ch0: -12.5, Ch1: 3 } };
    assert.deepEqual(
      [
        decodePayload(pack(eegFrame)),
        decodePayload(utf8(' {"device_id":"mushroom1","telemetry":{"co2":812}}\n')),
        decodePayload(utf8('\ufeff[1,2]')),
        decodePayload(utf8('42')),
        decodePayload(utf8('test')),
        decodePayload(utf8('true story')),
        decodePayload(utf8('true')),
        decodePayload(utf8(' null\n')),
        decodePayload(utf8('false')),
        decodePayload(utf8('nullable')),
        decodePayload(utf8('fals')),
        decodePayload(utf8('[INFO] pump started')),
        decodePayload(utf8('')),
        decodePayload(utf8('\u0700 Syriac')),
        decodePayload(bytes(0x17, 0xff, 0x00)),
        decodePayload(pack('hi')),
      ],
      [
        { kind: 'msgpack', value: eegFrame },
        { kind: 'json', value: { device_id: 'mushroom1', telemetry: { co2: 812 } }, source: ' {"device_id":"mushroom1","telemetry":{"co2":812}}\n' },
        { kind: 'json', value: [1, 2], source: '[1,2]' },
        { kind: 'json', value: 42, source: '42' },
        { kind: 'text', text: 'test' },
        { kind: 'text', text: 'true story' },
        { kind: 'json', value: true, source: 'true' },
        { kind: 'json', value: null, source: ' null\n' },
        { kind: 'json', value: false, source: 'false' },
        { kind: 'text', text: 'nullable' },
        { kind: 'text', text: 'fals' },
        { kind: 'text', text: '[INFO] pump started' },
        { kind: 'text', text: '' },
        { kind: 'text', text: '\u0700 Syriac' },
        { kind: 'binary' },
        { kind: 'msgpack', value: 'hi' },
      ],
    );
  });

  test('MessagePack round-trips every format family, including the timestamp extension', () => {
    const value = {
      short: 'a',
      str8: 'x'.repeat(200),
      str16: 'y'.repeat(70_000),
      negative: -1_000_000,
      int64: 2 ** 40,
      float: 0.1,
      bin: Buffer.from([1, 2, 3]),
      array16: Array.from({ length: 300 }, (_, index) => index),
      nested: { a: [{ b: [true, false, null] }] },
      date4: new Date(1_700_000_000_000),
      date8: new Date(1_700_000_000_123),
      date12: new Date(Date.UTC(1960, 0, 1)),
    };
    const decoded = decodePayload(pack(value));
    assert.deepEqual(decoded, { kind: 'msgpack', value: { ...value, bin: decoded.kind === 'msgpack' ? (decoded.value as { bin: unknown }).bin : null } });
    assert.deepEqual((decoded as { value: { bin: Uint8Array } }).value.bin, Buffer.from([1, 2, 3]));
  });

  test('a __proto__ key cannot reach the prototype', () => {
    const json = decodePayload(utf8('{"__proto__":{"polluted":true}}'));
    const msgpack = decodePayload(bytes(0x81, 0xa9, ...utf8('__proto__'), 0x81, 0xa8, ...utf8('polluted'), 0xc3));
    assert.deepEqual(
      { json: Object.keys((json as { value: object }).value), msgpack, polluted: ({} as { polluted?: boolean }).polluted },
      { json: ['__proto__'], msgpack: { kind: 'msgpack', value: { __proto_: { polluted: true } } }, polluted: undefined },
    );
  });
});

describe('decodePayload pinned', () => {
  test('decodes only the pinned way', () => {
    const frame = pack({ a: 1 });
    assert.deepEqual(
      [
        decodePayload(frame, { pinned: 'json' }),
        decodePayload(frame, { pinned: 'text' }),
        decodePayload(utf8('test'), { pinned: 'msgpack' }),
        decodePayload(utf8('{"a":1}'), { pinned: 'text' }),
        decodePayload(utf8('{"a":1}'), { pinned: 'binary' }),
        decodePayload(utf8('not json'), { pinned: 'json' }),
        decodePayload(new Uint8Array(0), { pinned: 'msgpack' }),
      ],
      [
        { kind: 'error', decoder: 'json', reason: 'The payload is not UTF-8 text: byte 0 does not fit.' },
        { kind: 'error', decoder: 'text', reason: 'The payload is not UTF-8 text: byte 0 does not fit.' },
        { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack value ends at byte 1, but the payload has 3 more bytes.' },
        { kind: 'text', text: '{"a":1}' },
        { kind: 'binary' },
        {
          kind: 'error',
          decoder: 'json',
          reason: `The payload is not valid JSON: ${errorOf(() => JSON.parse('not json')).replace(/\.$/, '')}.`,
        },
        { kind: 'error', decoder: 'msgpack', reason: 'The payload is empty, so it holds no MessagePack value.' },
      ],
    );
  });
});

function errorOf(run: () => unknown): string {
  try {
    run();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('decodePayload against hostile and broken input', () => {
  const deepMsgpack = new Uint8Array(50_000).fill(0x91);
  const deepJson = utf8('['.repeat(50_000) + ']'.repeat(50_000));
  const frame = pack({ type: 'raw', timestamp: 1.5, channels: { Ch0: 1.25 } });

  test('each comes back as an error value with a reason', () => {
    const started = performance.now();
    const results: DecodedPayload[] = [
      decodePayload(bytes(0xdd, 0xff, 0xff, 0xff, 0xff, 1, 2, 3)),
      decodePayload(bytes(0xdf, 0xff, 0xff, 0xff, 0xff)),
      decodePayload(bytes(0x91, 0xdb, 0xff, 0xff, 0xff, 0xff, 0x41)),
      decodePayload(deepMsgpack),
      decodePayload(deepJson),
      decodePayload(frame.subarray(0, 20)),
      decodePayload(Buffer.concat([pack({ a: 1 }), bytes(1)])),
      decodePayload(bytes(0x91, 0xc1)),
      decodePayload(bytes(0x92, 0xd4, 0x72, 0x40, 0x91, 0xa1, 0x61, 0x40, 0x01)),
      decodePayload(utf8('{"sensor": "co2", "value": 8')),
      decodePayload(bytes(0xdf, ...randomBytes(1, 64))),
    ];
    const elapsedMs = performance.now() - started;
    assert.deepEqual(results, [
      { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack header at byte 0 declares 4,294,967,295 items, but only 3 bytes follow.' },
      { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack header at byte 0 declares 4,294,967,295 entries, but only 0 bytes follow.' },
      { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack header at byte 1 declares 4,294,967,295 bytes, but only 1 follow.' },
      { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack data nests deeper than 64 levels, the decode limit.' },
      { kind: 'error', decoder: 'json', reason: 'The JSON nests deeper than 64 levels, the decode limit.' },
      { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack header at byte 12 declares 9 bytes, but only 7 follow.' },
      { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack value ends at byte 6, but the payload has 1 more byte.' },
      { kind: 'error', decoder: 'msgpack', reason: 'Byte 1 is 0xC1, which MessagePack never uses.' },
      { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack data uses extension type 114 at byte 1, which Labwire does not decode.' },
      { kind: 'error', decoder: 'json', reason: `The payload is not valid JSON: ${errorOf(() => JSON.parse('{"sensor": "co2", "value": 8')).replace(/\.$/, '')}.` },
      { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack header at byte 0 declares 302,354 entries, but only 60 bytes follow.' },
    ]);
    // Generous: the point is "no allocation for 4 G elements, no 50,000-deep recursion", which would take seconds or crash.
    assert.ok(elapsedMs < 500, `took ${elapsedMs} ms`);
  });

  test('every cut of a MessagePack frame is an error, never a partial value', () => {
    const cuts = Array.from({ length: frame.length - 1 }, (_, index) => decodePayload(frame.subarray(0, index + 1)).kind);
    assert.deepEqual([...new Set(cuts)], ['error']);
  });

  test('nesting is capped at exactly the limit, however the brackets are counted', () => {
    const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
    const kinds = [
      decodePayload(Buffer.from(nested(64))).kind,
      decodePayload(Buffer.from(nested(65))).kind,
      // Brackets inside strings do not nest: more than the limit of them still decodes.
      decodePayload(Buffer.from(JSON.stringify({ text: '['.repeat(200) }))).kind,
      decodePayload(Buffer.from(nested(3)), { maxDepth: 2 }).kind,
    ];
    assert.deepStrictEqual(kinds, ['json', 'error', 'json', 'error']);
  });

  test('caps items and bytes', () => {
    const manyItems = pack(Array.from({ length: 100_001 }, () => 0));
    assert.deepEqual(
      [
        decodePayload(manyItems),
        decodePayload(utf8(`[${'0,'.repeat(100_000)}0]`)),
        decodePayload(utf8('{"a":"0123456789"}'), { maxBytes: 10 }),
        decodePayload(pack({ a: 'long enough' }), { maxBytes: 10 }),
        decodePayload(utf8('plain words, many'), { maxBytes: 10 }),
        decodePayload(bytes(0x17, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0), { maxBytes: 10 }),
        decodePayload(pack([[[1]]]), { maxDepth: 2 }),
      ],
      [
        { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack data holds more than 100000 items, the decode limit.' },
        { kind: 'error', decoder: 'json', reason: 'The JSON holds more than 100000 items, the decode limit.' },
        { kind: 'error', decoder: 'json', reason: 'The payload is 18 bytes, more than the 10-byte decode limit, so it is shown as bytes.' },
        { kind: 'error', decoder: 'msgpack', reason: 'The payload is 17 bytes, more than the 10-byte decode limit, so it is shown as bytes.' },
        { kind: 'error', decoder: 'text', reason: 'The payload is 17 bytes, more than the 10-byte decode limit, so it is shown as bytes.' },
        { kind: 'binary' },
        { kind: 'error', decoder: 'msgpack', reason: 'The MessagePack data nests deeper than 2 levels, the decode limit.' },
      ],
    );
  });

  test('random bytes never throw, and each gives one of the five kinds', () => {
    const random = createSeededRandom(2024);
    const kinds = new Set<string>();
    for (let round = 0; round < 3000; round++) {
      const length = Math.floor(random() * 48);
      const result = decodePayload(Uint8Array.from({ length }, () => Math.floor(random() * 256)));
      kinds.add(result.kind);
    }
    assert.deepEqual([...kinds].sort(), ['binary', 'error', 'json', 'msgpack', 'text']);
  });
});

function randomBytes(seed: number, length: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length }, () => Math.floor(random() * 256));
}
