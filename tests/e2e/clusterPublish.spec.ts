/**
 * Publishing on a Cluster profile end to end: the panel offers PUBLISH or
 * sharded SPUBLISH, remembers the choice per channel, and a real SSUBSCRIBE
 * on the slot's owner receives the sharded publish. Then a master is
 * SIGKILLed, a publish waits out the failover, and the connection panel
 * counts the client's repeated errors as one line each. Screenshots of the choice, the outcome and the errors.
 */
import { Redis } from 'ioredis';
import { startRedisCluster } from '../support/redisCluster';
import { runOn } from '../support/topologyProcesses';
import { connectionStateBadge, expect, saveScreenshot, test } from './fixtures/labwireTest';

test.setTimeout(180_000);
const READY_TIMEOUT_MS = 30_000;
const CHANNEL = 'lab:shard:commands';

/** The port of the master that owns `channel`'s slot. */
async function ownerOf(anyPort: number, channel: string): Promise<number> {
  const slot = Number(await runOn(anyPort, (client) => client.call('CLUSTER', 'KEYSLOT', channel)));
  const slots = (await runOn(anyPort, (client) => client.call('CLUSTER', 'SLOTS'))) as [number, number, [string, number]][];
  const range = slots.find(([start, end]) => slot >= start && slot <= end);
  return Number(range?.[2][1]);
}

test('on a Cluster profile the panel publishes with SPUBLISH to the shard, and a failover shows as counted client errors', async ({ page, labwire }, testInfo) => {
  const cluster = await startRedisCluster();
  const subscriber = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, retryStrategy: () => null });
  subscriber.on('error', () => undefined);
  try {
    const seed = cluster.ports[0] ?? 0;
    const owner = await ownerOf(seed, CHANNEL);
    subscriber.options.port = owner;
    await subscriber.connect();
    const received: string[] = [];
    subscriber.on('smessage', (_channel: string, message: string) => received.push(message));
    await subscriber.ssubscribe(CHANNEL);

    await page.goto(labwire.url);
    await page.getByRole('button', { name: 'New profile' }).first().click();
    const form = page.getByRole('form', { name: 'New connection profile' });
    await form.getByLabel('Name', { exact: true }).fill('Lab cluster');
    await form.getByRole('radio', { name: /^Cluster/ }).check();
    await form.getByLabel('Seed nodes').fill(`127.0.0.1:${seed}`);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });

    await page.getByRole('tab', { name: 'Live channels' }).click();
    const publish = page.getByRole('form', { name: 'Publish a message' });
    await publish.getByRole('combobox', { name: 'Channel', exact: true }).fill(CHANNEL);
    await expect(publish.getByRole('radio', { name: 'PUBLISH', exact: true })).toBeChecked();
    await publish.getByRole('radio', { name: 'Sharded (SPUBLISH)' }).check();
    await expect(page.getByTestId('publish-command-choice')).toContainText("Sharded publish (SPUBLISH) reaches subscribers of the channel's shard only");
    await publish.getByRole('textbox', { name: 'Payload' }).fill('{"command":"start"}');
    await saveScreenshot(page, testInfo, 'cluster-publish-choice');
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByTestId('publish-outcome')).toContainText('Delivered to 1 subscriber');
    await expect.poll(() => received).toEqual(['{"command":"start"}']);
    await saveScreenshot(page, testInfo, 'cluster-publish-delivered');

    // The choice belongs to the channel: another channel starts at PUBLISH, and the first keeps SPUBLISH.
    await publish.getByRole('combobox', { name: 'Channel', exact: true }).fill('lab:other');
    await expect(publish.getByRole('radio', { name: 'PUBLISH', exact: true })).toBeChecked();
    await publish.getByRole('combobox', { name: 'Channel', exact: true }).fill(CHANNEL);
    await expect(publish.getByRole('radio', { name: 'Sharded (SPUBLISH)' })).toBeChecked();

    const killed = cluster.nodes.find((node) => node.port === owner);
    await killed?.kill();
    // Publishing through the failover waits for the promoted replica; the client's repeated node errors meanwhile are counted.
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByTestId('publish-outcome')).toContainText(/Nobody listening|Delivered|Outcome unknown/, { timeout: READY_TIMEOUT_MS });
    await page.getByRole('tab', { name: 'Connection' }).click();
    await expect(page.getByTestId('client-errors')).toContainText(`127.0.0.1:${owner}:`, { timeout: READY_TIMEOUT_MS });
    await page.getByTestId('client-errors').scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'cluster-client-errors');
  } finally {
    subscriber.disconnect();
    await cluster.stop();
  }
});
