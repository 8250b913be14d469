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
import { measureBusIngest } from './ingestScenario';

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
    let best = { cluster: 0, standalone: 0 };
    for (let round = 0; round < rounds; round++) {
      progress(`ingest-json-cluster: round ${round + 1} of ${rounds}, ${count.toLocaleString('en-US')} messages each`);
      const clusterFirst = round % 2 === 0;
      const one = await measureBusIngest(clusterFirst ? clusterBus : standaloneBus, clusterFirst ? publishPort : server.port, 'json', count);
      const other = await measureBusIngest(clusterFirst ? standaloneBus : clusterBus, clusterFirst ? server.port : publishPort, 'json', count);
      const [clusterRun, standaloneRun] = clusterFirst ? [one, other] : [other, one];
      best = { cluster: Math.max(best.cluster, clusterRun.messagesPerSecond), standalone: Math.max(best.standalone, standaloneRun.messagesPerSecond) };
    }
    return [result('ingest-json-cluster', best.cluster, 'msg/s into the host thread from a 3-shard cluster (baseline: the same feed on one standalone server)', best.standalone)];
  } finally {
    await clusterBus.stop();
    await standaloneBus.stop();
    await server.stop();
    await cluster.stop();
  }
}
