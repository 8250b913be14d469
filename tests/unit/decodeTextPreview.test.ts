import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toHex } from '../../src/bus/decode/hexPreview';
import { findInvalidUtf8Offset } from '../../src/bus/decode/utf8Validation';
import { hasBidiControls, toVisibleText } from '../../src/bus/decode/visibleText';

describe('toHex', () => {
  test('shows up to maxBytes bytes and says how many were left out', () => {
    const bytes = Uint8Array.from([0x7b, 0x22, 0x00, 0xff]);
    assert.deepEqual(
      [toHex(bytes, 10), toHex(bytes, 2), toHex(bytes, 3), toHex(bytes, 0), toHex(new Uint8Array(0), 8)],
      ['7b 22 00 ff', '7b 22 … +2 bytes', '7b 22 00 … +1 byte', '… +4 bytes', ''],
    );
  });
});

describe('toVisibleText', () => {
  test('escapes controls, bidi overrides, zero-width characters and lone surrogates', () => {
    const sneaky = 'ok\u0000\u001b[31m\u007f\u0085 admin\u202e\u2066txt.exe\u2069\u200b\ufeff \ud800 \u{1F344}\tend\n';
    assert.deepEqual(
      {
        escaped: toVisibleText(sneaky),
        multiLine: toVisibleText('a\tb\nc\rd', { shouldKeepLineBreaks: true }),
        plain: toVisibleText('Grüße, 蘑菇 👨‍👩‍👧'),
        bidi: [hasBidiControls(sneaky), hasBidiControls('plain')],
      },
      {
        escaped: 'ok\\x00\\x1B[31m\\x7F\\x85 admin\\u202E\\u2066txt.exe\\u2069\\u200B\\uFEFF \\uD800 \u{1F344}\\tend\\n',
        multiLine: 'a\tb\nc\\rd',
        plain: 'Grüße, 蘑菇 👨‍👩‍👧',
        bidi: [true, false],
      },
    );
  });
});

describe('findInvalidUtf8Offset', () => {
  test('finds the first bad byte and forgives a character cut at the end of a prefix', () => {
    const cases: [number[], boolean][] = [
      [[0x61, 0xc3, 0xa9], false],
      [[0x61, 0xc0, 0xaf], false],
      [[0x61, 0x62, 0xed, 0xa0, 0x80], false],
      [[0xf4, 0x90, 0x80, 0x80], false],
      [[0x61, 0xe2, 0x82], false],
      [[0x61, 0xe2, 0x82], true],
      [[0x80], true],
    ];
    assert.deepEqual(
      cases.map(([bytes, isPrefix]) => findInvalidUtf8Offset(Uint8Array.from(bytes), isPrefix)),
      [-1, 1, 2, 0, 1, -1, 0],
    );
  });
});
