/**
 * The profile editor at a laptop's 1440x900: the answer to "Test connection"
 * is brought into view (the form is taller than the window), the new-profile
 * page opens at its top and spaces its fields alike, and an import that fails
 * reads as an error and stays inside the sidebar, however long what it quotes.
 */
import { createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;

test('the answer to Test connection is scrolled into view', async ({ page, labwire, redis }, testInfo) => {
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('button', { name: 'Test connection' }).click();
  const answer = page.getByText(/Reached Redis/);
  await expect(answer).toBeVisible({ timeout: READY_TIMEOUT_MS });
  await expect(answer).toBeInViewport({ ratio: 1 });
  await saveScreenshot(page, testInfo, 'test-connection-answer');
});

test('New profile shows the top of the form even when the new-profile page was open and scrolled; its fields are spaced alike', async ({ page, labwire }, testInfo) => {
  await page.goto(labwire.url);
  await page.getByRole('button', { name: 'New profile' }).first().click();
  const form = page.getByRole('form', { name: 'New connection profile' });
  await expect(form).toBeVisible();
  // Strings, because the tests' TypeScript has no DOM library; they run in the page.
  await page.evaluate(`document.querySelector('main.main').scrollTo(0, 100000)`);
  await expect.poll(() => page.evaluate<number>(`document.querySelector('main.main').scrollTop`)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'New profile' }).first().click();
  await expect.poll(() => page.evaluate<number>(`document.querySelector('main.main').scrollTop`)).toBe(0);
  await expect(form.getByRole('heading', { name: 'New connection profile' })).toBeInViewport({ ratio: 1 });
  // From one field's hint to the next field's label: the dead-letter names as the port and the database number.
  const gaps = await page.evaluate<{ grid: number; streams: number }>(
    `(() => {
      const gap = (above, below) => Math.round(document.querySelector(below).getBoundingClientRect().top - document.querySelector(above).getBoundingClientRect().bottom);
      return { grid: gap('#profile-port-hint', 'label[for="profile-db"]'), streams: gap('#profile-operatorName-hint', 'label[for="profile-deadLetterTemplates"]') };
    })()`,
  );
  expect(gaps).toEqual({ grid: 14, streams: 14 });
  await saveScreenshot(page, testInfo, 'new-profile-top');
});

test('an import error is styled as an error and wraps inside the sidebar', async ({ page, labwire }, testInfo) => {
  await page.goto(labwire.url);
  const longName = `Lab${'-very-long-profile-name'.repeat(12)}`;
  // A profile with an impossible port: the bus refuses the whole import and quotes the problem.
  const json = JSON.stringify({ format: 'labwire-profiles', version: 1, profiles: [{ name: longName, host: '127.0.0.1', port: 70000 }] });
  await page.getByLabel('Import profiles from a JSON file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  const message = page.locator('.transfer-message');
  await expect(message).toHaveClass(/is-error/, { timeout: READY_TIMEOUT_MS });
  await expect(message).not.toBeEmpty();
  // A string, because the tests' TypeScript has no DOM library; it runs in the page.
  const { scroll, client } = await page.evaluate<{ scroll: number; client: number }>(
    `(() => { const element = document.querySelector('.transfer-message'); return { scroll: element.scrollWidth, client: element.clientWidth }; })()`,
  );
  expect(scroll).toBeLessThanOrEqual(client);
  await saveScreenshot(page, testInfo, 'import-error');
});
