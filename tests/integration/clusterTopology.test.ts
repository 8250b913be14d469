/**
 * A Cluster profile against a real 3-master, 3-replica cluster: it becomes
 * ready, publishes, and its topology lists every node with role, slots,
 * memory, link and round trip. Features that need one node get no client.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisCluster } from '../support/redisCluster';
import { pollUntil } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();

test('a cluster profile connects through one seed and lists all six nodes with their slots', async () => {
  const cluster = await startRedisCluster();
  cleanups.push(() => cluster.stop());
  const recorder = new ConnectionStateRecorder();
  const registry = new ConnectionRegistry({ ...recorder.listeners, timing: { connectTimeoutMs: 5_000 } });
  cleanups.push(() => registry.dispose());
  const [seed] = cluster.ports;
  registry.open('shards', { host: 'unused.invalid', port: 1, db: 0, topology: { mode: 'cluster', seeds: [{ host: '127.0.0.1', port: seed ?? 0 }], natMap: [] } });
  await pollUntil('the cluster profile to be ready', async () => registry.stateOf('shards').state === 'ready', 20_000);

  const facts = valueOf(await registry.readTopology('shards'));
  assert.equal(facts.mode, 'cluster');
  if (facts.mode !== 'cluster') return;
  const masters = facts.nodes.filter((node) => node.role === 'master');
  assert.deepStrictEqual(
    {
      addresses: facts.nodes.map((node) => node.address).sort(),
      masters: masters.length,
      slots: masters.reduce((sum, node) => sum + node.slotCount, 0),
      everyReplicaHasAMaster: facts.nodes.filter((node) => node.role === 'replica').every((node) => masters.some((master) => master.id === node.masterId)),
      allAnswered: facts.nodes.every((node) => node.roundTripMs !== null && node.usedMemoryBytes !== null && node.linkState === 'connected'),
    },
    { addresses: cluster.ports.map((port) => `127.0.0.1:${port}`).sort(), masters: 3, slots: 16_384, everyReplicaHasAMaster: true, allAnswered: true },
  );
  assert.equal(valueOf(await registry.publish('shards', 'lab:cluster', Buffer.from('hello'))), 0);
  assert.equal(registry.commandClient('shards'), undefined, 'single-node features do not get a cluster client yet');
});
