import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AlertNotifier, NOTIFICATION_COOLDOWN_MS } from '../../src/main/desktop/alertNotifications';
import { createQuitSequence } from '../../src/main/desktop/quitSequence';

const NOW = 1_700_000_000_000;

describe('alert notifications', () => {
  test('no notification while the window has focus or during the cooldown; long text is cut', () => {
    const notifier = new AlertNotifier();
    const alert = { key: 'connection:p1', title: 'Labwire lost EEG rig 2', body: 'x'.repeat(1000) };
    const away = { isWindowFocused: false, isSupported: true };
    const decisions = [
      notifier.decide(alert, { ...away, isWindowFocused: true, now: NOW }),
      notifier.decide(alert, { ...away, isSupported: false, now: NOW }),
      notifier.decide(alert, { ...away, now: NOW }),
      notifier.decide(alert, { ...away, now: NOW + NOTIFICATION_COOLDOWN_MS - 1 }),
      notifier.decide({ ...alert, key: 'connection:p2' }, { ...away, now: NOW + 1 }),
      notifier.decide(alert, { ...away, now: NOW + NOTIFICATION_COOLDOWN_MS }),
    ];
    assert.deepStrictEqual(
      decisions.map((decision) => (decision.action === 'show' ? `show ${decision.body.length}` : decision.reason)),
      ['windowFocused', 'unsupported', 'show 400', 'coolingDown', 'show 400', 'show 400'],
    );
  });
});

class FakeQuitEvent {
  isPrevented = false;
  preventDefault(): void {
    this.isPrevented = true;
  }
}

describe('quit sequence', () => {
  test('holds the first quit until the bus stops, then quits once and lets that quit through', async () => {
    let finishStop: () => void = () => undefined;
    let stops = 0;
    let quits = 0;
    const sequence = createQuitSequence({
      stopBus: () => {
        stops++;
        return new Promise<void>((resolve) => (finishStop = resolve));
      },
      quit: () => quits++,
      now: () => NOW,
    });
    const first = new FakeQuitEvent();
    const repeated = new FakeQuitEvent();
    sequence.onBeforeQuit(first);
    sequence.onBeforeQuit(repeated);
    const whileStopping = { state: sequence.state(), quits };
    finishStop();
    await new Promise((resolve) => setImmediate(resolve));
    const final = new FakeQuitEvent();
    sequence.onBeforeQuit(final);
    assert.deepStrictEqual(
      { whileStopping, prevented: [first.isPrevented, repeated.isPrevented, final.isPrevented], stops, quits, state: sequence.state() },
      {
        whileStopping: { state: { state: 'stopping', since: NOW }, quits: 0 },
        prevented: [true, true, false],
        stops: 1,
        quits: 1,
        state: { state: 'stopped' },
      },
    );
  });

  test('a bus that never stops does not keep the app open', async () => {
    let quits = 0;
    let timeouts = 0;
    const sequence = createQuitSequence({
      stopBus: () => new Promise<void>(() => undefined),
      quit: () => quits++,
      timeoutMs: 20,
      onDidTimeOut: () => timeouts++,
    });
    sequence.onBeforeQuit(new FakeQuitEvent());
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepStrictEqual({ quits, timeouts, state: sequence.state() }, { quits: 1, timeouts: 1, state: { state: 'stopped' } });
  });
});
