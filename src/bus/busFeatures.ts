/**
 * The feature list: the one place a feature joins the bus, one line each.
 * The order is the order of `closeProfile` and `dispose`: what publishes and
 * what reads subscriptions first, then the subscriptions, the publisher,
 * the connections, and the local Redis they may point at last.
 */
import { joinFeatures, type AnyBusFeature, type BusServices, type Handlers } from './busFeature';
import { createAlertsFeature, NO_AGENT_SIGNALS } from './alerts/alertsFeature';
import { createConnectionsFeature } from './connections/connectionsFeature';
import { createLiveFeature } from './feed/liveFeature';
import { createLocalRedisFeature } from './localRedis/localRedisFeature';
import { createPlotsFeature } from './plots/plotsFeature';
import { createProfilesFeature } from './profiles/profilesFeature';
import { createPublishFeature } from './publish/publishFeature';
import { createSimulatorFeature } from './simulator/simulatorFeature';
import { createSystemFeature } from './system/systemFeature';

export function createBusFeatures(services: BusServices): { features: readonly AnyBusFeature[]; handlers: Handlers } {
  const localRedis = createLocalRedisFeature(services);
  return joinFeatures([
    createSimulatorFeature(services),
    // The lead swaps NO_AGENT_SIGNALS for the agents feature's AgentSignals when both are merged.
    createAlertsFeature(services, NO_AGENT_SIGNALS),
    createPlotsFeature(services),
    createLiveFeature(services),
    // Lanes and plots share the hub's subscriber connections: they end after both.
    { name: 'subscriptions', handlers: {}, closeProfile: (profileId) => services.hub.closeProfile(profileId), dispose: () => services.hub.dispose() },
    createPublishFeature(services),
    createConnectionsFeature(services),
    localRedis,
    createProfilesFeature(services),
    createSystemFeature(services, () => localRedis.status()),
  ]);
}
