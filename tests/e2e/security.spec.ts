/**
 * The page's defences hold against what a server may carry: a channel name
 * and payloads with `<img src=x onerror=…>` and `<script>…</script>` show as
 * text in the live feed and the message inspector, and nothing in them runs.
 * A handler that ran would set window.__labwireMarkupRan, log "MARKUP-RAN",
 * or (the image) request /x from the serve host; the test watches all three,
 * plus DOM nodes the markup would have made and CSP violation reports.
 */
import type { Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
const IMAGE_MARKUP = `<img src=x onerror="window.__labwireMarkupRan='img';console.log('MARKUP-RAN img')">`;
const SCRIPT_MARKUP = `<script>window.__labwireMarkupRan='script';console.log('MARKUP-RAN script')</script>`;
const HOSTILE_CHANNEL = `lab:${IMAGE_MARKUP}${SCRIPT_MARKUP}`;
const TEXT_PAYLOAD = `reading ${IMAGE_MARKUP} then ${SCRIPT_MARKUP}`;
const JSON_PAYLOAD = JSON.stringify({ [IMAGE_MARKUP]: SCRIPT_MARKUP, note: IMAGE_MARKUP });

interface Watch {
  consoleLines: string[];
  imageRequests: string[];
  pageErrors: string[];
}

function watchPage(page: Page): Watch {
  const watch: Watch = { consoleLines: [], imageRequests: [], pageErrors: [] };
  page.on('console', (message) => watch.consoleLines.push(message.text()));
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/x') watch.imageRequests.push(request.url());
  });
  return watch;
}

/** The page's globals these checks touch (the e2e tests compile without the DOM library). */
interface PageGlobals {
  __labwireMarkupRan?: string;
  __cspViolations?: string[];
  document: {
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
    addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
  };
}

/** What running markup would leave behind in the page. */
function traces(page: Page) {
  return page.evaluate(() => {
    const globals = globalThis as unknown as PageGlobals;
    return {
      ranFlag: globals.__labwireMarkupRan ?? null,
      imagesWithSourceX: globals.document.querySelectorAll('img[src="x"]').length,
      scriptsWithMarkup: Array.from(globals.document.querySelectorAll('script')).filter((script) => script.textContent?.includes('__labwireMarkupRan')).length,
      cspViolations: globals.__cspViolations ?? [],
    };
  });
}

test('markup in a channel name and payload is shown as text in the feed and the inspector, and never runs', async ({ page, labwire, redis }, testInfo) => {
  const watch = watchPage(page);
  await page.addInitScript(() => {
    const globals = globalThis as unknown as PageGlobals;
    const violations: string[] = [];
    globals.__cspViolations = violations;
    globals.document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await page.getByRole('tab', { name: 'Live channels' }).click();
  const form = page.getByRole('form', { name: 'Add a lane' });
  await form.getByRole('radio', { name: 'Pattern (* ? [ ])' }).check();
  await form.getByRole('textbox').fill('lab:*');
  await form.getByRole('button', { name: 'Add lane' }).click();
  await expect(page.getByRole('region', { name: 'Lane lab:*', exact: true }).getByRole('status')).toHaveText('Receiving');

  const publisher = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await publisher.connect();
    await publisher.publish(HOSTILE_CHANNEL, TEXT_PAYLOAD);
    await publisher.publish(HOSTILE_CHANNEL, JSON_PAYLOAD);
  } finally {
    publisher.disconnect();
  }

  const feed = page.getByRole('listbox', { name: /^Messages of/ });
  const rows = feed.getByRole('option');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().locator('.feed-channel')).toHaveText(HOSTILE_CHANNEL);
  await expect(feed).toContainText(TEXT_PAYLOAD);
  await saveScreenshot(page, testInfo, 'security-feed-markup-as-text');

  const inspector = page.getByTestId('inspector');
  await rows.filter({ hasText: 'reading' }).click();
  await expect(inspector).toContainText(TEXT_PAYLOAD);
  await expect(inspector).toContainText(HOSTILE_CHANNEL);
  await saveScreenshot(page, testInfo, 'security-inspector-text-payload');

  await rows.filter({ hasNotText: 'reading' }).click();
  await expect(inspector.getByRole('list', { name: 'Decoded value' })).toContainText(SCRIPT_MARKUP);
  await expect(inspector.getByRole('list', { name: 'Decoded value' })).toContainText(IMAGE_MARKUP);
  await inspector.getByRole('list', { name: 'Decoded value' }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'security-inspector-json-payload');

  // The control: the console listener hears what the page logs, so silence below means nothing ran.
  await page.evaluate(() => console.log('labwire-console-control'));
  await expect.poll(() => watch.consoleLines.includes('labwire-console-control')).toBe(true);
  expect({
    traces: await traces(page),
    ranLines: watch.consoleLines.filter((line) => line.includes('MARKUP-RAN')),
    imageRequests: watch.imageRequests,
    pageErrors: watch.pageErrors,
  }).toEqual({
    traces: { ranFlag: null, imagesWithSourceX: 0, scriptsWithMarkup: 0, cspViolations: [] },
    ranLines: [],
    imageRequests: [],
    pageErrors: [],
  });
});
