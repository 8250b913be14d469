/** Critical alert notices on the desktop, with fakes only (Electron cannot run here). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { AlertNotifier } from '../../src/main/desktop/alertNotifications';
import { APP_USER_MODEL_ID, desktopAlertForNotice, setWindowsAppUserModelId } from '../../src/main/desktop/criticalAlertNotices';
import type { BusEvent } from '../../src/shared/contract';

const NOW = 1_700_000_000_000;
const notice = (title: string): BusEvent => ({ type: 'alerts:notify', profileId: 'p1', title, body: 'Freezer 2 at -12 °C', alertCount: 1 });

describe('critical alert notices on the desktop', () => {
  test('an alerts:notify event becomes one notification; a second within the cooldown or while focused does not', () => {
    const notifier = new AlertNotifier();
    const first = desktopAlertForNotice(notice('Critical: freezer_temp'))!;
    const decisions = [
      notifier.decide(first, { isWindowFocused: false, isSupported: true, now: NOW }),
      notifier.decide(desktopAlertForNotice(notice('1000 critical alerts'))!, { isWindowFocused: false, isSupported: true, now: NOW + 1000 }),
      new AlertNotifier().decide(first, { isWindowFocused: true, isSupported: true, now: NOW }),
    ];
    assert.deepStrictEqual(decisions, [
      { action: 'show', title: 'Critical: freezer_temp', body: 'Freezer 2 at -12 °C' },
      { action: 'skip', reason: 'coolingDown' },
      { action: 'skip', reason: 'windowFocused' },
    ]);
    assert.equal(desktopAlertForNotice({ type: 'alerts:changed', profileId: 'p1', isWatched: true, unacknowledged: 3 }), null);
  });

  test('the AppUserModelID is set on Windows only, to the installer appId', () => {
    const set: string[] = [];
    const app = { setAppUserModelId: (id: string) => void set.push(id) };
    assert.deepStrictEqual([setWindowsAppUserModelId(app, 'linux'), setWindowsAppUserModelId(app, 'win32'), set], [false, true, [APP_USER_MODEL_ID]]);
    assert.match(readFileSync('electron-builder.yml', 'utf8'), new RegExp(`appId: ${APP_USER_MODEL_ID.replaceAll('.', '\\.')}`));
  });
});
