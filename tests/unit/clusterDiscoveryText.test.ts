import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeClusterNodesAsked } from '../../src/shared/clusterDiscovery';

test('discovery names the cluster nodes that did not answer instead of leaving them out', () => {
  assert.deepStrictEqual(
    [
      describeClusterNodesAsked({ asked: 6, answered: 6, unanswered: [] }),
      describeClusterNodesAsked({ asked: 6, answered: 4, unanswered: ['master 10.0.0.1:7000', 'replica 10.0.0.2:7004'] }),
      describeClusterNodesAsked({ asked: 6, answered: 5, unanswered: ['master 10.0.0.1:7000'] }),
    ],
    [
      'Cluster: 6 of 6 nodes answered; each node counts only its own subscribers, so the counts are summed over the nodes that answered. Sharded channels are counted by the node that owns them.',
      'Cluster: 2 of 6 nodes did not answer (master 10.0.0.1:7000, replica 10.0.0.2:7004): subscribers connected to them are not counted; each node counts only its own subscribers, so the counts are summed over the nodes that answered. Sharded channels are counted by the node that owns them.',
      'Cluster: 1 of 6 nodes did not answer (master 10.0.0.1:7000): subscribers connected to it are not counted; each node counts only its own subscribers, so the counts are summed over the nodes that answered. Sharded channels are counted by the node that owns them.',
    ],
  );
});
