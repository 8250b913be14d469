import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compactJsonPreview } from '../../src/bus/decode/compactPreview';
import { buildMessage, previewOfPayload } from '../../src/bus/feed/feedMessageBuilder';
import { displayTextOfBytes, displayTextOfString, toVisibleTextWithin, utf8ByteLength } from '../../src/shared/displayText';
import { MAX_PREVIEW_CHARS } from '../../src/shared/liveChannels';

describe('displayTextOfBytes', () => {
  test('shows UTF-8 as itself, escapes controls and bidi overrides, and writes each invalid byte as \\xHH', () => {
    const bytes = Buffer.concat([Buffer.from('a b\n蘑菇\u202e🍄'), Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('\u0000z')]);
    assert.deepStrictEqual(displayTextOfBytes(bytes, 100), {
      text: 'a b\\n蘑菇\\u202E🍄\\xFF\\xC3(\\xE2\\x82\\x00z',
      byteLength: bytes.length,
      isTruncated: false,
    });
  });

  test('cuts at the display cap without splitting an escape, and reads only the head of a 1 MB name', () => {
    const megabyte = Buffer.alloc(1024 * 1024, 0x6d);
    assert.deepStrictEqual(
      [displayTextOfBytes(Buffer.from('abc\u0001def'), 5), displayTextOfBytes(megabyte, 8), displayTextOfBytes(Buffer.from('🍄🍄'), 3)],
      [
        { text: 'abc', byteLength: 7, isTruncated: true },
        { text: 'mmmmmmmm', byteLength: 1024 * 1024, isTruncated: true },
        { text: '🍄', byteLength: 8, isTruncated: true },
      ],
    );
  });

  test('strings count their UTF-8 bytes, lone surrogates as the three bytes they are sent as', () => {
    assert.deepStrictEqual(
      [utf8ByteLength('aé蘑🍄'), utf8ByteLength('\ud800'), displayTextOfString('line\nbreak', 8), toVisibleTextWithin('ab\u202ecd', 4)],
      [10, 3, { text: 'line\\nbr', byteLength: 10, isTruncated: true }, { text: 'ab', isTruncated: true }],
    );
  });
});

describe('compactJsonPreview', () => {
  test('writes MessagePack values JSON lacks the way the detail tree shows them', () => {
    const value = { blob: new Uint8Array([0, 255]), big: 2n ** 64n, when: new Date(Date.UTC(2024, 4, 1)), map: new Map([[1, 'one']]), nan: Number.NaN, hidden: 'a\u202eb\u0000' };
    assert.equal(
      compactJsonPreview(value, 400),
      '{"blob":{"$binary":"00ff"},"big":"18446744073709551616","when":"2024-05-01T00:00:00.000Z","map":{"1":"one"},"nan":NaN,"hidden":"a\\u202Eb\\u0000"}',
    );
  });

  test('stops early on huge values and ends a cut preview with …', () => {
    const huge = Array.from({ length: 100_000 }, (_, index) => index);
    const preview = compactJsonPreview({ text: 'x'.repeat(5_000_000), huge }, 40);
    assert.deepStrictEqual([preview, compactJsonPreview(huge, 12)], [`{"text":"${'x'.repeat(30)}…`, '[0,1,2,3,4,…']);
  });
});

describe('buildMessage', () => {
  test('decodes once, recognises the envelope and latency; large JSON and MessagePack previews wait until shown', () => {
    const payload = Buffer.from(JSON.stringify({ channel: 'devices:telemetry', source: 'device_manager', timestamp: 1_700_000_000, data: { co2: 812 } }));
    const large = Buffer.from(JSON.stringify({ samples: Array.from({ length: 1_000 }, (_, index) => index) }));
    const packed = Buffer.from([0x81, 0xa1, 0x61, 0x01]);
    assert.deepStrictEqual(
      {
        small: buildMessage(payload, 'auto', 1_700_000_000_250).fields,
        large: [buildMessage(large, 'auto', 0).fields.preview, previewOfPayload(large, 'auto').length, previewOfPayload(large, 'auto').endsWith('…')],
        msgpack: [buildMessage(packed, 'auto', 0).fields.preview, previewOfPayload(packed, 'msgpack')],
      },
      {
        small: {
          sizeBytes: payload.length,
          kind: 'json',
          preview: '{"channel":"devices:telemetry","source":"device_manager","timestamp":1700000000,"data":{"co2":812}}',
          envelope: { source: 'device_manager', publishedAt: 1_700_000_000_000 },
          latencyMs: 250,
        },
        large: ['', MAX_PREVIEW_CHARS, true],
        msgpack: ['', '{"a":1}'],
      },
    );
  });

  test('JSON sent on one line is previewed as sent; pretty-printed or escaped JSON as compact JSON of its value', () => {
    const previewOf = (text: string): string => buildMessage(Buffer.from(text), 'auto', 0).fields.preview;
    assert.deepStrictEqual(
      [
        previewOf('{"co2": 812, "temperature": 21.50, "unit": "\\u00b0C"}'),
        previewOf('  [1.0, 2e3] '),
        previewOf('{\n  "co2": 812\n}\n'),
        previewOf('{"note":"a\u202ebc"}'),
      ],
      ['{"co2": 812, "temperature": 21.50, "unit": "\\u00b0C"}', '[1.0, 2e3]', '{"co2":812}', '{"note":"a\\u202Ebc"}'],
    );
  });

  test('previews text visibly, binary and broken payloads as hex with the reason', () => {
    const long = 'y'.repeat(1_000);
    const cases = [
      buildMessage(Buffer.from('status ok\u001b[31m'), 'auto', 0).fields,
      buildMessage(Buffer.from(long), 'text', 0).fields.preview.length,
      buildMessage(Buffer.from([0x00, 0x01, 0xfe, 0xff]), 'auto', 0).fields,
      buildMessage(Buffer.from('{"a": '), 'auto', 0).fields.kind,
      buildMessage(Buffer.from([0x81, 0xa1, 0x61, 0x01]), 'json', 0).fields,
    ];
    assert.deepStrictEqual(cases, [
      { sizeBytes: 14, kind: 'text', preview: 'status ok\\x1B[31m' },
      MAX_PREVIEW_CHARS,
      { sizeBytes: 4, kind: 'binary', preview: '00 01 fe ff' },
      'error',
      { sizeBytes: 4, kind: 'error', decodeError: 'The payload is not UTF-8 text: byte 0 does not fit.', preview: '81 a1 61 01' },
    ]);
  });
});
