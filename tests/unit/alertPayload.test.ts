/** Alert payloads as publishers really send them, odd ones included, and the CSV cells the history exports. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pack } from 'msgpackr';
import { csvCell, historyToCsv } from '../../src/bus/alerts/alertCsv';
import { normaliseSeverity, readChannelAlert } from '../../src/bus/alerts/alertPayload';
import { readRuleValue } from '../../src/bus/alerts/ruleValue';

describe('alert payloads', () => {
  test('severity from severity, level or priority in any case; unknown words are warnings with the raw word kept', () => {
    assert.deepStrictEqual(
      ['CRITICAL', 'Warn', 'info', 'P1', undefined, 3].map((raw) => normaliseSeverity(raw)),
      [
        { severity: 'critical', rawSeverity: null },
        { severity: 'warning', rawSeverity: 'Warn' },
        { severity: 'info', rawSeverity: null },
        { severity: 'warning', rawSeverity: 'P1' },
        { severity: 'warning', rawSeverity: null },
        { severity: 'warning', rawSeverity: '3' },
      ],
    );
    assert.equal(readChannelAlert(Buffer.from(JSON.stringify({ priority: 'HIGH', msg: 'x' }))).severity, 'critical');
  });

  test('odd payloads still make an alert with what could be read, and never throw', () => {
    const deep = Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const hostile = Buffer.from('{"__proto__": {"severity": "critical"}, "constructor": 1, "message": {"toString": 5}}');
    const cases = [
      readChannelAlert(Buffer.from('')),
      readChannelAlert(deep),
      readChannelAlert(hostile),
      readChannelAlert(pack([1, 2, 3])),
      readChannelAlert(Buffer.from('{"severity": "critical", "message": "trunc')),
    ];
    assert.deepStrictEqual(
      cases.map((alert) => [alert.severity, alert.message.slice(0, 40)]),
      [
        ['warning', '(empty alert)'],
        ['warning', 'Alert of 200000 bytes that could not be '],
        ['warning', '{"toString":5}'],
        ['warning', '[1,2,3]'],
        ['warning', 'Alert of 42 bytes that could not be read'],
      ],
    );
    assert.equal(readChannelAlert(Buffer.from('x'.repeat(5000))).message.length, 500);
  });

  test('rules read JSON and MessagePack values and skip the rest', () => {
    assert.deepStrictEqual(
      [readRuleValue({ payload: Buffer.from('{"a":1}') }), readRuleValue({ payload: pack({ a: 2 }) }), readRuleValue({ payload: Buffer.from('{"a":') }), readRuleValue({ payload: Buffer.from('plain') }), readRuleValue({ payload: Buffer.alloc(300 * 1024, 0x7b) })],
      [{ a: 1 }, { a: 2 }, undefined, undefined, undefined],
    );
  });
});

describe('alert history CSV', () => {
  test('cells that a spreadsheet would run as formulas are quoted as text; commas and quotes are escaped', () => {
    assert.deepStrictEqual(['=1+1', '+44', '-3', '@SUM(A1)', '\tx', 'plain', 'a,b', 'say "hi"'].map(csvCell), [
      "'=1+1",
      "'+44",
      "'-3",
      "'@SUM(A1)",
      "'\tx",
      'plain',
      '"a,b"',
      '"say ""hi"""',
    ]);
    const csv = historyToCsv([{ at: Date.UTC(2026, 0, 2, 3, 4, 5), alertId: 'x', source: 'system:alerts', rule: 'r', subject: 's', severity: 'critical', change: 'fired', by: 'bus', note: 'n' }]);
    // A change no operator made reads as on screen ("automatically"), not as the bus's own marker.
    assert.equal(csv, 'time (UTC),change,by,severity,source,rule,subject,note\r\n2026-01-02T03:04:05.000Z,fired,automatically,critical,system:alerts,r,s,n\r\n');
  });
});
