/**
 * The status bar's unacknowledged count and the alerts panel's count are
 * one number: watched on every animation frame while alerts keep firing,
 * they never differ. (They did for up to a second: the bar took the count
 * from the change event, the panel waited for its list to be read again.)
 */
import { expect, saveScreenshot, test } from './fixtures/labwireTest';
import { openAlertLab } from './fixtures/alertLab';

const ALERTS_FIRED = 12;
/** Apart by more than the renderer's 250 ms settle, so each alert is its own change on screen. */
const FIRE_SPACING_MS = 400;
const WATCH_MS = ALERTS_FIRED * FIRE_SPACING_MS + 1_500;

/**
 * Runs in the page: every animation frame for `WATCH_MS`, the number in the status bar and the one in the
 * panel's counts line. A string, because the tests are compiled without the DOM library.
 */
const WATCH_BOTH_COUNTS = `new Promise((resolve) => {
  const numberIn = (selector, pattern) => {
    const text = document.querySelector(selector)?.textContent ?? '';
    if (text.startsWith('No unacknowledged')) return 0;
    const match = pattern.exec(text);
    return match ? Number(match[1].replace(/,/g, '')) : null;
  };
  const seen = { frames: 0, mismatchedFrames: 0, firstMismatches: [], barValues: [] };
  const started = performance.now();
  const look = () => {
    const bar = numberIn('[data-testid=status-unacknowledged-alerts]', /^([\\d,]+) unacknowledged/);
    const panel = numberIn('[data-testid=alert-counts]', /^([\\d,]+) unacknowledged ·/);
    seen.frames++;
    if (bar !== null && !seen.barValues.includes(bar)) seen.barValues.push(bar);
    if (bar !== panel) {
      seen.mismatchedFrames++;
      if (seen.firstMismatches.length < 5) seen.firstMismatches.push({ atMs: Math.round(performance.now() - started), bar, panel });
    }
    if (performance.now() - started < ${WATCH_MS}) requestAnimationFrame(look);
    else resolve(seen);
  };
  requestAnimationFrame(look);
})`;

interface SeenCounts {
  frames: number;
  mismatchedFrames: number;
  firstMismatches: { atMs: number; bar: number | null; panel: number | null }[];
  barValues: number[];
}

test('while alerts keep firing, the status bar and the alerts panel never show two counts', async ({ page, labwire, redis }, testInfo) => {
  const publisher = await openAlertLab(page, labwire.url, redis.port);
  try {
    await expect(page.getByTestId('alert-counts')).toHaveText(/^0 unacknowledged/);
    await expect.poll(async () => Number((await publisher.pubsub('NUMSUB', 'system:alerts'))[1])).toBeGreaterThanOrEqual(1);

    const watching = page.evaluate(WATCH_BOTH_COUNTS) as Promise<SeenCounts>;
    for (let n = 1; n <= ALERTS_FIRED; n++) {
      await publisher.publish('system:alerts', JSON.stringify({ type: 'door_open', source: `door-${n}`, data: { severity: 'WARNING', message: `Door ${n} open` } }));
      await new Promise((resolve) => setTimeout(resolve, FIRE_SPACING_MS));
    }
    const seen = await watching;
    await saveScreenshot(page, testInfo, 'alerts-one-count');

    expect({ mismatchedFrames: seen.mismatchedFrames, firstMismatches: seen.firstMismatches }).toEqual({ mismatchedFrames: 0, firstMismatches: [] });
    // The watch saw the count climb, so it compared numbers that moved.
    expect(seen.barValues.length).toBeGreaterThan(ALERTS_FIRED / 2);
    await expect(page.getByTestId('status-unacknowledged-alerts')).toHaveText(`${ALERTS_FIRED} unacknowledged alerts`);
  } finally {
    publisher.disconnect();
  }
});
