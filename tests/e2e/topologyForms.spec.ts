/**
 * The Sentinel and Cluster parts of the profile editor, end to end: a
 * Cluster profile made in the form lists every node with the role and slots
 * the cluster itself reports; a Sentinel profile's own password is sealed
 * like the data password (stored, never shown back) and opens sentinels that
 * require it. Screenshots of both editor modes and both topology cards.
 */
import type { Locator, Page } from '@playwright/test';
import { startRedisCluster } from '../support/redisCluster';
import { startSentinelGroup } from '../support/sentinelGroup';
import { runOn } from '../support/topologyProcesses';
import { connectionStateBadge, expect, saveScreenshot, test } from './fixtures/labwireTest';

/** Cluster and Sentinel nodes start slowly on a shared 2-core machine. */
test.setTimeout(180_000);
const READY_TIMEOUT_MS = 30_000;
const SENTINEL_PASSWORD = 'e2e-sentinels-5b21-canary';

async function newProfileForm(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name: 'New profile' }).first().click();
  const form = page.getByRole('form', { name: 'New connection profile' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  return form;
}

/**
 * Each node's row as the card should show it, from the cluster's own CLUSTER
 * NODES: "<id> <ip:port@bus> <flags> <master id|-> <ping> <pong> <epoch> <link> <slot ranges...>".
 */
async function expectedRows(port: number): Promise<string[][]> {
  const lines = String(await runOn(port, (client) => client.call('CLUSTER', 'NODES'))).trim().split('\n');
  const nodes = lines.map((line) => {
    const [id = '', address = '', flags = '', masterId = '', , , , , ...slots] = line.split(' ');
    return { id, address: address.split('@')[0] ?? '', isMaster: flags.includes('master'), masterId, slots };
  });
  return nodes
    .map((node) => {
      const slotCount = node.slots.reduce((sum, range) => {
        const [from = 0, to = from] = range.split('-').map(Number);
        return sum + to - from + 1;
      }, 0);
      const role = node.isMaster ? 'master' : `replica of ${nodes.find((other) => other.id === node.masterId)?.address ?? '?'}`;
      return [node.address, role, node.slots.length === 0 ? 'none' : `${node.slots.join(', ')} (${slotCount})`];
    })
    .sort((left, right) => (left[0] ?? '').localeCompare(right[0] ?? ''));
}

test('a Cluster profile made in the form lists all six nodes with the roles and slots the cluster reports', async ({ page, labwire }, testInfo) => {
  const cluster = await startRedisCluster();
  try {
    await page.goto(labwire.url);
    const form = await newProfileForm(page, 'Shards');
    await form.getByRole('radio', { name: /^Cluster/ }).check();
    await form.getByLabel('Seed nodes').fill('127.0.0.1');
    await form.getByRole('button', { name: 'Save' }).click();
    // Save brings the refused text box into view with its problem under it.
    await expect(form.getByLabel('Seed nodes')).toBeFocused();
    await expect(form.getByText('Line 1 ("127.0.0.1") needs a port: write host:port, for example 10.0.0.5:7000.')).toBeInViewport();
    await saveScreenshot(page, testInfo, 'editor-cluster-problem');
    await form.getByLabel('Seed nodes').fill(cluster.ports.slice(0, 2).map((port) => `127.0.0.1:${port}`).join('\n'));
    await expect(form.getByText('Encryption to the cluster nodes (TLS)')).toBeVisible();
    // A cluster has only database 0.
    await expect(form.getByLabel('Database number')).toHaveCount(0);
    await saveScreenshot(page, testInfo, 'editor-cluster');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Shards' })).toBeVisible();

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
    const rows = page.getByTestId('cluster-node');
    await expect(rows).toHaveCount(6, { timeout: READY_TIMEOUT_MS });
    const shown = await Promise.all((await rows.all()).map((row) => row.locator('th, td').allInnerTexts()));
    const [seed = 0] = cluster.ports;
    expect(shown.map((cells) => cells.slice(0, 3)).sort((left, right) => (left[0] ?? '').localeCompare(right[0] ?? ''))).toEqual(await expectedRows(seed));
    await page.getByTestId('topology-card').scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'topology-cluster');
  } finally {
    await cluster.stop();
  }
});

test("a Sentinel profile's own password is sealed like the data password and opens sentinels that require it", async ({ page, labwire }, testInfo) => {
  const group = await startSentinelGroup();
  try {
    // The group is ready; from here on each sentinel asks for a password (the data servers do not).
    for (const sentinel of group.sentinels) await runOn(sentinel.port, (client) => client.call('ACL', 'SETUSER', 'default', 'resetpass', `>${SENTINEL_PASSWORD}`));
    await page.goto(labwire.url);
    const form = await newProfileForm(page, 'Lab HA');
    await form.getByRole('radio', { name: /^Sentinel/ }).check();
    await form.getByLabel('Sentinels', { exact: true }).fill(group.sentinels.map((sentinel) => `127.0.0.1:${sentinel.port}`).join('\n'));
    await form.getByLabel('Master name').fill(group.masterName);
    await expect(form.getByText("Data servers' password")).toBeVisible();
    await form.getByLabel("Sentinels' password", { exact: true }).fill(SENTINEL_PASSWORD);
    await saveScreenshot(page, testInfo, 'editor-sentinel');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Lab HA' })).toBeVisible();

    const settings = page.getByRole('form', { name: 'Profile settings' });
    await expect(settings.getByTestId('sentinel-password-state')).toHaveText('stored');
    await expect(settings.getByTestId('password-state')).toHaveCount(0);
    expect(await page.content()).not.toContain(SENTINEL_PASSWORD);
    await saveScreenshot(page, testInfo, 'editor-sentinel-stored');

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
    await expect(page.getByTestId('topology-master')).toHaveText(`127.0.0.1:${group.nodes[0].port}`, { timeout: READY_TIMEOUT_MS });
    await page.getByTestId('topology-card').scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'topology-sentinel');
  } finally {
    await group.stop();
  }
});
