/**
 * The Groups & pending tab against a real redis-server: a stalled consumer's
 * entries show their idle time, and the operator claims one to another
 * consumer through the confirmation dialog; Redis then has it there.
 */
import { Redis } from 'ioredis';
import { openStream } from './fixtures/streamsNavigation';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
const STREAM = 'lab:tasks';

/** Six tasks; group `workers`: `stalled` took three and never acknowledged them, `worker-1` took one and did. */
async function seedStalledConsumer(port: number): Promise<string[]> {
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    const ids: string[] = [];
    for (let index = 0; index < 6; index++) {
      ids.push((await client.xadd(STREAM, '*', 'type', 'analyse', 'sample', `S-${100 + index}`, 'payload', JSON.stringify({ run: index, gain: 24 })))!);
    }
    await client.xgroup('CREATE', STREAM, 'workers', '0');
    await client.xreadgroup('GROUP', 'workers', 'stalled', 'COUNT', 3, 'STREAMS', STREAM, '>');
    await client.xreadgroup('GROUP', 'workers', 'worker-1', 'COUNT', 1, 'STREAMS', STREAM, '>');
    await client.xack(STREAM, 'workers', ids[3]!);
    // A poison message: delivered again and again.
    for (let index = 0; index < 6; index++) await client.xclaim(STREAM, 'workers', 'stalled', 0, ids[0]!);
    return ids;
  } finally {
    client.disconnect();
  }
}

async function consumerOf(port: number, id: string): Promise<string | undefined> {
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    const rows = (await client.xpending(STREAM, 'workers', id, id, 1)) as [string, string, number, number][];
    return rows[0]?.[1];
  } finally {
    client.disconnect();
  }
}

test("a stalled consumer's entries show their idle time and can be claimed", async ({ page, labwire, redis }, testInfo) => {
  const ids = await seedStalledConsumer(redis.port);
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await openStream(page, STREAM, 'Groups & pending');

  const consumers = page.locator('.consumer-list');
  await expect(consumers).toContainText(/stalled · 3 pending · idle \d+ (ms|s)/);
  // At 1440x900 every column of the groups table shows: seven side by side were twice the panel's width, the last ones cut.
  const hiddenWidth = await page.locator('.groups-table-wrap').evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth);
  expect(hiddenWidth).toBe(0);
  const explorer = page.getByRole('region', { name: 'Pending entries of group workers' });
  await expect(explorer).toContainText('3 waiting for an acknowledgement');
  const secondRow = explorer.getByRole('row').filter({ hasText: ids[1]! });
  await expect(secondRow).toContainText(/idle \d+ (ms|s)/);
  await expect(secondRow).toContainText('sample=S-101');
  // The pending table fits too: its Added time and Fields were out of sight to the right.
  expect(await page.locator('.pending-table-wrap').evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)).toBe(0);
  // A click on the row opens the entry as the Entries tab does, every field decoded.
  await secondRow.getByRole('cell', { name: /sample=S-101/ }).click();
  const inspector = page.getByRole('region', { name: `Entry ${ids[1]!}` });
  await expect(inspector).toContainText('S-101');
  await expect(inspector).toContainText('3 fields');
  await inspector.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'groups-pending-entry-opened');
  await inspector.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('figure', { name: 'Pending entries by number of deliveries' })).toContainText('over 3 of 3 pending entries');
  await saveScreenshot(page, testInfo, 'groups-stalled-consumer');

  // The Redis words stay (operators search for them), with what each does to the entries.
  const setIdButton = page.getByRole('button', { name: 'Set last id…' });
  await expect(setIdButton).toHaveAttribute('title', /^Set last id \(XGROUP SETID\): .* No entry is deleted\.$/);
  await expect(explorer.getByRole('button', { name: 'Autoclaim idle entries…' })).toHaveAttribute('title', /^Autoclaim \(XAUTOCLAIM\): .* The entries stay in the stream/);
  await setIdButton.click();
  const setIdDialog = page.getByRole('dialog', { name: 'Set the last id of group workers: where it goes on reading?' });
  await expect(setIdDialog).toContainText(`No entry is deleted from ${STREAM}, and entries already pending stay pending.`);
  await setIdDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(setIdDialog).toHaveCount(0);

  await secondRow.getByRole('checkbox').check();
  await explorer.getByRole('button', { name: 'Claim selected to…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Claim 1 entry?' });
  await expect(dialog.getByRole('button', { name: 'Claim', exact: true })).toBeDisabled();
  await dialog.getByLabel('Consumer to take them').fill('rescuer');
  await dialog.getByLabel('Only entries idle at least').fill('0 s');
  await saveScreenshot(page, testInfo, 'groups-claim-dialog');
  await dialog.getByRole('button', { name: 'Claim', exact: true }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Gave 1 entry to rescuer.' })).toBeVisible();
  await expect.poll(() => consumerOf(redis.port, ids[1]!)).toBe('rescuer');
  await expect(consumers).toContainText(/rescuer · 1 pending/);
  await saveScreenshot(page, testInfo, 'groups-claimed');

  // The claim is in the audit view, with the operator and what Redis did.
  await page.getByRole('region', { name: `Stream ${STREAM}` }).getByRole('tab', { name: 'Audit', exact: true }).click();
  const audit = page.getByRole('region', { name: 'Audit of stream actions' });
  await expect(audit.getByRole('row').filter({ hasText: 'to rescuer' })).toContainText('claim');
  await expect(audit.getByRole('row').filter({ hasText: 'to rescuer' })).toContainText('done');
  await saveScreenshot(page, testInfo, 'groups-audit');
  await page.getByRole('region', { name: `Stream ${STREAM}` }).getByRole('tab', { name: 'Groups & pending', exact: true }).click();

  // The trim guard: keeping the newest 2 would cut the 3 pending entries, so the trim waits for the loss to be accepted.
  await page.getByText('Trim this stream…').click();
  await page.getByLabel('Keep the newest (entries) or from id on').fill('2');
  await page.getByRole('button', { name: 'Check what would go' }).click();
  await expect(page.getByText(/4 of 6 entries would be removed, and 3 of them are still pending/)).toBeVisible();
  const trimButton = page.getByRole('button', { name: 'Trim 4 entries' });
  await expect(trimButton).toBeDisabled();
  await page.getByLabel('I accept losing 3 pending entries').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'groups-trim-guard');
});

