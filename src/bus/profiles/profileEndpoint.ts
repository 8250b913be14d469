/** Builds what the connections module needs from a profile's fields and its opened secret. */
import type { ProfileFields } from '../../shared/profile';
import type { RedisEndpoint } from '../connections/redisEndpoint';

export function toRedisEndpoint(fields: ProfileFields, password: string | undefined): RedisEndpoint {
  const endpoint: RedisEndpoint = { host: fields.host.trim(), port: fields.port, db: fields.db };
  if (fields.username !== '') endpoint.username = fields.username;
  if (password !== undefined && password !== '') endpoint.password = password;
  const tls = fields.tls;
  if (tls.isEnabled) {
    endpoint.tls = { shouldVerify: tls.shouldVerify };
    if (tls.caFile !== '') endpoint.tls.caFile = tls.caFile;
    if (tls.certFile !== '') endpoint.tls.certFile = tls.certFile;
    if (tls.keyFile !== '') endpoint.tls.keyFile = tls.keyFile;
    if (tls.servername !== '') endpoint.tls.servername = tls.servername;
  }
  return endpoint;
}
