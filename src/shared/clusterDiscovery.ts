/**
 * What channel discovery on a Cluster says about the nodes it asked: classic
 * pub/sub is per node, so a node that did not answer hides its subscribers,
 * and the screen names it rather than leaving it out silently.
 */
import { countWords } from './countWords';

export interface ClusterNodesAsked {
  /** Every node CLUSTER NODES listed (masters and replicas). */
  asked: number;
  /** Nodes whose PUBSUB answers are in the counts. */
  answered: number;
  /** "role host:port" of each node that did not answer in time ("replica 10.0.0.2:7004"), as the cluster announces it. */
  unanswered: string[];
}

/** One sentence for the discovery list: "Cluster: 6 of 6 nodes answered; ..." or "2 of 6 nodes did not answer: ...". */
export function describeClusterNodesAsked(nodes: ClusterNodesAsked): string {
  const summing = 'each node counts only its own subscribers, so the counts are summed over the nodes that answered. Sharded channels are counted by the node that owns them.';
  if (nodes.unanswered.length === 0) return `Cluster: ${nodes.answered} of ${nodes.asked} nodes answered; ${summing}`;
  const missing = nodes.asked - nodes.answered;
  return `Cluster: ${missing} of ${countWords(nodes.asked, 'node')} did not answer (${nodes.unanswered.join(', ')}): subscribers connected to ${missing === 1 ? 'it' : 'them'} are not counted; ${summing}`;
}
