/**
 * Threshold rules read numbers sent as text ("23.5") as the numbers they
 * spell, as the agent board does; text that is not a number (ids, "n/a",
 * hex) never crosses a threshold. Plots keep reading numbers only.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProfileAlerts } from '../../src/bus/alerts/profileAlerts';
import { compileFieldPath } from '../../src/bus/signal/fieldPath';
import { DEFAULT_ALERT_SETTINGS, type ThresholdRule } from '../../src/shared/features/alertsContract';
import { FakeMessageSource } from '../support/FakeMessageSource';

const PROFILE_ID = 'lab';
const CHANNEL = 'devices:telemetry';

const rule: ThresholdRule = {
  kind: 'threshold',
  id: 'temperature-high',
  name: 'Temperature high',
  channel: CHANNEL,
  fieldPath: 'data.temperature',
  operator: '>',
  value: 23,
  pendingSeconds: 0,
  resolveSeconds: 0,
  severity: 'warning',
};

function alertsWatching(): { alerts: ProfileAlerts; send(temperature: unknown): void } {
  const source = new FakeMessageSource();
  const alerts = new ProfileAlerts({
    profileId: PROFILE_ID,
    source,
    clock: () => 0,
    history: { append: () => Promise.resolve(), read: () => Promise.resolve([]) },
    onDidChange: () => undefined,
    onDidNeedNotice: () => undefined,
  });
  alerts.apply({ ...DEFAULT_ALERT_SETTINGS, alertChannels: [], isConnectionRuleOn: false, rules: [rule] });
  const send = (temperature: unknown): void =>
    source.deliver(PROFILE_ID, { kind: 'channel', name: CHANNEL }, { channel: CHANNEL, payload: JSON.stringify({ data: { temperature } }), receivedAt: 0 });
  return { alerts, send };
}

function states(alerts: ProfileAlerts): Array<[string, string]> {
  return alerts.book.list().alerts.map((alert) => [alert.state, alert.message]);
}

describe('threshold rules and numbers sent as text', () => {
  test('"23.5" crosses > 23 and " 22 " ends it, as the numbers they spell', () => {
    const { alerts, send } = alertsWatching();
    send('23.5');
    assert.deepStrictEqual(states(alerts), [['firing', 'devices:telemetry data.temperature is 23.5 (> 23 for 0 s)']]);
    send(' 22 ');
    assert.deepStrictEqual(states(alerts), [['resolved', 'devices:telemetry data.temperature is 23.5 (> 23 for 0 s)']]);
  });

  test('text that is not a decimal number never crosses: ids, words, hex, Infinity, empty', () => {
    const { alerts, send } = alertsWatching();
    for (const text of ['T-100', 'n/a', '0x7f', 'Infinity', '', '1e999', '100'.padStart(80, ' ')]) send(text);
    assert.deepStrictEqual(states(alerts), []);
  });

  test('plots still read numbers only: the same path without the rules\' reading skips text', () => {
    const plain = compileFieldPath('data.temperature');
    const rules = compileFieldPath('data.temperature', { isNumericTextRead: true });
    assert.ok(plain.ok && rules.ok);
    const message = { data: { temperature: '23.5' } };
    assert.deepStrictEqual([plain.value.extract(message), rules.value.extract(message)], [[], [['data.temperature', 23.5]]]);
  });
});
