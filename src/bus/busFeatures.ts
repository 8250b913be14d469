/**
 * The feature list: the one place a feature joins the bus, one line each.
 * The order is the order of `closeProfile` and `dispose`: what publishes and
 * what reads from the sources first, then the sources, the publisher,
 * the connections, and the local Redis they may point at last.
 */
import { createAgentsFeature } from './agents/agentsFeature';
import { joinFeatures, type AnyBusFeature, type BusServices, type Handlers } from './busFeature';
import { createAlertsFeature } from './alerts/alertsFeature';
import { createBridgesFeature } from './bridges/bridgesFeature';
import { createConnectionsFeature } from './connections/connectionsFeature';
import { createLiveFeature } from './feed/liveFeature';
import { createLocalRedisFeature } from './localRedis/localRedisFeature';
import { createPlotsFeature } from './plots/plotsFeature';
import { createProfilesFeature } from './profiles/profilesFeature';
import { createPublishFeature } from './publish/publishFeature';
import { createRelayFeature } from './relay/relayFeature';
import { createSimulatorFeature } from './simulator/simulatorFeature';
import { createStreamsFeature } from './streams/browse/streamsFeature';
import { createStreamGroupsFeature } from './streams/groups/streamGroupsFeature';
import { createDeadLettersFeature } from './streams/deadLetters/deadLettersFeature';
import { createSystemFeature } from './system/systemFeature';

export function createBusFeatures(services: BusServices): { features: readonly AnyBusFeature[]; handlers: Handlers } {
  const localRedis = createLocalRedisFeature(services);
  // One audit for every stream change: the groups feature writes it, dead letters use it, and it closes after both.
  const streamGroups = createStreamGroupsFeature(services);
  // agents.signals is what the alerts feature listens to for STALE and error agents.
  const agents = createAgentsFeature(services);
  return joinFeatures([
    createSimulatorFeature(services),
    agents,
    // Rules hear agents turning STALE or reporting errors from the board.
    createAlertsFeature(services, agents.signals),
    // The relay and the bridges read from the sources and publish: they end before the subscriptions.
    createRelayFeature(services),
    createBridgesFeature(services),
    createPlotsFeature(services),
    createDeadLettersFeature(services, streamGroups.audit),
    streamGroups,
    createLiveFeature(services),
    // Every source, after everything that reads from it and before the connections it reads on.
    { name: 'sources', handlers: {}, closeProfile: (profileId) => services.sources.closeProfile(profileId), dispose: () => services.sources.dispose() },
    createPublishFeature(services),
    createStreamsFeature(services),
    createConnectionsFeature(services),
    localRedis,
    createProfilesFeature(services),
    createSystemFeature(services, () => localRedis.status()),
  ]);
}
