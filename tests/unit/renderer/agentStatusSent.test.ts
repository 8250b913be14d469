import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusSentWords } from '../../../src/renderer/src/features/agents/agentFormatting';

test("'Status sent' names each channel's last word when two channels report the agent, the badge's first", () => {
  const at = 1_700_000_000_000;
  assert.equal(statusSentWords({ reportedStatus: 'busy', statusesByChannel: [{ channel: 'agent:status', status: 'busy', state: 'busy', receivedAtMs: at, isStale: false }] }), 'busy');
  assert.equal(statusSentWords({ reportedStatus: null, statusesByChannel: [] }), 'none');
  assert.equal(
    statusSentWords({
      reportedStatus: 'busy',
      statusesByChannel: [
        { channel: 'agents:status', status: 'degraded', state: 'error', receivedAtMs: at - 2_000, isStale: false },
        { channel: 'agent:status', status: 'busy', state: 'busy', receivedAtMs: at, isStale: false },
        { channel: 'agents:legacy', status: null, state: 'unknown', receivedAtMs: at - 90_000, isStale: true },
      ],
    }),
    'degraded on agents:status · busy on agent:status · none on agents:legacy (too old to count)',
  );
});
