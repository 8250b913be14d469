import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readTimestampMs } from '../../src/shared/timestamp';

/** 2025-03-14T09:30:00.125Z: the time every accepted form below names. */
const AT_MS = 1_741_944_600_125;
const NOW_MS = AT_MS + 60_000;

describe('readTimestampMs: the one rule for publish times', () => {
  test('every form a lab producer uses reads as the same instant', () => {
    const cases: Record<string, unknown> = {
      'float seconds': 1_741_944_600.125,
      'integer milliseconds': AT_MS,
      microseconds: 1_741_944_600_125_000,
      'nanoseconds as a number': 1_741_944_600_125_000_000,
      'nanoseconds as BigInt': 1_741_944_600_125_000_000n,
      'milliseconds as BigInt': BigInt(AT_MS),
      'seconds as a decimal string (Streams fields are text)': '1741944600.125',
      'milliseconds as a decimal string': '1741944600125',
      'decimal string with spaces': ' 1741944600.125 ',
      'ISO with Z': '2025-03-14T09:30:00.125Z',
      'ISO with lower-case t and z': '2025-03-14t09:30:00.125z',
      'ISO without offset, read as UTC': '2025-03-14T09:30:00.125',
      'ISO with a space and an offset': '2025-03-14 11:30:00.125+02:00',
      'ISO with an offset without colon': '2025-03-14T04:00:00.125-0530',
      'ISO with a comma before the fraction': '2025-03-14T09:30:00,125Z',
      'MessagePack timestamp (Date)': new Date(AT_MS),
    };
    const read = Object.fromEntries(Object.entries(cases).map(([label, value]) => [label, readTimestampMs(value, NOW_MS)]));
    assert.deepEqual(read, Object.fromEntries(Object.keys(cases).map((label) => [label, AT_MS])));
  });

  test('fractional seconds read as the milliseconds they spell, without float residue', () => {
    assert.deepEqual([readTimestampMs(1796245750.715, 1796245760000), readTimestampMs('1796245750.715', 1796245760000)], [1796245750715, 1796245750715]);
  });

  test('a date alone is its midnight in UTC, and a comma fraction keeps its value', () => {
    assert.deepEqual(
      [readTimestampMs('2025-03-14', NOW_MS), readTimestampMs('2025-03-14T09:30:00,5Z', NOW_MS)],
      [Date.UTC(2025, 2, 14), Date.UTC(2025, 2, 14, 9, 30, 0, 500)],
    );
  });

  test('absurd, ambiguous and foreign values are no publish time', () => {
    const cases: Record<string, unknown> = {
      zero: 0,
      negative: -5,
      'a small counter': 42,
      NaN: Number.NaN,
      Infinity: Infinity,
      'between seconds and milliseconds': 5e10,
      'milliseconds in 2096 (more than a day ahead)': 4e12,
      'two days ahead': NOW_MS + 2 * 24 * 60 * 60 * 1000,
      'beyond every unit': 1e25,
      'before 2000': '1999-12-31T23:59:59Z',
      'empty text': '',
      'loose date text': 'May 1 2025',
      'RFC 1123 date': 'Fri, 14 Mar 2025 09:30:00 GMT',
      'hex text': '0x65F3',
      'exponent text': '1e12',
      'no such month': '2025-13-01T00:00:00Z',
      'no such day': '2025-02-30T00:00:00Z',
      'no such hour': '2025-03-14T25:00:00Z',
      'text over 40 characters': `${'1'.repeat(10)}${' '.repeat(40)}`,
      'invalid Date': new Date(Number.NaN),
      object: {},
      boolean: true,
      null: null,
      undefined: undefined,
    };
    const read = Object.fromEntries(Object.entries(cases).map(([label, value]) => [label, readTimestampMs(value, NOW_MS)]));
    assert.deepEqual(read, Object.fromEntries(Object.keys(cases).map((label) => [label, undefined])));
  });

  test('without a receive time the bound a day ahead comes from the clock', () => {
    const inAnHourSeconds = Math.floor(Date.now() / 1000) + 3600;
    const inThreeDaysMs = Date.now() + 3 * 24 * 3600 * 1000;
    assert.deepEqual([readTimestampMs(inAnHourSeconds), readTimestampMs(inThreeDaysMs)], [inAnHourSeconds * 1000, undefined]);
  });
});
