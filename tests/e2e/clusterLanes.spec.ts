/**
 * Lanes on a Cluster end to end: a Cluster profile created in the form, a
 * sharded lane added from the "Sharded channel (Cluster)" choice shows a
 * message SPUBLISHed on its slot's owner, and discovery lists the channel
 * as sharded. Screenshots of the form and the lane with its message.
 */
import { clusterSlotOf } from '../../src/bus/sources/redisShard/clusterSlot';
import { startRedisCluster } from '../support/redisCluster';
import { runOn } from '../support/topologyProcesses';
import { connectionStateBadge, expect, saveScreenshot, test } from './fixtures/labwireTest';

test.setTimeout(180_000);
const READY_TIMEOUT_MS = 30_000;
const CHANNEL = 'eeg:{rig1}:raw';

/** The port of the master that owns `name`'s slot (CLUSTER SLOTS). */
async function ownerPort(seedPort: number, name: string): Promise<number> {
  const slot = clusterSlotOf(Buffer.from(name));
  const reply = (await runOn(seedPort, (client) => client.call('CLUSTER', 'SLOTS'))) as [number, number, [string, number]][];
  const range = reply.find(([from, to]) => slot >= from && slot <= to);
  if (!range) throw new Error(`no owner for slot ${slot}`);
  return range[2][1];
}

test('a sharded lane on a Cluster profile shows a message published with SPUBLISH, and discovery lists it as sharded', async ({ page, labwire }, testInfo) => {
  const cluster = await startRedisCluster();
  try {
    await page.goto(labwire.url);
    await page.getByRole('button', { name: 'New profile' }).first().click();
    const profileForm = page.getByRole('form', { name: 'New connection profile' });
    await profileForm.getByLabel('Name', { exact: true }).fill('Lab cluster');
    await profileForm.getByRole('radio', { name: /^Cluster/ }).check();
    await profileForm.getByLabel('Seed nodes').fill(`127.0.0.1:${cluster.ports[0] ?? 0}`);
    await profileForm.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
    await page.getByRole('tab', { name: 'Live channels' }).click();

    const form = page.getByRole('form', { name: 'Add a lane' });
    await form.getByRole('radio', { name: 'Sharded channel (Cluster)' }).check();
    await form.getByRole('textbox').fill(CHANNEL);
    await saveScreenshot(page, testInfo, 'add-sharded-lane');
    await form.getByRole('button', { name: 'Add lane' }).click();
    const lane = page.getByRole('region', { name: `Lane ${CHANNEL}`, exact: true });
    await expect(lane.getByRole('status')).toHaveText('Receiving', { timeout: READY_TIMEOUT_MS });

    const owner = await ownerPort(cluster.ports[0] ?? 0, CHANNEL);
    await runOn(owner, (client) => client.call('SPUBLISH', CHANNEL, JSON.stringify({ rig: 1, uV: [12.5, -3.25, 8] })));
    const feed = page.getByRole('listbox', { name: /^Messages of/ });
    await expect(feed.locator('[role="option"][data-seq]').first()).toContainText('12.5', { timeout: READY_TIMEOUT_MS });
    await saveScreenshot(page, testInfo, 'sharded-lane-message');

    const discovery = page.locator('details.discovery');
    await discovery.locator('summary').click();
    await discovery.getByRole('button', { name: 'Find' }).click();
    await expect(discovery.getByRole('row', { name: /eeg:\{rig1\}:raw \(sharded\)/ })).toContainText('Listening', { timeout: READY_TIMEOUT_MS });
    await saveScreenshot(page, testInfo, 'discovery-sharded');
  } finally {
    await cluster.stop();
  }
});
