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
import type { ProfileFields } from './profile';

const IDENTITY_VERSION = 'labwire-endpoint-v1';

type EndpointFields = Pick<ProfileFields, 'host' | 'port' | 'username' | 'tls'>;

/** Host names compare trimmed and without case (as the connection uses them); everything else compares exactly. */
export function endpointIdentity(fields: EndpointFields): string {
  const nodes = [`${fields.host.trim().toLowerCase()}:${fields.port}`];
  // Server name, CA and verification only matter when TLS is on; turning TLS on or off changes the identity anyway.
  const tls = fields.tls.isEnabled
    ? { servername: fields.tls.servername, caFile: fields.tls.caFile, shouldVerify: fields.tls.shouldVerify }
    : null;
  return JSON.stringify({ version: IDENTITY_VERSION, nodes, username: fields.username, tls });
}

export function isSameEndpointIdentity(left: EndpointFields, right: EndpointFields): boolean {
  return endpointIdentity(left) === endpointIdentity(right);
}
