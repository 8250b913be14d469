import { Redis } from 'ioredis';
import type { Page } from '@playwright/test';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;

async function connect(page: Page, url: string, port: number): Promise<void> {
  await page.goto(url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
}

async function startDemoAndOpenAgents(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: 'Start demo traffic' }).click();
  await page.getByRole('tab', { name: 'Agents & alerts' }).click();
}

test('with the demo on, the board shows the agents and the routing feed moves', async ({ page, labwire, redis }, testInfo) => {
  await connect(page, labwire.url, redis.port);
  await page.getByRole('tab', { name: 'Agents & alerts' }).click();
  await expect(page.getByText('No agent has reported on agents:status or agent:status yet.', { exact: false })).toBeVisible();
  await saveScreenshot(page, testInfo, 'agent-board-empty');
  await startDemoAndOpenAgents(page);
  for (const name of ['Vision Analyst', 'Protocol Planner', 'Data Wrangler']) {
    await expect(page.getByRole('listitem', { name: `Agent ${name}` })).toBeVisible({ timeout: READY_TIMEOUT_MS });
  }
  const decisions = page.getByRole('table', { name: 'Latest routing decisions' }).locator('tbody tr');
  await expect(decisions.first()).toBeVisible({ timeout: READY_TIMEOUT_MS });
  const firstTask = await decisions.first().locator('td').nth(1).textContent();
  // A new decision comes every 3 to 6 s: the newest row changes.
  await expect(decisions.first().locator('td').nth(1)).not.toHaveText(firstTask ?? '', { timeout: READY_TIMEOUT_MS });
  await expect(page.getByRole('list', { name: 'Share per agent' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByTestId('task-counts')).toContainText(/\d+ running/);
  await saveScreenshot(page, testInfo, 'agent-board-demo');
  await page.getByRole('heading', { name: 'Tasks' }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'agent-routing-and-tasks');
  // At 1440x900 "Protocol Planner", its id and long task messages are cut with an ellipsis: each cut text has its whole self as a tooltip.
  // A string, because the tests are compiled without the DOM library.
  const cutWithoutTooltip = await page.evaluate(`[...document.querySelector('[role=tabpanel]').querySelectorAll('*')]
    .filter((element) => element.children.length === 0 && getComputedStyle(element).textOverflow === 'ellipsis' && element.scrollWidth > element.clientWidth)
    .filter((element) => !element.title.includes(element.textContent))
    .map((element) => element.textContent)`);
  expect(cutWithoutTooltip).toEqual([]);
  // Names and ids wrap rather than being cut ("Protocol Plann…", "agent-plann…" at 1440 px); the tooltip says both again.
  const cutNames = await page.evaluate(`[...document.querySelectorAll('.agent-card-head .agent-name, .agent-card-head .agent-id')]
    .filter((element) => element.scrollWidth > element.clientWidth || element.getBoundingClientRect().width === 0)
    .map((element) => element.textContent)`);
  expect(cutNames).toEqual([]);
  await expect(page.getByRole('listitem', { name: 'Agent Protocol Planner' }).locator('.agent-title')).toHaveAttribute('title', 'Protocol Planner (agent-planner)');

  await page.getByRole('listitem', { name: 'Agent Vision Analyst' }).getByRole('button', { name: 'Show the last message' }).click();
  await expect(page.getByRole('listitem', { name: 'Agent Vision Analyst' }).locator('pre')).toContainText('agent-vision');
  await saveScreenshot(page, testInfo, 'agent-last-message');
});

test('an agent whose heartbeat stops turns STALE after the threshold set in the board settings', async ({ page, labwire, redis }, testInfo) => {
  await connect(page, labwire.url, redis.port);
  await startDemoAndOpenAgents(page);
  await page.getByText('Board settings: channels and field paths').click();
  const settings = page.getByRole('form', { name: 'Board settings' });
  // The paths seen on each channel are offered while typing.
  await expect(settings.getByText(/^Seen on agent:status: .*payload\.agentId/)).toBeVisible({ timeout: READY_TIMEOUT_MS });
  await settings.getByText('Seen on agent:status:').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'agent-board-settings');
  await settings.getByLabel('Agent silent for (seconds)').fill('2');
  await settings.getByRole('button', { name: 'Save board settings' }).click();
  await expect(settings.getByText('Saved. The board reads the channels with these settings now.')).toBeVisible();
  await expect(page.getByTestId('agent-board-summary')).toContainText('An agent silent for more than 2 s is STALE.');

  const publisher = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
  await publisher.connect();
  try {
    const heartbeat = JSON.stringify({ type: 'agent_status', payload: { agentId: 'bench-heart', name: 'Bench heart', status: 'idle', load: '0.4' } });
    const card = page.getByRole('listitem', { name: 'Agent Bench heart' });
    // Beats every 300 ms until the board shows it alive; then they stop.
    await expect(async () => {
      await publisher.publish('agent:status', heartbeat);
      await expect(card).toHaveAttribute('data-state', 'ok', { timeout: 300 });
    }).toPass({ timeout: READY_TIMEOUT_MS });
    await expect(card).toContainText('40 %');
    await expect(card).toHaveAttribute('data-state', 'stale', { timeout: 10_000 });
    await expect(card.getByText('STALE', { exact: true })).toBeVisible();
    await card.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'agent-stale');
  } finally {
    publisher.disconnect();
  }
});
