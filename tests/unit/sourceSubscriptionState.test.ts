/** The one subscription-state helper every source uses: settling, ending, and a listener's bug kept to itself. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SourceSubscriptionState } from '../../src/bus/sources/sourceSubscriptionState';
import type { LaneSubscription } from '../../src/shared/liveChannels';

const subscribing: LaneSubscription = { state: 'subscribing', since: 1 };
const interrupted: LaneSubscription = { state: 'interrupted', since: 2 };
const active: LaneSubscription = { state: 'active', since: 3 };

describe('source subscription state', () => {
  test('whenSettled waits past interruptions for active, and every listener hears each state even when one throws', async () => {
    const state = new SourceSubscriptionState(subscribing);
    const heard: string[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      state.onDidChangeState(() => {
        throw new Error('a listener bug');
      });
      state.onDidChangeState((next) => heard.push(next.state));
      const settled = state.whenSettled();
      state.set(interrupted);
      state.set(active);
      assert.deepStrictEqual([await settled, heard], [active, ['interrupted', 'active']]);
    } finally {
      console.error = originalError;
    }
  });

  test('an ended subscription settles with its last state, before or after the end, and changes no more', async () => {
    const state = new SourceSubscriptionState(subscribing);
    const waiting = state.whenSettled();
    state.end(interrupted);
    state.set(active);
    assert.deepStrictEqual([await waiting, await state.whenSettled(), state.get(), state.hasEnded()], [interrupted, interrupted, interrupted, true]);
  });
});
