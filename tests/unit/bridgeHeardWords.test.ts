/** The publish outcome names Labwire's bridges when they were the only listeners, and only then. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publishOutcomeSummary } from '../../src/shared/publishing';

test("a command heard by Labwire's bridges alone names them; other listeners are counted as before", () => {
  assert.deepEqual(
    [
      publishOutcomeSummary({ outcome: 'delivered', receivers: 1, ownReceivers: 1, ownBridgeNames: ['Incubator board'] }),
      publishOutcomeSummary({ outcome: 'delivered', receivers: 1, ownReceivers: 1, ownBridgeNames: ['A', 'B', 'C'] }),
      publishOutcomeSummary({ outcome: 'delivered', receivers: 1, ownReceivers: 1 }),
      publishOutcomeSummary({ outcome: 'delivered', receivers: 3, ownReceivers: 1, ownBridgeNames: ['Incubator board'] }),
    ],
    ["Heard by Labwire's bridge Incubator board", "Heard by Labwire's bridges A, B and C", 'Nobody listening but Labwire itself', 'Delivered to 2 subscribers besides Labwire itself'],
  );
});
