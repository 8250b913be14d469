/**
 * Sentinel and Cluster profiles end to end: created in the form, connected,
 * and their topology shown in the connection panel. Screenshots of the
 * editor in each mode and of both topology cards.
 */
import type { Page } from '@playwright/test';
import { startRedisCluster } from '../support/redisCluster';
import { startSentinelGroup } from '../support/sentinelGroup';
import { connectionStateBadge, expect, saveScreenshot, test } from './fixtures/labwireTest';

/** Cluster and Sentinel nodes start slowly on a shared 2-core machine. */
test.setTimeout(180_000);
const READY_TIMEOUT_MS = 30_000;

async function newProfileForm(page: Page, name: string) {
  await page.getByRole('button', { name: 'New profile' }).first().click();
  const form = page.getByRole('form', { name: 'New connection profile' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  return form;
}

test('a Cluster profile created in the form shows its nodes in the connection panel', async ({ page, labwire }, testInfo) => {
  const cluster = await startRedisCluster();
  try {
    await page.goto(labwire.url);
    const form = await newProfileForm(page, 'Lab cluster');
    await saveScreenshot(page, testInfo, 'editor-standalone');
    await form.getByRole('radio', { name: /^Sentinel/ }).check();
    await expect(form.getByLabel('Master name')).toBeVisible();
    await saveScreenshot(page, testInfo, 'editor-sentinel');
    await form.getByRole('radio', { name: /^Cluster/ }).check();
    await expect(form.getByLabel('Address (host)', { exact: true })).toHaveCount(0);
    await form.getByLabel('Seed nodes').fill(`127.0.0.1:${cluster.ports[0] ?? 0}`);
    await saveScreenshot(page, testInfo, 'editor-cluster');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Lab cluster' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Lab cluster/ })).toContainText('Cluster, 1 seed node');

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
    const nodes = page.getByTestId('cluster-node');
    await expect(nodes).toHaveCount(6, { timeout: READY_TIMEOUT_MS });
    for (const port of cluster.ports) await expect(nodes.filter({ has: page.getByRole('rowheader', { name: `127.0.0.1:${port}`, exact: true }) })).toHaveCount(1);
    await expect(page.getByTestId('topology-card')).toContainText('6 nodes: 3 masters holding 16384 of 16384 slots, 3 replicas; every cluster link connected.');
    // The header says what the address is; the Server card says which kind of node answered.
    await expect(page.locator('.workspace-address')).toHaveText('Cluster, 1 seed node');
    await expect(page.getByTestId('server-mode')).toHaveText("Cluster node (these facts are one node's)");
    // Masters in slot order, each followed by its replica.
    const roles = await nodes.locator('td:nth-child(2)').allTextContents();
    const slots = await nodes.locator('td:nth-child(3)').allTextContents();
    const masterAddresses = await nodes.locator('th').allTextContents();
    expect(roles.map((role) => (role.startsWith('master') ? 'master' : 'replica'))).toEqual(['master', 'replica', 'master', 'replica', 'master', 'replica']);
    expect([0, 2, 4].map((row) => slots[row]?.split('-')[0])).toEqual(['0', '5461', '10923']);
    expect([1, 3, 5].map((row) => roles[row])).toEqual([0, 2, 4].map((row) => `replica of ${masterAddresses[row] ?? ''}`));
    await saveScreenshot(page, testInfo, 'topology-cluster');
  } finally {
    await cluster.stop();
  }
});

test('a Sentinel profile shows its master, replica and sentinels, and the switch after a failover', async ({ page, labwire }, testInfo) => {
  const group = await startSentinelGroup();
  try {
    await page.goto(labwire.url);
    const form = await newProfileForm(page, 'Lab HA');
    await form.getByRole('radio', { name: /^Sentinel/ }).check();
    await form.getByLabel('Sentinels', { exact: true }).fill(group.sentinels.map((sentinel) => `127.0.0.1:${sentinel.port}`).join('\n'));
    await form.getByLabel('Master name').fill(group.masterName);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Lab HA' })).toBeVisible();

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
    await expect(page.getByTestId('topology-master')).toHaveText(`127.0.0.1:${group.nodes[0].port}`, { timeout: READY_TIMEOUT_MS });
    await expect(page.locator('.workspace-address')).toHaveText(`Sentinel group '${group.masterName}' via 3 sentinels · master 127.0.0.1:${group.nodes[0].port}`, { timeout: READY_TIMEOUT_MS });
    await expect(page.getByTestId('server-mode')).toHaveText(`Sentinel-managed master '${group.masterName}'`);
    const moved = await group.failover();
    await expect(page.getByTestId('topology-switch')).toContainText(`Master moved from 127.0.0.1:${moved.from} to 127.0.0.1:${moved.to} at`, { timeout: READY_TIMEOUT_MS });
    await expect(page.getByTestId('topology-master')).toHaveText(`127.0.0.1:${moved.to}`, { timeout: READY_TIMEOUT_MS });
    await expect(page.locator('.workspace-address')).toContainText(`· master 127.0.0.1:${moved.to}`, { timeout: READY_TIMEOUT_MS });
    await saveScreenshot(page, testInfo, 'topology-sentinel');
  } finally {
    await group.stop();
  }
});
