/** The connections feature: opening, closing and testing each profile's supervised connection. */
import type { CONNECTIONS_REQUESTS } from '../../shared/features/connectionsContract';
import { ok } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';
import { testConnection } from './testConnection';

export function createConnectionsFeature(services: BusServices): BusFeature<keyof typeof CONNECTIONS_REQUESTS> {
  const { profiles, connections } = services;
  return {
    name: 'connections',
    handlers: {
      'connection:open': async ({ profileId }) => {
        // A demo profile has no server to dial: opening it lets its generated data flow (sources/demo/).
        if (profiles.get(profileId)?.isDemo === true) return ok(connections.openDemo(profileId));
        const endpoint = profiles.endpointFor(profileId);
        if (!endpoint.ok) return endpoint;
        return ok(connections.open(profileId, endpoint.value));
      },
      'connection:close': async ({ profileId }) => {
        services.closeProfileFeatures(profileId);
        return ok(await connections.close(profileId));
      },
      'connection:test': async ({ draft }) => {
        const endpoint = profiles.endpointForDraft(draft);
        if (!endpoint.ok) return endpoint;
        return testConnection(endpoint.value);
      },
      'connection:facts': async ({ profileId }) => connections.readFacts(profileId),
      'connection:topology': async ({ profileId }) => connections.readTopology(profileId),
      'connection:states': async () => ok(connections.states()),
    },
    dispose: () => connections.dispose(),
  };
}
