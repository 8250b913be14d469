/** Builds what the connections module needs from a profile's fields and its opened secrets. */
import type { ProfileFields, ProfileTopology, TlsSettings } from '../../shared/profile';
import type { EndpointTls, EndpointTopology, RedisEndpoint } from '../connections/redisEndpoint';

function toEndpointTls(tls: TlsSettings): EndpointTls | undefined {
  if (!tls.isEnabled) return undefined;
  const endpointTls: EndpointTls = { shouldVerify: tls.shouldVerify };
  if (tls.caFile !== '') endpointTls.caFile = tls.caFile;
  if (tls.certFile !== '') endpointTls.certFile = tls.certFile;
  if (tls.keyFile !== '') endpointTls.keyFile = tls.keyFile;
  if (tls.servername !== '') endpointTls.servername = tls.servername;
  return endpointTls;
}

function toEndpointTopology(topology: ProfileTopology, sentinelPassword: string | undefined): EndpointTopology | undefined {
  if (topology.mode === 'cluster')
    return {
      mode: 'cluster',
      seeds: topology.seeds.map((node) => ({ host: node.host.trim(), port: node.port })),
      natMap: topology.natMap.map((mapping) => ({
        from: { host: mapping.from.host.trim(), port: mapping.from.port },
        to: { host: mapping.to.host.trim(), port: mapping.to.port },
      })),
    };
  if (topology.mode !== 'sentinel') return undefined;
  const endpointTopology: EndpointTopology = {
    mode: 'sentinel',
    sentinels: topology.sentinels.map((node) => ({ host: node.host.trim(), port: node.port })),
    masterName: topology.masterName.trim(),
  };
  if (topology.sentinelUsername !== '') endpointTopology.sentinelUsername = topology.sentinelUsername;
  if (sentinelPassword !== undefined && sentinelPassword !== '') endpointTopology.sentinelPassword = sentinelPassword;
  const sentinelTls = toEndpointTls(topology.sentinelTls);
  if (sentinelTls) endpointTopology.sentinelTls = sentinelTls;
  return endpointTopology;
}

/** `sentinelPassword` is used only by a Sentinel profile; the store passes it only when bound to these sentinels. */
export function toRedisEndpoint(fields: ProfileFields, password: string | undefined, sentinelPassword?: string): RedisEndpoint {
  const endpoint: RedisEndpoint = { host: fields.host.trim(), port: fields.port, db: fields.db };
  if (fields.username !== '') endpoint.username = fields.username;
  if (password !== undefined && password !== '') endpoint.password = password;
  const tls = toEndpointTls(fields.tls);
  if (tls) endpoint.tls = tls;
  const topology = toEndpointTopology(fields.topology, sentinelPassword);
  if (topology) endpoint.topology = topology;
  return endpoint;
}
