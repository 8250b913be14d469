/**
 * Rules on one path skip the values that cross none of them while all are
 * quiet (thresholdWatch.ts FieldReader): what fires, when, and with which
 * value must be exactly what handing every value to every rule gives.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProfileAlerts } from '../../src/bus/alerts/profileAlerts';
import { DEFAULT_ALERT_SETTINGS, type ThresholdRule } from '../../src/shared/features/alertsContract';
import { FakeMessageSource } from '../support/FakeMessageSource';

const PROFILE_ID = 'lab';
const CHANNEL = 'devices:telemetry';

function rule(id: string, operator: ThresholdRule['operator'], value: number, pendingSeconds: number): ThresholdRule {
  return { kind: 'threshold', id, name: id, channel: CHANNEL, fieldPath: 'data.co2', operator, value, pendingSeconds, resolveSeconds: 5, severity: 'warning' };
}

/** A profile's alerts on a fake source, with a history that keeps nothing. */
function alertsOn(source: FakeMessageSource, clock: () => number): ProfileAlerts {
  return new ProfileAlerts({ profileId: PROFILE_ID, source, clock, history: { append: () => Promise.resolve(), read: () => Promise.resolve([]) }, onDidChange: () => undefined, onDidNeedNotice: () => undefined });
}

describe('threshold rules sharing a path', () => {
  test('high and low rules fire and resolve on their own crossings, pending times and values, with quiet values between', () => {
    let now = 0;
    const source = new FakeMessageSource();
    const alerts = alertsOn(source, () => now);
    alerts.apply({ ...DEFAULT_ALERT_SETTINGS, alertChannels: [], isConnectionRuleOn: false, rules: [rule('high', '>', 1000, 10), rule('very-high', '>=', 2000, 0), rule('low', '<', 300, 0)] });
    const send = (co2: number, atSeconds: number): void => {
      now = atSeconds * 1000;
      source.deliver(PROFILE_ID, { kind: 'channel', name: CHANNEL }, { channel: CHANNEL, payload: JSON.stringify({ data: { co2 } }), receivedAt: now });
    };
    const shown = (): Array<[string, string, string]> => alerts.book.list().alerts.map((alert) => [alert.rule, alert.state, alert.message]).sort() as Array<[string, string, string]>;
    send(500, 0);
    send(1200, 1);
    send(700, 2);
    send(1300, 3);
    send(1400, 11);
    assert.deepStrictEqual(shown(), [], 'the high rule restarted its pending time at 3 s');
    send(2000, 13);
    send(250, 14);
    assert.deepStrictEqual(shown(), [
      ['high', 'firing', 'devices:telemetry data.co2 is 2000 (> 1000 for 10 s)'],
      ['low', 'firing', 'devices:telemetry data.co2 is 250 (< 300 for 0 s)'],
      ['very-high', 'firing', 'devices:telemetry data.co2 is 2000 (>= 2000 for 0 s)'],
    ]);
    send(500, 15);
    now = 21_000;
    alerts.tick();
    send(600, 22);
    assert.deepStrictEqual(shown().map(([name, state]) => [name, state]), [['high', 'resolved'], ['low', 'resolved'], ['very-high', 'resolved']]);
  });
});

describe('threshold rules on paths with a shared prefix', () => {
  test('each rule reads its own path when the route walks the shared prefix once, wildcards and a path that is the prefix itself included', () => {
    const source = new FakeMessageSource();
    const alerts = alertsOn(source, () => 0);
    const on = (id: string, fieldPath: string, value: number): ThresholdRule => ({ ...rule(id, '>', value, 0), fieldPath });
    alerts.apply({
      ...DEFAULT_ALERT_SETTINGS,
      alertChannels: [],
      isConnectionRuleOn: false,
      rules: [on('co2', 'data.telemetry.co2', 1000), on('tvoc', 'data.telemetry.tvoc', 50), on('probe', 'data.telemetry.probes.*', 30), on('whole', 'data.telemetry', 0)],
    });
    const send = (data: unknown): void => source.deliver(PROFILE_ID, { kind: 'channel', name: CHANNEL }, { channel: CHANNEL, payload: JSON.stringify({ data }), receivedAt: 0 });
    send({ telemetry: { co2: 1200, tvoc: 10, probes: { a: 31, b: 5 } } });
    send({ other: 1 });
    send('not an object');
    const shown = alerts.book.list().alerts.map((alert) => `${alert.rule}/${alert.subject}`).sort();
    assert.deepStrictEqual(shown, ['co2/', 'probe/data.telemetry.probes.a']);
  });
});

describe('rules that share a name', () => {
  test('are two alerts: each fires and resolves on its own (the editor names every silence rule on a channel alike)', () => {
    let now = 0;
    const source = new FakeMessageSource();
    const alerts = alertsOn(source, () => now);
    const named = (id: string, value: number, severity: ThresholdRule['severity']): ThresholdRule => ({ ...rule(id, '>', value, 0), name: 'co2 high', resolveSeconds: 0, severity });
    alerts.apply({
      ...DEFAULT_ALERT_SETTINGS,
      alertChannels: [],
      isConnectionRuleOn: false,
      rules: [
        named('warn', 1000, 'warning'),
        named('critical', 2000, 'critical'),
        { kind: 'silence', id: 'silent-10', name: `${CHANNEL} silent`, channel: CHANNEL, silentSeconds: 10, severity: 'warning' },
        { kind: 'silence', id: 'silent-60', name: `${CHANNEL} silent`, channel: CHANNEL, silentSeconds: 60, severity: 'critical' },
      ],
    });
    const send = (co2: number, atSeconds: number): void => {
      now = atSeconds * 1000;
      source.deliver(PROFILE_ID, { kind: 'channel', name: CHANNEL }, { channel: CHANNEL, payload: JSON.stringify({ data: { co2 } }), receivedAt: now });
    };
    const shown = (): string[] => alerts.book.list().alerts.map((alert) => `${alert.rule} ${alert.severity} ${alert.state}`).sort();
    send(2500, 0);
    assert.deepStrictEqual(shown(), ['co2 high critical firing', 'co2 high warning firing'], 'both rules with the one name fired, each as its own alert');
    send(1500, 1);
    assert.deepStrictEqual(shown(), ['co2 high critical resolved', 'co2 high warning firing']);
    now = 30_000;
    alerts.tick();
    assert.deepStrictEqual(shown().filter((line) => line.startsWith(CHANNEL)), [`${CHANNEL} silent warning firing`], 'the 10 s silence fired; the 60 s one not yet');
    now = 70_000;
    alerts.tick();
    assert.deepStrictEqual(shown().filter((line) => line.startsWith(CHANNEL)), [`${CHANNEL} silent critical firing`, `${CHANNEL} silent warning firing`]);
    send(500, 71);
    assert.deepStrictEqual(shown().filter((line) => line.startsWith(CHANNEL)), [`${CHANNEL} silent critical resolved`, `${CHANNEL} silent warning resolved`]);
  });
});
