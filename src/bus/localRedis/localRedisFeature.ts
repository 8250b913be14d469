/** The local Redis feature: a redis-server Labwire starts, points the managed profile at, and stops. */
import type { LOCAL_REDIS_REQUESTS } from '../../shared/features/localRedisContract';
import { ok } from '../../shared/result';
import type { LocalRedisStatus } from '../../shared/simulator';
import type { BusFeature, BusServices } from '../busFeature';
import { emitProfilesChanged } from '../profiles/profilesFeature';
import { LocalRedisServer } from './localRedisServer';

export type LocalRedisFeature = BusFeature<keyof typeof LOCAL_REDIS_REQUESTS> & { status(): LocalRedisStatus };

export function createLocalRedisFeature(services: BusServices): LocalRedisFeature {
  const localRedis = new LocalRedisServer({
    dataDir: services.host.dataDir,
    onDidChangeStatus: (status) => services.emitEvent({ type: 'localRedis:status', status }),
  });
  return {
    name: 'localRedis',
    handlers: {
      'localRedis:start': async () => {
        const started = await localRedis.start(services.profiles.managedLocalPassword());
        if (!started.ok) return started;
        const profile = await services.profiles.upsertManagedLocal(started.value.port, started.value.password);
        emitProfilesChanged(services);
        return ok({ profile, status: localRedis.status() });
      },
      'localRedis:stop': async () => ok(await localRedis.stop()),
    },
    status: () => localRedis.status(),
    dispose: async () => {
      await localRedis.stop();
    },
  };
}
