/**
 * The Streams section against a real redis-server: a stream written by a
 * plain ioredis client shows in the list, opens, shows its entries with the
 * envelope as columns, pages older and newer, and a search finds an entry.
 */
import { Redis } from 'ioredis';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';
import { openStream } from './fixtures/streamsNavigation';

const READY_TIMEOUT_MS = 20_000;
const STREAM = 'orchestrator:tasks';

test('a stream appears in the list, opens, pages and is searched', async ({ page, labwire, redis }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const writer = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: 1, retryStrategy: () => null });
  writer.on('error', () => undefined);
  try {
    const pipeline = writer.pipeline();
    for (let index = 1; index <= 120; index++) {
      pipeline.xadd(STREAM, `${1_714_000_000_000 + index * 1000}-0`, 'id', `msg-${index}`, 'from', 'planner', 'to', `worker-${index % 4}`, 'type', index % 40 === 0 ? 'event' : 'task_request',
        'priority', index === 77 ? 'urgent' : 'normal', 'ttl', '300', 'correlation_id', `corr-${index}`, 'timestamp', String(1_714_000_000 + index), 'payload', JSON.stringify({ sample: index, status: index === 77 ? 'failed' : 'ok' }));
    }
    pipeline.xadd(`${STREAM}:dlq`, '*', 'data', JSON.stringify({ id: 'msg-5', from: 'planner', to: 'worker-1', type: 'task_request', payload: {}, priority: 'high' }), 'reason', 'timeout');
    for (let index = 0; index < 50; index++) pipeline.set(`other:${index}`, 'x');
    await pipeline.exec();

    await page.goto(labwire.url);
    await createProfile(page, { name: 'Orchestrator Redis', host: '127.0.0.1', port: redis.port });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });

    await page.getByRole('tab', { name: 'Streams & dead letters' }).click();
    const list = page.getByRole('region', { name: 'Streams' });
    // The tab lists every stream on opening; "List again" reads the counts anew.
    await list.getByRole('button', { name: 'List again' }).click();
    await expect(list.getByRole('status')).toHaveText(/^2 streams matching \*\. Counts as of \d{1,2}:\d\d:\d\d/);
    await expect(list.getByText(`DLQ of ${STREAM}`)).toBeVisible();
    await saveScreenshot(page, testInfo, 'streams-list');

    await openStream(page, STREAM);
    const opened = page.getByRole('region', { name: `Stream ${STREAM}` });
    await expect(opened.getByRole('heading', { name: STREAM })).toBeVisible();
    const rows = opened.locator('.entries-table tbody tr');
    await expect(rows).toHaveCount(50);
    await expect(rows.first()).toContainText('1714000120000-0');
    await expect(rows.first()).toContainText('event');
    await expect(rows.first()).toContainText('corr-120');
    // The page's own count says when it was read: the header's is read every 5 s and may already be newer.
    await expect(opened.getByRole('status').filter({ hasText: /^Showing 50 of 120 entries when read at \d\d:\d\d:\d\d, / })).toBeVisible();
    // The envelope fits the card at 1440 px: no sideways scrolling, every part whole in the tooltip.
    const tableWrap = opened.locator('.entries-table-wrap');
    expect(await tableWrap.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
    await expect(rows.first().locator('.envelope-cell')).toHaveAttribute('title', 'Type: event\nFrom: planner\nTo: worker-0\nPriority: normal\nTTL: 300\nCorrelation: corr-120\nMessage id: msg-120');
    await saveScreenshot(page, testInfo, 'stream-entries');
    await expect(opened.locator('.stream-facts')).toContainText('(MAXLEN: keep at most so many entries; MINID: drop entries older than an id)');

    // The list is a narrow column so the entries get the width (it took up to 430 px); folded, they get nearly all of it, through a reload too.
    const widthOf = (region: typeof list): Promise<number> => region.evaluate((element) => element.getBoundingClientRect().width);
    expect(await widthOf(list)).toBeLessThanOrEqual(300);
    const openedWidth = await widthOf(opened);
    await list.getByRole('button', { name: '‹ Hide list' }).click();
    const showList = list.getByRole('button', { name: 'Streams ›' });
    await expect(showList).toBeVisible();
    expect(await widthOf(opened)).toBeGreaterThan(openedWidth + 150);
    await saveScreenshot(page, testInfo, 'stream-entries-list-folded');
    await page.reload();
    await expect(showList).toBeVisible({ timeout: READY_TIMEOUT_MS });
    await expect(rows).toHaveCount(50);
    await showList.click();
    await expect(list.getByRole('button', { name: STREAM, exact: true })).toBeVisible();

    // The opened stream and its tab stay through a visit to another section, and through a reload.
    const auditTab = opened.getByRole('tab', { name: 'Audit', exact: true });
    await auditTab.click();
    await page.getByRole('tab', { name: 'Plots' }).click();
    await page.getByRole('tab', { name: 'Streams & dead letters' }).click();
    await expect(auditTab).toHaveAttribute('aria-selected', 'true');
    await page.reload();
    await expect(auditTab).toHaveAttribute('aria-selected', 'true', { timeout: READY_TIMEOUT_MS });
    await opened.getByRole('tab', { name: 'Entries', exact: true }).click();
    await expect(rows).toHaveCount(50);

    await opened.getByRole('button', { name: 'Older →' }).click();
    await expect(rows.first()).toContainText('1714000070000-0');
    await opened.getByRole('button', { name: 'Older →' }).click();
    await expect(rows).toHaveCount(20);
    await expect(opened.getByRole('button', { name: 'Older →' })).toBeDisabled();
    await opened.getByRole('button', { name: '← Newer' }).click();
    await expect(rows.first()).toContainText('1714000070000-0');
    await expect(rows.last()).toContainText('1714000021000-0');

    await opened.getByLabel('Search entries').fill('payload.status == failed');
    await opened.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(opened.getByText(/^Done\. 1 match in 120 entries, searched 1714000001000-0 … 1714000120000-0\.$/)).toBeVisible();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('urgent');
    await rows.first().getByRole('button', { name: '1714000077000-0' }).click();
    const inspector = page.getByRole('region', { name: 'Entry 1714000077000-0' });
    await expect(inspector.getByText('9 fields', { exact: false })).toBeVisible();
    await saveScreenshot(page, testInfo, 'stream-search-inspector');

    // A time window: the ten entries added in the ten seconds from 1714000010000 (ids are times).
    const localInputValue = (ms: number): string => {
      const at = new Date(ms);
      const pad = (value: number): string => String(value).padStart(2, '0');
      return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
    };
    await opened.getByRole('button', { name: 'Clear search' }).click();
    await opened.getByLabel('Search entries').fill('');
    await opened.getByRole('combobox', { name: 'Search window by' }).selectOption('time');
    await opened.getByLabel('from time').fill(localInputValue(1714000010000));
    await opened.getByLabel('to time').fill(localInputValue(1714000019000));
    await opened.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(opened.getByRole('status').filter({ hasText: /^Done\. Entries from \d\d:\d\d:50 to \d\d:\d\d:59 on \d{4}-\d\d-\d\d, 10 found\.$/ })).toBeVisible();
    await expect(rows).toHaveCount(10);
    await expect(rows.first()).toContainText('1714000019000-0');
    await expect(rows.last()).toContainText('1714000010000-0');
    await saveScreenshot(page, testInfo, 'stream-search-time-window');

    // The list and the opened stream's header are read again together, with no click: a new entry shows in both, the same number.
    await writer.xadd(STREAM, '*', 'id', 'msg-121');
    const listedRow = list.getByRole('row').filter({ has: page.getByRole('button', { name: STREAM, exact: true }) });
    await expect(listedRow.getByRole('cell').nth(1)).toHaveText('121', { timeout: 15_000 });
    await expect(opened.locator('.stream-facts dd').first()).toHaveText('121');
    // Groups and memory sit under the name, each with its word.
    await expect(listedRow.getByRole('cell').first()).toContainText(/0 groups · [\d.]+ KiB/);
  } finally {
    writer.disconnect();
  }
});

