/** The profiles feature: saved connection profiles, their import and export. */
import type { PROFILES_REQUESTS } from '../../shared/features/profilesContract';
import { ok, type Result } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';

/** Tells every window the profile list changed. */
export function emitProfilesChanged(services: BusServices): void {
  services.emitEvent({ type: 'profiles:changed', profiles: services.profiles.list() });
}

export function createProfilesFeature(services: BusServices): BusFeature<keyof typeof PROFILES_REQUESTS> {
  const { profiles, connections } = services;
  const afterProfilesChange = <T>(result: Result<T>): Result<T> => {
    if (result.ok) emitProfilesChanged(services);
    return result;
  };
  return {
    name: 'profiles',
    handlers: {
      'profiles:list': async () => ok(profiles.list()),
      'profiles:save': async (draft) => afterProfilesChange(await profiles.save(draft)),
      'profiles:duplicate': async ({ id }) => afterProfilesChange(await profiles.duplicate(id)),
      'profiles:delete': async ({ id }) => {
        services.closeProfileFeatures(id);
        await connections.close(id);
        return afterProfilesChange(await profiles.delete(id));
      },
      'profiles:export': async ({ ids }) => profiles.exportJson(ids),
      'profiles:import': async ({ json }) => afterProfilesChange(await profiles.importJson(json)),
    },
  };
}
