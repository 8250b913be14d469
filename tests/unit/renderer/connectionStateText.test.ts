import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConnectionState } from '../../../src/shared/connectionState';
import {
  adviseOnFailure,
  describeConnectionState,
  describeGap,
  summarizeConnectionState,
} from '../../../src/renderer/src/features/connection/describeConnectionState';

const NOW = new Date(2025, 2, 4, 10, 41, 0).getTime();

describe('connection states in words', () => {
  test('every state reads as a plain sentence with a tone', () => {
    const states: ConnectionState[] = [
      { state: 'idle' },
      { state: 'connecting', since: NOW },
      { state: 'ready', since: NOW },
      {
        state: 'reconnecting',
        since: NOW - 5_000,
        attempt: 3,
        lastError: { code: 'REFUSED', message: 'Nothing answers at 127.0.0.1:6379. Is Redis running there, and is the port right?' },
        nextRetryAt: NOW + 3_200,
      },
      { state: 'failed', since: NOW, reason: { code: 'WRONGPASS', message: 'The server refused the password for user jamie.' } },
      { state: 'closed', since: NOW },
    ];
    assert.deepStrictEqual(
      states.map((state) => ({ ...summarizeConnectionState(state), sentence: describeConnectionState(state, NOW) })),
      [
        { label: 'Not connected', tone: 'neutral', sentence: 'Not connected' },
        { label: 'Connecting…', tone: 'busy', sentence: 'Connecting…' },
        { label: 'Connected', tone: 'good', sentence: 'Connected' },
        {
          label: 'Reconnecting',
          tone: 'warning',
          sentence:
            'Reconnecting (attempt 3) — last error: Nothing answers at 127.0.0.1:6379. Is Redis running there, and is the port right? Next try in 4 s.',
        },
        { label: 'Failed', tone: 'bad', sentence: 'Failed: The server refused the password for user jamie.' },
        { label: 'Disconnected', tone: 'neutral', sentence: 'Disconnected' },
      ],
    );
  });

  test('the countdown is left out for screen readers and says "Trying now" once due', () => {
    const state: ConnectionState = {
      state: 'reconnecting',
      since: NOW,
      attempt: 1,
      lastError: { code: 'CONNECTION_LOST', message: 'The connection to 127.0.0.1:7000 dropped.' },
      nextRetryAt: NOW,
    };
    assert.deepStrictEqual(
      [describeConnectionState(state, null), describeConnectionState(state, NOW + 500)],
      [
        'Reconnecting (attempt 1) — last error: The connection to 127.0.0.1:7000 dropped.',
        'Reconnecting (attempt 1) — last error: The connection to 127.0.0.1:7000 dropped. Trying now.',
      ],
    );
  });

  test('a recovered connection names its gap in wall-clock time', () => {
    const from = new Date(2025, 2, 4, 10, 41, 2).getTime();
    const to = new Date(2025, 2, 4, 10, 41, 9).getTime();
    assert.deepStrictEqual(
      [describeGap({ state: 'ready', since: to, lastGap: { from, to } }), describeGap({ state: 'ready', since: to })],
      ['Connection was lost from 10:41:02 to 10:41:09', null],
    );
  });

  test('a failure says what to fix', () => {
    assert.deepStrictEqual(
      [
        adviseOnFailure({ state: 'failed', since: NOW, reason: { code: 'WRONGPASS', message: 'x' } }),
        adviseOnFailure({ state: 'failed', since: NOW, reason: { code: 'TLS', message: 'x' } }),
        adviseOnFailure({ state: 'ready', since: NOW }),
      ],
      [
        'Check the user name and password in the profile settings, save, then connect again.',
        'Check the TLS settings in the profile, save, then connect again.',
        null,
      ],
    );
  });
});
