import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftFromForm, newProfileForm } from '../../../src/renderer/src/features/profiles/profileDraft';
import { topologyFormFrom } from '../../../src/renderer/src/features/profiles/topologyForm';

test('a Cluster draft always names database 0, whatever the hidden database field held', () => {
  const form = { ...newProfileForm(), name: 'Shards', db: '3' };
  const cluster = { ...form, topology: { ...topologyFormFrom({ mode: 'cluster', seeds: [], natMap: [] }), seeds: '10.0.0.5:7000' } };
  const sentinel = { ...form, topology: { ...topologyFormFrom({ mode: 'cluster', seeds: [], natMap: [] }), mode: 'sentinel' as const, sentinels: '10.0.0.5:26379', masterName: 'mymaster' } };
  assert.deepStrictEqual(
    [draftFromForm(cluster, undefined, { kind: 'keep' }).db, draftFromForm(sentinel, undefined, { kind: 'keep' }).db],
    [0, 3],
  );
});
