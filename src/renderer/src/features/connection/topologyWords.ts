/**
 * What a profile's topology is, in words for its header and the Server
 * card. A Sentinel profile's first sentinel or a Cluster's first seed reads
 * like the server's own address, and INFO calls a Sentinel-managed master
 * "standalone": both would mislead, so these say what the thing is.
 */
import type { ServerFacts } from '../../../../shared/connectionState';
import type { ProfileTopology } from '../../../../shared/profile';

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The header's address line: "127.0.0.1:6379"; "Sentinel group 'mymaster'
 * via 3 sentinels · master 10.0.0.5:6379" (the master once the sentinels
 * named it); "Cluster, 3 seed nodes".
 */
export function describeProfileTopology(address: { host: string; port: number }, topology: ProfileTopology, currentMaster: string | null): string {
  if (topology.mode === 'sentinel') {
    const group = `Sentinel group '${topology.masterName}' via ${counted(topology.sentinels.length, 'sentinel')}`;
    return currentMaster === null ? group : `${group} · master ${currentMaster}`;
  }
  if (topology.mode === 'cluster') return `Cluster, ${counted(topology.seeds.length, 'seed node')}`;
  return `${address.host}:${address.port}`;
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
