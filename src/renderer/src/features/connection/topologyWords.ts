/**
 * What a profile's topology is, in words for its header and the Server
 * card. A Sentinel profile's first sentinel or a Cluster's first seed reads
 * like the server's own address, and INFO calls a Sentinel-managed master
 * "standalone": both would mislead, so these say what the thing is.
 */
import type { ServerFacts } from '../../../../shared/connectionState';
import { describeProfileAddress, type ProfileTopology } from '../../../../shared/profile';

/**
 * The header's address line: the profile list's words ("127.0.0.1:6379";
 * "Sentinel group 'mymaster' via 3 sentinels"; "Cluster, 3 seed nodes"),
 * with the current master once the sentinels named it.
 */
export function describeProfileTopology(address: { host: string; port: number }, topology: ProfileTopology, currentMaster: string | null): string {
  const words = describeProfileAddress({ ...address, topology });
  return topology.mode === 'sentinel' && currentMaster !== null ? `${words} · master ${currentMaster}` : words;
}

/**
 * The Server card's "Mode": INFO's redis_mode for one server; on a Sentinel
 * profile the server is the master the sentinels chose (or, mid-switch, a
 * replica); on a Cluster profile the facts come from one of its nodes.
 */
export function describeServerMode(topology: ProfileTopology, facts: Pick<ServerFacts, 'mode' | 'role'>): string {
  if (topology.mode === 'sentinel') {
    return facts.role === 'master' ? `Sentinel-managed master '${topology.masterName}'` : `Sentinel-managed ${facts.role === 'slave' ? 'replica' : facts.role} of '${topology.masterName}'`;
  }
  if (topology.mode === 'cluster') return "Cluster node (these facts are one node's)";
  return facts.mode;
}