test('odd entries are shown capped and counted: binary, names that are not UTF-8, 10,000 fields, 1 MB', async ({ page, labwire, redis }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const writer = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: 1, retryStrategy: () => null });
  writer.on('error', () => undefined);
  try {
    const wide: string[] = [];
    for (let index = 0; index < 10_000; index++) wide.push(`f${index}`, String(index));
    await writer.xadd('odd', '1-1', ...wide);
    await writer.xadd('odd', '1-2', 'blob', 'x'.repeat(1024 * 1024));
    await writer.xadd('odd', '1-3', Buffer.from([0x6e, 0xff, 0x0a]), Buffer.from([0x00, 0x9c, 0xff, 0x01]));

    await page.goto(labwire.url);
    await createProfile(page, { name: 'Odd Redis', host: '127.0.0.1', port: redis.port });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
    await openStream(page, 'odd');
    const opened = page.getByRole('region', { name: 'Stream odd' });
    const rows = opened.locator('.entries-table tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('n\\xFF\\n=00 9c ff 01');
    await expect(rows.nth(1)).toContainText('blob=xxxx');
    await expect(rows.nth(2)).toContainText('+9,936 more fields');
    await rows.nth(0).getByRole('button', { name: '1-3' }).click();
    await expect(page.getByRole('region', { name: 'Entry 1-3' }).getByText('00000000  00 9c ff 01')).toBeVisible();
    await saveScreenshot(page, testInfo, 'odd-entries');

    // A stream whose name is not UTF-8 opens by its exact bytes, not by the text shown for it.
    await writer.xadd(Buffer.from([0x6f, 0x64, 0x64, 0x2d, 0x6e, 0x61, 0x6d, 0x65, 0xff]), '7-1', 'sample', 'S-7');
    const list = page.getByRole('region', { name: 'Streams' });
    await list.getByLabel('Streams matching').fill('odd-name*');
    await list.getByRole('button', { name: /^List (streams|again)$/ }).click();
    await list.getByRole('button', { name: 'odd-name\\xFF', exact: true }).click();
    const binaryNamed = page.getByRole('region', { name: 'Stream odd-name\\xFF' });
    await expect(binaryNamed.locator('.entries-table tbody tr')).toHaveCount(1);
    await expect(binaryNamed.locator('.entries-table tbody tr').first()).toContainText('sample=S-7');
    await saveScreenshot(page, testInfo, 'binary-named-stream');
  } finally {
    writer.disconnect();
  }
});
