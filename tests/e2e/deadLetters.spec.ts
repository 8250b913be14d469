import { Redis } from 'ioredis';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';
import { openStream } from './fixtures/streamsNavigation';

const READY_TIMEOUT_MS = 20_000;
const DEMO_DLQ = 'lab:tasks:dlq';
const DEMO_ORIGIN = 'lab:tasks';

test('the demo dead letters: dry run, replay two, find them in the origin and the audit', async ({ page, labwire, redis }, testInfo) => {
  test.setTimeout(120_000);
  const client = new Redis({ port: redis.port, host: '127.0.0.1' });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(labwire.url);
    await createProfile(page, { name: 'Lab 2 Redis', host: '127.0.0.1', port: redis.port });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Start demo traffic' }).click();
    await expect.poll(() => client.xlen(DEMO_DLQ), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: 'Stop demo traffic' }).click();

    await openStream(page, DEMO_ORIGIN, 'Dead letters');
    await expect(page.getByRole('region', { name: `Dead-letter streams of ${DEMO_ORIGIN}` })).toContainText(`${DEMO_DLQ}:`);
    await saveScreenshot(page, testInfo, 'origin-dead-letter-streams');

    await openStream(page, DEMO_DLQ, 'Dead letters');
    const view = page.getByRole('region', { name: `Dead letters in ${DEMO_DLQ}` });
    await expect(view.getByRole('cell', { name: /payload is not valid JSON/ }).first()).toBeVisible();
    // The original JSON payload gets a row of its own, whole on one line: in a quarter of the row it wrapped mid-word ("step s").
    const payloadValue = view.locator('.dlq-field').filter({ has: page.locator('dt', { hasText: /^payload$/ }) }).first().locator('dd');
    // One line of the table's 14 px text is about 20 px high, two are 40.
    expect(await payloadValue.evaluate((dd) => ({ isOneLine: dd.getBoundingClientRect().height < 28, hiddenWidth: dd.scrollWidth - dd.clientWidth }))).toEqual({ isOneLine: true, hiddenWidth: 0 });
    // At 1440x900 every column shows: the original payload beside the facts was cut (843 px in 610).
    expect(await view.locator('.dlq-table-wrap').evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)).toBe(0);
    // The count says when it was read; the button that reads again sits beside it, not under twenty rows of payloads.
    await expect(view.getByRole('button', { name: 'Read again' })).toBeInViewport();

    // One more dead letter after the page was read: the header's count moves on, and the page says so instead of silently disagreeing.
    const countWhenRead = await client.xlen(DEMO_DLQ);
    await expect(view.getByTestId('dlq-count')).toContainText(`${countWhenRead} dead letters in ${DEMO_DLQ} when read at`);
    const [[, newestFields] = ['', []]] = (await client.xrevrange(DEMO_DLQ, '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
    await client.xadd(DEMO_DLQ, '*', ...newestFields);
    await expect(view.getByTestId('dlq-count-newer')).toContainText(`The stream held ${countWhenRead + 1} at`, { timeout: 15_000 });
    await expect(page.locator('.stream-facts dl')).toContainText(`Entries${countWhenRead + 1}`);
    await expect(view.getByRole('button', { name: `Replay all ${countWhenRead + 1}…` })).toBeVisible();
    await saveScreenshot(page, testInfo, 'dead-letters-newer-count');
    await view.getByRole('button', { name: 'Read again' }).click();
    await expect(view.getByTestId('dlq-count')).toContainText(`${countWhenRead + 1} dead letters in ${DEMO_DLQ} when read at`);
    await expect(view.getByTestId('dlq-count-newer')).toHaveCount(0);
    const boxes = view.getByRole('checkbox', { name: /^Select dead letter / });
    const chosen = [await boxes.nth(0).getAttribute('aria-label'), await boxes.nth(1).getAttribute('aria-label')].map((label) => label?.replace('Select dead letter ', '') ?? '');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await view.getByRole('button', { name: 'Replay selected (2)…' }).click();
    await expect(view.getByTestId('dlq-plan-summary')).toHaveText(`2 entries would go to ${DEMO_ORIGIN}.`);
    // One server holds every key: the Cluster hash-slot note would only be noise here.
    await expect(view.getByRole('region', { name: 'Dry run' })).not.toContainText('slot');
    await saveScreenshot(page, testInfo, 'dead-letters-dry-run');
    await view.getByRole('button', { name: 'Replay 2' }).click();
    await expect(view.getByTestId('dlq-run-summary')).toHaveText('Finished: 2 replayed, 0 already done, 0 failed (of 2 planned).');
    await saveScreenshot(page, testInfo, 'dead-letters-replayed');

    const originEntries = (await client.xrange(DEMO_ORIGIN, '-', '+')) as Array<[string, string[]]>;
    const replayedFrom = originEntries.map(([, fields]) => fields[fields.indexOf('replayed_from') + 1]).filter((id) => chosen.includes(id ?? ''));
    expect(replayedFrom.sort()).toEqual([...chosen].sort());
    const audit = (await client.xrevrange('labwire:audit', '+', '-', 'COUNT', 5)) as Array<[string, string[]]>;
    expect(audit.map(([, fields]) => fields[fields.indexOf('summary') + 1])).toContain(`Bulk run finished: Replayed 2 dead letters of ${DEMO_DLQ}`);
  } finally {
    client.disconnect();
  }
});
