/**
 * The shell tells the truth and keeps what the operator chose: why --demo did
 * not start (on the page, with the fix), the chosen profile and tab after a
 * reload, connection states after the server link is lost, and a status bar
 * that shows the data folder's name whole.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultProfileFields } from '../../src/shared/profile';
import { findFreePort } from '../support/freePort';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';
import { startServeHostProcess } from './fixtures/serveHostProcess';

const READY_TIMEOUT_MS = 20_000;
const DEMO_SETTLED_TIMEOUT_MS = 30_000;

test('started with --demo on a machine without redis-server, the page says why there is no Redis demo, how to fix it, and that demo data runs with no server', async ({ page }, testInfo) => {
  // Nothing listens at the default profile's port (a fresh machine), whatever runs on this one's 6379.
  const silentPort = await findFreePort();
  const emptyBin = testInfo.outputPath('bin-without-redis');
  await mkdir(emptyBin, { recursive: true });
  const host = await startServeHostProcess({
    extraArguments: ['--demo'],
    env: { ...process.env, PATH: emptyBin },
    prepareDataDir: async (dataDir) => {
      const profile = { ...defaultProfileFields(), port: silentPort, id: 'local-redis', isManagedLocal: false, createdAt: 0, updatedAt: 0 };
      const file = { format: 'labwire-profile-store', version: 1, profiles: [profile] };
      await writeFile(join(dataDir, 'profiles.json'), JSON.stringify(file), { mode: 0o600 });
    },
  });
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('demo-notice')).toHaveText(
      `Nothing answers at 127.0.0.1:${silentPort} ("Local Redis"). Demo traffic needs redis-server, which is not installed here. ` +
        'Install it with: sudo apt-get install redis-server, then restart Labwire. Showing demo data from no server instead: ' +
        'it is generated on this computer, on the profile "Demo data (no server)", and nothing is published anywhere.',
      { timeout: DEMO_SETTLED_TIMEOUT_MS },
    );
    await saveScreenshot(page, testInfo, 'demo-without-redis-server');
  } finally {
    await host.stop();
  }
});

test('the chosen profile and tab come back after a page reload', async ({ page, labwire, redis }, testInfo) => {
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('tab', { name: 'Plots' }).click();

  await page.reload();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bench Redis');
  await expect(page.getByRole('tab', { name: 'Plots' })).toHaveAttribute('aria-selected', 'true');
  await saveScreenshot(page, testInfo, 'after-reload');
});

test('when the Labwire server goes away, no connection is shown as Connected', async ({ page, labwire, redis }, testInfo) => {
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  const sidebar = page.getByRole('navigation', { name: 'Connection profiles' });
  await expect(sidebar.getByRole('button', { name: /Bench Redis/ })).toContainText('Connected');

  await labwire.stop();

  await expect(page.getByTestId('link-banner')).toBeVisible();
  await expect(sidebar.getByRole('button', { name: /Bench Redis/ })).toContainText('Unknown (server link lost)');
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'unknown');
  await expect(page.getByTestId('connection-status')).not.toContainText('Connected');
  await saveScreenshot(page, testInfo, 'server-link-lost');
});

test('the status bar shows whole: a long data folder path loses its middle, keeps its name, and shows in full as a tooltip', async ({ page }, testInfo) => {
  // The serve host takes the last --data-dir given, so this one replaces the fixture's.
  const longDataDir = testInfo.outputPath('a-lab-machine', 'with-a-rather-long-home-folder', '.local', 'share', 'several-levels-deep', 'labwire-data');
  const host = await startServeHostProcess({ extraArguments: ['--data-dir', longDataDir] });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(host.url);
    const statusBar = page.getByRole('contentinfo', { name: 'About this console' });
    const dataFolder = page.getByTestId('status-data-folder');
    await expect(dataFolder).toHaveAttribute('title', longDataDir);

    const barBox = await statusBar.boundingBox();
    const tail = dataFolder.locator('.status-bar-path-tail');
    const tailBox = await tail.boundingBox();
    const barFit = await statusBar.evaluate((bar) => ({ isClippedVertically: bar.scrollHeight > bar.clientHeight }));
    const tailFit = await tail.evaluate((element) => ({ isTailCut: element.scrollWidth > element.clientWidth }));
    expect({
      tail: await tail.textContent(),
      barBottom: barBox ? barBox.y + barBox.height : null,
      isTailInsideBar: Boolean(barBox && tailBox && tailBox.x + tailBox.width <= barBox.x + barBox.width),
      ...barFit,
      ...tailFit,
    }).toEqual({ tail: 'labwire-data', barBottom: 800, isTailInsideBar: true, isClippedVertically: false, isTailCut: false });
    await saveScreenshot(page, testInfo, 'status-bar-1280');
  } finally {
    await host.stop();
    await rm(testInfo.outputPath('a-lab-machine'), { recursive: true, force: true });
  }
});
