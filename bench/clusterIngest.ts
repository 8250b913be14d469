/**
 * `ingest-json-cluster`: the feed's rate (messages into the host thread per
 * second) on a Cluster profile of a real 3-master, 3-replica cluster, beside
 * the same feed on one standalone server, both through the real bus worker
 * in the same run. The publisher floods PUBLISH on one master; the cluster
 * bus carries each message to the master the profile's subscriber link is on
 * (ARCHITECTURE.md "Cluster lanes"). Rounds alternate and the best of each counts.
 */
import { startRedisCluster } from '../tests/support/redisCluster';
import { startRedisServer } from '../tests/support/redisServer';
import { runOn } from '../tests/support/topologyProcesses';
import { result, type BenchResult } from './benchResults';
import { startBenchBus } from './benchBus';
import { measureBareIngest, measureBusIngest } from './ingestScenario';

export async function clusterIngestRows(count: number, rounds: number, progress: (line: string) => void): Promise<BenchResult[]> {
  progress('ingest-json-cluster: starting a 3-master, 3-replica cluster and a standalone server');
  const cluster = await startRedisCluster();
  // As for the other ingest benches: no output buffer limit, so a flood never cuts the subscriber.
  const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
  for (const port of cluster.ports) await runOn(port, (client) => client.config('SET', 'client-output-buffer-limit', 'pubsub 0 0 0'));
  const [publishPort] = cluster.ports;
  if (publishPort === undefined) throw new Error('The cluster has no node.');
  const clusterBus = await startBenchBus(publishPort, { mode: 'cluster', seeds: cluster.ports.map((port) => ({ host: '127.0.0.1', port })), natMap: [] });
  const standaloneBus = await startBenchBus(server.port);
  try {
    // The first three nodes were created as masters: the bare subscriber listens on another master than the publisher's.
    const bareSubscriberPort = cluster.ports[1] ?? publishPort;
    let best = { cluster: 0, standalone: 0, bareOnCluster: 0, bareStandalone: 0 };
    for (let round = 0; round < rounds; round++) {
      progress(`ingest-json-cluster: round ${round + 1} of ${rounds}, ${count.toLocaleString('en-US')} messages each`);
      const clusterFirst = round % 2 === 0;
      const one = await measureBusIngest(clusterFirst ? clusterBus : standaloneBus, clusterFirst ? publishPort : server.port, 'json', count);
      const other = await measureBusIngest(clusterFirst ? standaloneBus : clusterBus, clusterFirst ? server.port : publishPort, 'json', count);
      const [clusterRun, standaloneRun] = clusterFirst ? [one, other] : [other, one];
      const bareRun = await measureBareIngest(bareSubscriberPort, 'ioredis5', 'json', count, publishPort);
      const bareStandaloneRun = await measureBareIngest(server.port, 'ioredis5', 'json', count);
      best = {
        cluster: Math.max(best.cluster, clusterRun.messagesPerSecond),
        standalone: Math.max(best.standalone, standaloneRun.messagesPerSecond),
        bareOnCluster: Math.max(best.bareOnCluster, bareRun.messagesPerSecond),
        bareStandalone: Math.max(best.bareStandalone, bareStandaloneRun.messagesPerSecond),
      };
    }
    // The second row says how much of the first is Redis's own: a classic PUBLISH on a Cluster is sent to every node over the cluster bus.
    // The third is the first row's ceiling: a bare subscriber doing nothing but decode, on the cluster against on one server.
    return [
      result('ingest-json-cluster', best.cluster, 'msg/s into the host thread from a 3-shard cluster (baseline: the same feed on one standalone server)', best.standalone),
      result('ingest-json-cluster-vs-bare', best.cluster, 'msg/s into the host thread from a 3-shard cluster (baseline: bare ioredis subscriber on the same cluster, publishing to another master)', best.bareOnCluster),
      result('ingest-json-cluster-bare', best.bareOnCluster, 'msg/s of a bare ioredis subscriber on the cluster (baseline: the same bare subscriber on the standalone server): what Redis itself leaves for any subscriber', best.bareStandalone),
    ];
  } finally {
    await clusterBus.stop();
    await standaloneBus.stop();
    await server.stop();
    await cluster.stop();
  }
}
