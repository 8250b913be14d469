/** The system feature: `system:hello`, what a renderer learns about its host at start. */
import type { HelloInfo } from '../../shared/contract';
import type { SYSTEM_REQUESTS } from '../../shared/features/systemContract';
import type { LocalRedisStatus } from '../../shared/simulator';
import { ok } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';

export function createSystemFeature(services: BusServices, localRedisStatus: () => LocalRedisStatus): BusFeature<keyof typeof SYSTEM_REQUESTS> {
  const hello = (): HelloInfo => ({
    appVersion: services.host.appVersion,
    host: services.host.kind,
    dataDir: services.host.dataDir,
    secretStorage: services.host.secretStorage,
    localRedis: localRedisStatus(),
  });
  return {
    name: 'system',
    handlers: {
      'system:hello': async () => ok(hello()),
    },
  };
}
