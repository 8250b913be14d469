import type { ConnectionState } from '../../../../shared/connectionState';
import type { Profile } from '../../../../shared/profile';
import type { LocalRedisStatus } from '../../../../shared/simulator';

export const DEFAULT_REDIS_PORT = 6379;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/**
 * Offer a managed Redis when the profile points at the default Redis on this
 * computer, nothing answers there, and Labwire can start one.
 */
export function shouldOfferLocalRedis(profile: Profile, state: ConnectionState, localRedis: LocalRedisStatus): boolean {
  if (profile.isManagedLocal || localRedis.state !== 'stopped') return false;
  if (!LOOPBACK_HOSTS.includes(profile.host.trim()) || profile.port !== DEFAULT_REDIS_PORT) return false;
  const error = state.state === 'failed' ? state.reason : state.state === 'reconnecting' ? state.lastError : null;
  return error?.code === 'REFUSED';
}
