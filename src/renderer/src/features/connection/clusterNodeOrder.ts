import type { ClusterNodeFact } from '../../../../shared/topologyFacts';

/**
 * The Cluster node table's order: masters by their first slot (the shards
 * read top to bottom as the key space does), each followed by its replicas
 * by address; masters with no slots (failed, or new) next; replicas whose
 * master is not listed last.
 */
export function orderClusterNodes(nodes: readonly ClusterNodeFact[]): ClusterNodeFact[] {
  const byAddress = (left: ClusterNodeFact, right: ClusterNodeFact): number => left.address.localeCompare(right.address, 'en', { numeric: true });
  const masters = nodes
    .filter((node) => node.role === 'master')
    .sort((left, right) => firstSlotOf(left) - firstSlotOf(right) || byAddress(left, right));
  const placed = new Set<string>();
  const ordered: ClusterNodeFact[] = [];
  for (const master of masters) {
    ordered.push(master);
    placed.add(master.id);
    for (const replica of nodes.filter((node) => node.role === 'replica' && node.masterId === master.id).sort(byAddress)) {
      ordered.push(replica);
      placed.add(replica.id);
    }
  }
  return [...ordered, ...nodes.filter((node) => !placed.has(node.id)).sort(byAddress)];
}

/** The lowest slot a master owns; a master owning none sorts after every shard. */
function firstSlotOf(node: ClusterNodeFact): number {
  const starts = node.slots.map((range) => Number(range.split('-')[0])).filter((start) => Number.isInteger(start));
  return starts.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...starts);
}
