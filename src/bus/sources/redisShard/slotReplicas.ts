/**
 * Which nodes replicate a slot's master, as a live master says (CLUSTER
 * NODES), at the addresses Labwire dials (the profile's NAT map applied, as
 * the Cluster client applies it). The Cluster client's own slot map does not
 * say: CLUSTER SLOTS leaves out a replica whose replication offset is still
 * 0 (Redis 7.0 `isReplicaAvailable`), as on a cluster that has stored
 * nothing yet, which is where a pub/sub-only lab lives.
 */
import type { Cluster } from 'ioredis';
import type { NodeEndpoint } from '../../connections/redisEndpoint';

/** One line of CLUSTER NODES: "<id> <ip:port@cport[,hostname]> <flags> <master id or -> <ping> <pong> <epoch> <link> <slot> ...". */
interface NodeLine {
  id: string;
  address: string;
  flags: string[];
  masterId: string;
  slots: string[];
}

function parseNodes(text: string): NodeLine[] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter((columns) => columns.length >= 8)
    .map((columns) => ({ id: columns[0] ?? '', address: (columns[1] ?? '').split('@')[0] ?? '', flags: (columns[2] ?? '').split(','), masterId: columns[3] ?? '-', slots: columns.slice(8) }));
}

function holdsSlot(line: NodeLine, slot: number): boolean {
  return line.slots.some((range) => {
    // "[slot->-id]" and "[slot-<-id]" are migrations in progress, not ownership.
    if (range.startsWith('[')) return false;
    const [from, to] = range.split('-').map(Number);
    return from !== undefined && slot >= from && slot <= (to ?? from);
  });
}

function dialledAddress(cluster: Cluster, announced: string): NodeEndpoint | undefined {
  const natMap = cluster.options.natMap;
  const mapped = natMap && typeof natMap === 'object' ? natMap[announced] : undefined;
  if (mapped) return { host: mapped.host, port: mapped.port };
  const separator = announced.lastIndexOf(':');
  const port = Number(announced.slice(separator + 1));
  return separator > 0 && Number.isInteger(port) && port > 0 ? { host: announced.slice(0, separator), port } : undefined;
}

/** Reads CLUSTER NODES from a ready master other than `avoidNodeKey`; for each slot asked, the replicas of the master holding it (not failed), at most `limit`. */
export async function readSlotReplicas(cluster: Cluster, slots: readonly number[], avoidNodeKey: string, limit: number): Promise<Map<number, NodeEndpoint[]>> {
  const replicas = new Map<number, NodeEndpoint[]>();
  const asked = cluster.nodes('master').find((node) => node.status === 'ready' && `${node.options.host}:${node.options.port}` !== avoidNodeKey);
  if (!asked) return replicas;
  const lines = parseNodes(String(await asked.call('CLUSTER', 'NODES')));
  for (const slot of slots) {
    const owner = lines.find((line) => line.flags.includes('master') && holdsSlot(line, slot));
    if (!owner) continue;
    const found = lines
      .filter((line) => line.masterId === owner.id && !line.flags.includes('fail') && !line.flags.includes('fail?'))
      .map((line) => dialledAddress(cluster, line.address))
      .filter((endpoint): endpoint is NodeEndpoint => endpoint !== undefined);
    replicas.set(slot, found.slice(0, limit));
  }
  return replicas;
}
