/** Smoke tests of the Sentinel and Cluster test topologies: each starts ready and stops by pid. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cluster, Redis } from 'ioredis';
import { startRedisCluster } from '../support/redisCluster';
import { startSentinelGroup } from '../support/sentinelGroup';

test('a sentinel group starts with its master named by the sentinels and its replica in sync, and stops', async () => {
  const group = await startSentinelGroup();
  try {
    assert.equal(await group.masterPort(), group.nodes[0].port);
    const client = new Redis({ sentinels: group.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port })), name: group.masterName, lazyConnect: true, retryStrategy: () => null });
    client.on('error', () => undefined);
    await client.connect();
    await client.set('smoke', 'written through sentinel');
    const replica = new Redis({ port: group.nodes[1].port, lazyConnect: true, retryStrategy: () => null });
    replica.on('error', () => undefined);
    await replica.connect();
    // WAIT is the master's: it returns once the replica acknowledged the write (a replica refuses WAIT).
    assert.equal(await client.call('WAIT', '1', '5000'), 1);
    assert.equal(await replica.get('smoke'), 'written through sentinel');
    client.disconnect();
    replica.disconnect();
  } finally {
    await group.stop();
  }
  for (const running of [...group.nodes, ...group.sentinels]) assert.throws(() => process.kill(running.pid, 0), `${running.port} still runs`);
});

test('a cluster starts with three masters covering every slot, each with a replica, and stops', async () => {
  const cluster = await startRedisCluster();
  try {
    const client = new Cluster(cluster.ports.slice(0, 1).map((port) => ({ host: '127.0.0.1', port })), { lazyConnect: true });
    client.on('error', () => undefined);
    await client.connect();
    const shards = (await client.call('CLUSTER', 'SHARDS')) as unknown[];
    assert.equal(shards.length, 3);
    const nodeLines = String(await client.call('CLUSTER', 'NODES')).trim().split('\n');
    assert.equal(nodeLines.filter((line) => line.includes(' slave ') && line.includes(' connected')).length, 3);
    client.disconnect();
  } finally {
    await cluster.stop();
  }
  for (const node of cluster.nodes) assert.throws(() => process.kill(node.pid, 0), `node ${node.port} still runs`);
});
