import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listeningChannelText, statusSentWords } from '../../../src/renderer/src/features/agents/agentFormatting';

test("'Status sent' names each channel's last word when two channels report the agent, the badge's first", () => {
  const at = 1_700_000_000_000;
  assert.equal(statusSentWords({ reportedStatus: 'busy', statusesByChannel: [{ channel: 'agent:status', status: 'busy', state: 'busy', receivedAtMs: at, isStale: false }] }), 'busy');
  assert.equal(statusSentWords({ reportedStatus: null, statusesByChannel: [] }), 'none');
  assert.equal(
    statusSentWords({
      reportedStatus: 'busy',
      statusesByChannel: [
        { channel: 'agents:status', status: 'degraded', state: 'degraded', receivedAtMs: at - 2_000, isStale: false },
        { channel: 'agent:status', status: 'busy', state: 'busy', receivedAtMs: at, isStale: false },
        { channel: 'agents:legacy', status: null, state: 'unknown', receivedAtMs: at - 90_000, isStale: true },
      ],
    }),
    'degraded on agents:status · busy on agent:status · none on agents:legacy (too old to count)',
  );
});

test('the line above the agent cards says what each channel is read for and counts its messages', () => {
  assert.deepStrictEqual(
    [
      listeningChannelText({ channel: 'agents:status', role: 'status', state: 'active', problem: null, messageCount: 2169 }),
      listeningChannelText({ channel: 'task:routing', role: 'routing', state: 'active', problem: null, messageCount: 1 }),
      listeningChannelText({ channel: 'task_updates', role: 'tasks', state: 'refused', problem: 'NOPERM this user has no permissions to access the channel', messageCount: 0 }),
    ],
    [
      'agents:status (agent status): listening, 2,169 messages',
      'task:routing (routing decisions): listening, 1 message',
      'task_updates (task progress): refused, 0 messages (NOPERM this user has no permissions to access the channel)',
    ],
  );
});
