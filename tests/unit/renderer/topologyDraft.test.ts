import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftFromForm, newProfileForm } from '../../../src/renderer/src/features/profiles/profileDraft';
import { mappingLineProblem, nodeLineProblem, topologyFormFrom } from '../../../src/renderer/src/features/profiles/topologyForm';

test('a Cluster draft always names database 0, whatever the hidden database field held', () => {
  const form = { ...newProfileForm(), name: 'Shards', db: '3' };
  const cluster = { ...form, topology: { ...topologyFormFrom({ mode: 'cluster', seeds: [], natMap: [] }), seeds: '10.0.0.5:7000' } };
  const sentinel = { ...form, topology: { ...topologyFormFrom({ mode: 'cluster', seeds: [], natMap: [] }), mode: 'sentinel' as const, sentinels: '10.0.0.5:26379', masterName: 'mymaster' } };
  assert.deepStrictEqual(
    [draftFromForm(cluster, undefined, { kind: 'keep' }).db, draftFromForm(sentinel, undefined, { kind: 'keep' }).db],
    [0, 3],
  );
});

test('a node list line without a port, or a mapping without its arrow, is named by line with the format to use', () => {
  assert.deepStrictEqual(
    [
      nodeLineProblem('10.0.0.5:26379\n\n10.0.0.6', '10.0.0.5:26379'),
      nodeLineProblem('10.0.0.5:26379\n[::1]:26379', '10.0.0.5:26379'),
      mappingLineProblem('172.17.0.2:7000 127.0.0.1:17000'),
      mappingLineProblem('172.17.0.2:7000 -> 127.0.0.1'),
      mappingLineProblem('172.17.0.2:7000 -> 127.0.0.1:17000'),
    ],
    [
      'Line 3 ("10.0.0.6") needs a port: write host:port, for example 10.0.0.5:26379.',
      null,
      'Line 1 ("172.17.0.2:7000 127.0.0.1:17000") needs one arrow: the address the cluster reports, ->, then the address to use, for example 172.17.0.2:7000 -> 127.0.0.1:17000.',
      'Line 1 ("172.17.0.2:7000 -> 127.0.0.1") needs host:port on both sides of ->, for example 172.17.0.2:7000 -> 127.0.0.1:17000.',
      null,
    ],
  );
});
