/**
 * The window never scrolls as a whole: on every tab and at the screen sizes
 * labs use, the document is exactly the window, and PageDown on the sidebar
 * cannot push the header and tabs away.
 */
import type { Page } from '@playwright/test';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
const SCREEN_SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;
const TAB_NAMES = ['Connection', 'Live channels', 'Plots', 'Agents & alerts', 'Streams & dead letters', 'Bridges'] as const;

interface DocumentSize {
  scrollHeight: number;
  scrollWidth: number;
  scrollY: number;
}

// A string, because the tests' TypeScript has no DOM library; it runs in the page.
const MEASURE_DOCUMENT = `(() => {
  const root = document.scrollingElement;
  return { scrollHeight: root.scrollHeight, scrollWidth: root.scrollWidth, scrollY: window.scrollY };
})()`;

function documentSize(page: Page): Promise<DocumentSize> {
  return page.evaluate<DocumentSize>(MEASURE_DOCUMENT);
}

for (const size of SCREEN_SIZES) {
  test(`at ${size.width}x${size.height} no tab makes the window scroll`, async ({ page, labwire, redis }, testInfo) => {
    await page.setViewportSize(size);
    await page.goto(labwire.url);
    await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });

    const measured: Record<string, DocumentSize> = {};
    for (const tabName of TAB_NAMES) {
      await page.getByRole('tab', { name: tabName }).click();
      await expect(page.getByRole('tab', { name: tabName })).toHaveAttribute('aria-selected', 'true');
      measured[tabName] = await documentSize(page);
      await saveScreenshot(page, testInfo, `${size.width}x${size.height}-${tabName.replace(/\W+/g, '-').toLowerCase()}`);
    }
    const expected = Object.fromEntries(TAB_NAMES.map((tabName) => [tabName, { scrollHeight: size.height, scrollWidth: size.width, scrollY: 0 }]));
    expect(measured).toEqual(expected);
  });
}

test('PageDown on the sidebar keeps the header and tabs in place', async ({ page, labwire, redis }) => {
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await page.getByRole('tab', { name: 'Live channels' }).click();
  const header = page.getByRole('heading', { level: 1, name: 'Bench Redis' });
  const before = await header.boundingBox();

  await page.getByRole('heading', { name: 'Profiles' }).click();
  for (let press = 0; press < 3; press++) await page.keyboard.press('PageDown');
  await page.keyboard.press('End');

  expect({ header: await header.boundingBox(), scrollY: (await documentSize(page)).scrollY }).toEqual({ header: before, scrollY: 0 });
});