test('on a read-only profile the actions are disabled with the reason; the editor offers the operator name', async ({ page, labwire, redis }, testInfo) => {
  await seedStalledConsumer(redis.port);
  await page.goto(labwire.url);
  await page.getByRole('button', { name: 'New profile' }).first().click();
  const form = page.getByRole('form', { name: 'New connection profile' });
  await form.getByLabel('Name', { exact: true }).fill('Archive Redis');
  await form.getByLabel('Address (host)', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(redis.port));
  await form.getByLabel('Read-only').check();
  await expect(form.getByLabel('Dead-letter stream names')).toHaveValue('{stream}:dlq\ndlq:{stream}');
  await form.getByLabel('Operator name').fill('Sam');
  await form.getByLabel('Operator name').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'profile-stream-fields');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Archive Redis' })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await openStream(page, STREAM, 'Groups & pending');

  const explorer = page.getByRole('region', { name: 'Pending entries of group workers' });
  await expect(explorer).toContainText('3 waiting for an acknowledgement');
  await expect(explorer.getByRole('button', { name: 'Autoclaim idle entries…' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Destroy…' })).toBeDisabled();
  await expect(explorer).toContainText('"Archive Redis" is read-only: Labwire will not change its streams.');
  await saveScreenshot(page, testInfo, 'groups-read-only');
});

test("the stream header and the groups table are one read: a group's entries read never passes the stream's entries", async ({ page, labwire, redis }) => {
  await seedStalledConsumer(redis.port);
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await openStream(page, STREAM, 'Groups & pending');
  const entriesRead = page.locator('.groups-table tbody tr').filter({ hasText: 'workers' }).first().locator('td').nth(2);
  await expect(entriesRead).toHaveText('4');

  // Tasks keep coming and the group keeps reading them, through three of the panel's reads (every 5 s).
  // Each sample compares the header's "N added in all" with the table's entries read + lag: one read gives equal numbers.
  const writer = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: 1, retryStrategy: () => null });
  writer.on('error', () => undefined);
  const samples: { added: number; readPlusLag: number }[] = [];
  try {
    for (let step = 0; samples.length < 60 || Number(await entriesRead.textContent()) < 20; step++) {
      await writer.xadd(STREAM, '*', 'type', 'analyse', 'sample', `S-${200 + step}`);
      await writer.xreadgroup('GROUP', 'workers', 'worker-1', 'COUNT', 1, 'STREAMS', STREAM, '>');
      samples.push(
        await page.getByRole('region', { name: `Stream ${STREAM}` }).evaluate((opened) => {
          const cells = [...(opened.querySelector('.groups-table tbody tr')?.querySelectorAll('td') ?? [])].map((cell) => Number(cell.textContent));
          const added = /(\d+) added in all/.exec(opened.querySelector('.stream-facts')?.textContent ?? '')?.[1];
          return { added: Number(added), readPlusLag: (cells[1] ?? Number.NaN) + (cells[2] ?? Number.NaN) };
        }),
      );
      await page.waitForTimeout(200);
    }
  } finally {
    writer.disconnect();
  }
  expect(samples.filter((sample) => sample.added !== sample.readPlusLag)).toEqual([]);
});
