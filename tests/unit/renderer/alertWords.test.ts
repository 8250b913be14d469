import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedByText, dateTime, describeAlertState, numericFieldsHint, unacknowledgedStatusText } from '../../../src/renderer/src/features/alerts/alertWords';

test("an alert's time reads on a 24-hour clock, like every other time on screen", () => {
  const afternoon = new Date(2026, 11, 3, 14, 41, 5).getTime();
  const words = dateTime(afternoon);
  // The month's name follows the locale; the clock must not.
  assert.deepStrictEqual({ endsWith: words.endsWith(', 14:41:05'), hasHalfDay: /AM|PM/i.test(words) }, { endsWith: true, hasHalfDay: false });
});

test("a rule's numeric-field hint never says a channel has none before its messages were seen", () => {
  assert.deepStrictEqual(
    [numericFieldsHint('', 0), numericFieldsHint(' devices:telemetry ', 0), numericFieldsHint('devices:telemetry', 1), numericFieldsHint('devices:telemetry', 4)],
    [
      'Type a channel to see the numeric fields its messages carry.',
      'Listening on devices:telemetry for numeric fields…',
      '1 numeric field seen on the channel so far, offered as you type.',
      '4 numeric fields seen on the channel so far, offered as you type.',
    ],
  );
});

test("an info alert not yet acknowledged reads as a new notice, not as 'firing'", () => {
  const alert = {
    id: 'a',
    origin: 'channel',
    source: 'system:alerts',
    rule: '',
    subject: '',
    rawSeverity: null,
    message: 'The nightly backup finished',
    state: 'firing',
    occurrences: 1,
    firstSeen: 0,
    lastSeen: 0,
    acknowledgement: null,
    silence: null,
    resolvedAt: null,
  } as const;
  assert.deepStrictEqual(
    [describeAlertState({ ...alert, severity: 'info' }), describeAlertState({ ...alert, severity: 'critical' })],
    ['new notice, not acknowledged', 'firing, not acknowledged'],
  );
});

test("the alert history says an automatic change happened automatically, not 'by bus'", () => {
  assert.deepStrictEqual([changedByText('bus'), changedByText('Ana')], ['automatically', 'by Ana']);
});

test("the status bar's count says how many profiles it adds up once there is more than one", () => {
  assert.deepStrictEqual(
    [unacknowledgedStatusText(undefined, 0), unacknowledgedStatusText(0, 1), unacknowledgedStatusText(2, 1), unacknowledgedStatusText(3, 2), unacknowledgedStatusText(0, 2)],
    ['Alerts: …', 'No unacknowledged alerts', '2 unacknowledged alerts', '3 unacknowledged alerts on 2 profiles', 'No unacknowledged alerts on 2 profiles'],
  );
});
