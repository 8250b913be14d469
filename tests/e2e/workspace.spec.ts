import { readFile } from 'node:fs/promises';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;

test('the profile form explains problems in plain words as the user types', async ({ page, labwire }, testInfo) => {
  await page.goto(labwire.url);
  await page.getByRole('button', { name: 'New profile' }).first().click();
  const form = page.getByRole('form', { name: 'New connection profile' });
  await form.getByLabel('Port', { exact: true }).fill('70000');
  await expect(form.getByText('The port is a whole number from 1 to 65535 (Redis normally uses 6379).')).toBeVisible();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Give the profile a name, for example "Lab 2 Redis".')).toBeVisible();
  await expect(form.getByLabel('Name', { exact: true })).toBeFocused();
  await saveScreenshot(page, testInfo, 'form-problems');
});

test('demo traffic publishes on a ready profile and counts what it sent', async ({ page, labwire, redis }, testInfo) => {
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });

  await page.getByRole('button', { name: 'Start demo traffic' }).click();
  await expect(page.getByTestId('simulator-status')).toContainText(/Publishing since \d\d:\d\d:\d\d: [1-9][\d,]* published, 0 failed/, {
    timeout: READY_TIMEOUT_MS,
  });
  await saveScreenshot(page, testInfo, 'demo-traffic-running');
  await page.getByRole('button', { name: 'Stop demo traffic' }).click();
  await expect(page.getByTestId('simulator-status')).toHaveText('Not publishing.');
});

test('the End key reaches the last section, Bridges', async ({ page, labwire }, testInfo) => {
  await page.goto(labwire.url);
  await page.getByRole('tab', { name: 'Connection' }).focus();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Bridges' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toContainText('bridges');
  await saveScreenshot(page, testInfo, 'bridges-section');
});

test('profiles export to a JSON file without secrets and import back', async ({ page, labwire, redis }, testInfo) => {
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port, password: 'bench-secret-1' });

  const downloadStarted = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all' }).click();
  const download = await downloadStarted;
  const exportPath = testInfo.outputPath('profiles.json');
  await download.saveAs(exportPath);
  const exported = await readFile(exportPath, 'utf8');
  expect({ hasBench: exported.includes('Bench Redis'), hasSecret: exported.includes('bench-secret-1') }).toEqual({ hasBench: true, hasSecret: false });
  await expect(page.getByRole('status').filter({ hasText: 'Exported 2 profiles. Passwords are never exported.' })).toBeVisible();

  await page.getByLabel('Import profiles from a JSON file').setInputFiles(exportPath);
  await expect(page.getByRole('status').filter({ hasText: /Imported 2 profiles\./ })).toBeVisible();
  await expect(page.getByRole('button', { name: /Bench Redis \(imported\)/ })).toBeVisible();
  await saveScreenshot(page, testInfo, 'profiles-imported');
});
