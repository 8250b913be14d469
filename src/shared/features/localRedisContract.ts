/** The local Redis feature's slice of the contract: a redis-server Labwire starts and stops itself. */
import type { Profile } from '../profile';
import { empty } from '../requestChecks';
import { request } from '../requestSlice';
import type { LocalRedisStatus } from '../simulator';

export const LOCAL_REDIS_REQUESTS = {
  /** Start a Labwire-managed redis-server and point the managed profile at it. */
  'localRedis:start': request<Record<string, never>, { profile: Profile; status: LocalRedisStatus }>(empty),
  'localRedis:stop': request<Record<string, never>, LocalRedisStatus>(empty),
};

export type LocalRedisEvent = { type: 'localRedis:status'; status: LocalRedisStatus };
