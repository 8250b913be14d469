/**
 * The server a saved password belongs to, as one canonical text. A password
 * is sealed together with this identity and used only where the identity is
 * unchanged, so an edited address, port, user, or TLS setting never carries
 * the old password to a new server. The editor computes the same identity to
 * tell the user before a test or a save that the password must be entered
 * again.
 *
 * Built as a list of nodes so that Sentinel or Cluster seed nodes can join the
 * binding later: each seed becomes one more "host:port" entry.
 */
import type { NodeAddress, ProfileFields, TlsSettings } from './profile';

const IDENTITY_VERSION = 'labwire-endpoint-v1';

/** `topology` absent is standalone (callers that predate topologies). */
type EndpointFields = Pick<ProfileFields, 'host' | 'port' | 'username' | 'tls'> & Partial<Pick<ProfileFields, 'topology'>>;

function nodeText(node: NodeAddress): string {
  return `${node.host.trim().toLowerCase()}:${node.port}`;
}

// Server name, CA and verification only matter when TLS is on; turning TLS on or off changes the identity anyway.
function tlsIdentity(tls: TlsSettings): unknown {
  return tls.isEnabled ? { servername: tls.servername, caFile: tls.caFile, shouldVerify: tls.shouldVerify } : null;
}

/**
 * Host names compare trimmed and without case (as the connection uses them);
 * everything else compares exactly. A standalone identity is unchanged since
 * before topologies, so passwords saved then still open. A Sentinel profile's
 * data password is bound to its sentinels and master name (they choose the
 * server it goes to); a Cluster profile's to its seeds and address mappings.
 */
export function endpointIdentity(fields: EndpointFields): string {
  const topology = fields.topology ?? { mode: 'standalone' };
  const base = { version: IDENTITY_VERSION };
  if (topology.mode === 'sentinel')
    return JSON.stringify({ ...base, mode: 'sentinel', nodes: topology.sentinels.map(nodeText), masterName: topology.masterName, username: fields.username, tls: tlsIdentity(fields.tls) });
  if (topology.mode === 'cluster') {
    const natMap = topology.natMap.map((mapping) => [nodeText(mapping.from), nodeText(mapping.to)]);
    return JSON.stringify({ ...base, mode: 'cluster', nodes: topology.seeds.map(nodeText), natMap, username: fields.username, tls: tlsIdentity(fields.tls) });
  }
  return JSON.stringify({ ...base, nodes: [nodeText(fields)], username: fields.username, tls: tlsIdentity(fields.tls) });
}

/**
 * The sentinels' own password is bound to the sentinels it was saved for and
 * their user and TLS; null when the profile has no sentinels, so no password
 * is ever sent to a sentinel of a standalone or cluster profile.
 */
export function sentinelIdentity(fields: Partial<Pick<ProfileFields, 'topology'>>): string | null {
  const topology = fields.topology;
  if (topology?.mode !== 'sentinel') return null;
  return JSON.stringify({
    version: IDENTITY_VERSION,
    role: 'sentinels',
    nodes: topology.sentinels.map(nodeText),
    masterName: topology.masterName,
    username: topology.sentinelUsername,
    tls: tlsIdentity(topology.sentinelTls),
  });
}

export function isSameEndpointIdentity(left: EndpointFields, right: EndpointFields): boolean {
  return endpointIdentity(left) === endpointIdentity(right);
}
