import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterSlotNote } from '../../../src/renderer/src/features/streams/deadLetters/clusterSlotNote';

const splitPlan = { action: 'replay' as const, dlqKey: 'lab:tasks:dlq', perOrigin: [{ origin: 'lab:tasks', count: 2, isOriginPresent: true, isSameSlot: false }] };

test('the hash-slot note shows only for a replay on a Cluster profile whose streams lie in different slots', () => {
  assert.deepStrictEqual(
    {
      standalone: clusterSlotNote(splitPlan, 'standalone'),
      sentinel: clusterSlotNote(splitPlan, 'sentinel'),
      clusterTagged: clusterSlotNote({ ...splitPlan, perOrigin: [{ ...splitPlan.perOrigin[0]!, isSameSlot: true }] }, 'cluster'),
      clusterDiscard: clusterSlotNote({ ...splitPlan, action: 'discard' }, 'cluster'),
      cluster: clusterSlotNote(splitPlan, 'cluster'),
    },
    {
      standalone: null,
      sentinel: null,
      clusterTagged: null,
      clusterDiscard: null,
      cluster:
        'This profile is a Redis Cluster, and lab:tasks and lab:tasks:dlq lie in different hash slots: their entries will be refused and stay here as dead letters. ' +
        'Name the streams with a shared hash tag (for example {lab:tasks} and {lab:tasks}:dlq) so one script can reach both.',
    },
  );
});
