import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSameBytes } from '../../src/bus/decode/sameBytes';

describe('isSameBytes', () => {
  test('compares short and long byte strings byte for byte', () => {
    const long = Buffer.alloc(100, 0x61);
    const longOther = Buffer.from(long);
    longOther[99] = 0x62;
    assert.deepStrictEqual(
      [
        isSameBytes(Buffer.from('pump:1:state'), Buffer.from('pump:1:state')),
        isSameBytes(Buffer.from('pump:1:state'), Buffer.from('pump:2:state')),
        isSameBytes(Buffer.from('pump'), Buffer.from('pump:')),
        isSameBytes(Buffer.alloc(0), Buffer.alloc(0)),
        isSameBytes(long, Buffer.from(long)),
        isSameBytes(long, longOther),
      ],
      [true, false, false, true, true, false],
    );
  });
});
