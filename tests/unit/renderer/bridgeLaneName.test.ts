/** A bridge lane is titled by the bridge's name once the bus has put it in the target; before that, by its id. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { laneShortName } from '../../../src/renderer/src/features/live/laneDescriptions';
import type { Lane, LaneTarget } from '../../../src/shared/liveChannels';

function laneOn(target: LaneTarget): Lane {
  return {
    id: 'lane-1',
    profileId: 'p1',
    target,
    decoder: 'auto',
    filter: '',
    subscription: { state: 'active', since: 0 },
    isPaused: false,
    pauseBuffer: { heldMessages: 0, heldBytes: 0, capacityMessages: 10, capacityBytes: 1024, dropped: 0 },
    counters: { received: 0, shown: 0, filteredOut: 0 },
    filterScan: null,
  };
}

test('a bridge lane reads "Bridge <name>", and the id only until the bus named it', () => {
  assert.deepStrictEqual(
    [laneOn({ kind: 'bridge', bridgeId: 'incubator-board-b0f141', bridgeName: 'Incubator board' }), laneOn({ kind: 'bridge', bridgeId: 'incubator-board-b0f141' })].map(laneShortName),
    ['Bridge Incubator board', 'Bridge incubator-board-b0f141'],
  );
});
