/**
 * Alerts end to end against a real redis-server: alerts published with a
 * client appear in the panel, one is acknowledged with a note, and the
 * count of unacknowledged alerts in the status bar drops.
 */
import { expect, saveScreenshot, test } from './fixtures/labwireTest';
import { openAlertLab } from './fixtures/alertLab';

test('an alert published with a client appears, is acknowledged with a note, and the shell count drops', async ({ page, labwire, redis }, testInfo) => {
  const publisher = await openAlertLab(page, labwire.url, redis.port);
  try {
    const count = page.getByTestId('status-unacknowledged-alerts');

    // The bus subscribes when the connection is ready; publish until both alert channels have their subscriber.
    await expect.poll(async () => Number((await publisher.pubsub('NUMSUB', 'system:alerts'))[1]) + Number(await publisher.pubsub('NUMPAT'))).toBeGreaterThanOrEqual(2);
    await publisher.publish('system:alerts', JSON.stringify({ type: 'freezer_temp', source: 'freezer-2', data: { severity: 'CRITICAL', message: 'Freezer 2 at -12 °C' } }));
    await publisher.publish('user:u3:alerts', JSON.stringify({ type: 'battery', user_id: 'u3', level: 'warn', message: 'Headset battery at 8 %' }));
    await publisher.publish('system:alerts', 'pump 3 stopped');

    const rows = page.getByTestId('alert-row');
    await expect(rows).toHaveCount(3);
    await expect(count).toHaveText('3 unacknowledged alerts');
    await saveScreenshot(page, testInfo, 'alerts-firing');
    // The three filters sit side by side, each list as tall as the buttons (they were small browser defaults, wrapped).
    const filters = page.getByTestId('alert-filters').getByRole('combobox');
    await expect(filters).toHaveCount(3);
    const filterBoxes = await Promise.all([0, 1, 2].map((index) => filters.nth(index).boundingBox()));
    expect(new Set(filterBoxes.map((box) => Math.round(box!.y))).size).toBe(1);
    for (const box of filterBoxes) expect(box!.height).toBeGreaterThanOrEqual(30);

    const freezer = rows.filter({ hasText: 'Freezer 2 at -12 °C' });
    await freezer.getByRole('button', { name: 'Acknowledge' }).click();
    const form = freezer.getByRole('form', { name: 'Acknowledge the alert' });
    await form.getByLabel('Your name').fill('Ana');
    await form.getByLabel('Note').fill('door was open, closed it');
    await saveScreenshot(page, testInfo, 'acknowledge-form');
    await form.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(freezer.getByTestId('alert-state')).toHaveText('acknowledged by Ana: door was open, closed it');
    await expect(count).toHaveText('2 unacknowledged alerts');

    // A repeat raises the occurrence count, not a new row, and does not undo the ack.
    await publisher.publish('system:alerts', JSON.stringify({ type: 'freezer_temp', source: 'freezer-2', data: { severity: 'CRITICAL', message: 'Freezer 2 at -11 °C' } }));
    await expect(rows.filter({ hasText: 'Freezer 2 at -11 °C' })).toContainText('2 times since');
    await expect(rows).toHaveCount(3);
    await expect(count).toHaveText('2 unacknowledged alerts');
    await saveScreenshot(page, testInfo, 'alerts-acknowledged');

    // Silencing the pump's alert for an hour: it says until when and by whom, and leaves the count.
    const pump = rows.filter({ hasText: 'pump 3 stopped' });
    await pump.getByRole('button', { name: 'Silence' }).click();
    const silenceForm = pump.getByRole('form', { name: 'Silence alerts' });
    await expect(silenceForm.getByLabel('Your name')).toHaveValue('Ana');
    await silenceForm.getByLabel('Reason').fill('pump under repair');
    await silenceForm.getByRole('button', { name: 'Silence' }).click();
    await expect(pump.getByTestId('alert-state')).toHaveText(/^silenced until \d{1,2}:\d{2}( [AP]M)? by Ana: pump under repair$/);
    await expect(count).toHaveText('1 unacknowledged alert');
    await page.getByRole('button', { name: 'Schedule a mute window' }).click();
    await page.getByRole('form', { name: 'Schedule a mute window' }).getByLabel('Reason').fill('pump maintenance');
    await page.getByRole('form', { name: 'Schedule a mute window' }).getByRole('button', { name: 'Mute all alerts' }).click();
    await expect(page.getByTestId('mute-window')).toContainText('by Ana: pump maintenance');
    await expect(count).toHaveText('No unacknowledged alerts');
    await saveScreenshot(page, testInfo, 'alerts-silenced-and-muted');

    await page.getByRole('tab', { name: 'History' }).click();
    await expect(page.getByRole('cell', { name: 'door was open, closed it' })).toBeVisible();
    await saveScreenshot(page, testInfo, 'alerts-history');
    await page.getByRole('tab', { name: 'Rules' }).click();
    const ruleForm = page.getByRole('form', { name: 'Add a threshold rule' });
    await ruleForm.getByLabel('Name (optional)').fill('CO2 high');
    await ruleForm.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByText('CO2 high: devices:telemetry data.telemetry.co2 > 1000 for 30 s, resolves after 30 s (warning)')).toBeVisible();
    await saveScreenshot(page, testInfo, 'alerts-rules');

    const qualityForm = page.getByRole('form', { name: 'Add an EEG flat or railed rule' });
    await qualityForm.getByLabel('Channel').fill('user:demo1:raw');
    await qualityForm.getByLabel('Railed: at or beyond ± (empty: flat only)').fill('1000');
    await qualityForm.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByText('user:demo1:raw electrode: user:demo1:raw channels.* flat (within 0.5) or beyond ±1000 for 5 s (warning)')).toBeVisible();
    const publishForm = page.getByRole('form', { name: 'Publish acknowledgements and silences' });
    await publishForm.getByRole('checkbox').check();
    await publishForm.getByRole('button', { name: 'Save' }).click();
    await expect(publishForm.getByText('Now: published to lab:alerts:changes.')).toBeVisible();
    await qualityForm.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'alerts-rules-eeg-and-publish');
  } finally {
    publisher.disconnect();
  }
});
