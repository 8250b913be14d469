import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderClusterNodes } from '../../../src/renderer/src/features/connection/clusterNodeOrder';
import { describeProfileTopology, describeServerMode } from '../../../src/renderer/src/features/connection/topologyWords';
import { defaultTlsSettings } from '../../../src/shared/profile';
import type { ClusterNodeFact } from '../../../src/shared/topologyFacts';

const sentinel = { mode: 'sentinel' as const, sentinels: [1, 2, 3].map((n) => ({ host: `10.0.0.${n}`, port: 26379 })), masterName: 'mymaster', sentinelUsername: '', sentinelTls: defaultTlsSettings() };
const cluster = { mode: 'cluster' as const, seeds: [7000, 7001, 7002].map((port) => ({ host: '10.0.0.9', port })), natMap: [] };
const address = { host: '10.0.0.1', port: 26379 };

test('the header says what a profile connects through, never a sentinel or seed as if it were the server', () => {
  assert.deepStrictEqual(
    [
      describeProfileTopology(address, { mode: 'standalone' }, null),
      describeProfileTopology(address, sentinel, null),
      describeProfileTopology(address, sentinel, '10.0.0.7:6379'),
      describeProfileTopology(address, { ...sentinel, sentinels: sentinel.sentinels.slice(0, 1) }, null),
      describeProfileTopology(address, cluster, null),
    ],
    [
      '10.0.0.1:26379',
      "Sentinel group 'mymaster' via 3 sentinels",
      "Sentinel group 'mymaster' via 3 sentinels · master 10.0.0.7:6379",
      "Sentinel group 'mymaster' via 1 sentinel",
      'Cluster, 3 seed nodes',
    ],
  );
});

test("the Server card's mode names the Sentinel master and the Cluster node instead of INFO's 'standalone'", () => {
  assert.deepStrictEqual(
    [
      describeServerMode({ mode: 'standalone' }, { mode: 'standalone', role: 'master' }),
      describeServerMode(sentinel, { mode: 'standalone', role: 'master' }),
      describeServerMode(sentinel, { mode: 'standalone', role: 'slave' }),
      describeServerMode(cluster, { mode: 'cluster', role: 'master' }),
    ],
    ['standalone', "Sentinel-managed master 'mymaster'", "Sentinel-managed replica of 'mymaster'", "Cluster node (these facts are one node's)"],
  );
});

function node(id: string, port: number, role: 'master' | 'replica', slots: string[], masterId: string | null = null): ClusterNodeFact {
  return { id, address: `127.0.0.1:${port}`, mappedAddress: null, role, masterId, slots, slotCount: 0, linkState: 'connected', flags: [], usedMemoryBytes: null, roundTripMs: null };
}

test('cluster nodes: masters by first slot, each followed by its replicas; slotless masters and orphan replicas last', () => {
  const nodes = [
    node('a', 7000, 'master', ['10923-16383']),
    node('b', 7001, 'master', ['5461-10922']),
    node('c', 7002, 'master', ['0-5460']),
    node('d', 7003, 'replica', [], 'a'),
    node('e', 7004, 'replica', [], 'c'),
    node('f', 7010, 'replica', [], 'b'),
    node('g', 7005, 'replica', [], 'b'),
    node('h', 6999, 'master', []),
    node('i', 6998, 'replica', [], 'gone'),
  ];
  assert.deepStrictEqual(
    orderClusterNodes(nodes).map((each) => each.id),
    ['c', 'e', 'b', 'g', 'f', 'a', 'd', 'h', 'i'],
  );
});
