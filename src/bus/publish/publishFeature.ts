/** The publishing feature: PUBLISH once per attempt id, audited, and the history of what was sent. */
import type { PUBLISH_REQUESTS } from '../../shared/features/publishContract';
import { ok } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';
import { CommandPublisher } from './commandPublisher';

export function createPublishFeature(services: BusServices): BusFeature<keyof typeof PUBLISH_REQUESTS> {
  const publisher = new CommandPublisher({
    connections: services.connections,
    dataDir: services.host.dataDir,
    profileOf: (profileId) => services.profiles.get(profileId),
    ownBridgesOf: (profileId, channel) => services.bridgeSource.commandListenersOf(profileId, channel),
    // SPUBLISH reaches only sharded subscriptions (SSUBSCRIBE); PUBLISH channel and pattern ones.
    ownReceiversOf: (profileId, channel, command) =>
      command === 'spublish' ? services.shards.ownReceiversOf(profileId, channel) : services.hub.ownReceiversOf(profileId, channel),
  });
  return {
    name: 'publish',
    handlers: {
      'publish:send': async (request) => publisher.publish(request),
      'publish:history': async ({ profileId }) => ok(publisher.history(profileId)),
    },
    dispose: () => publisher.dispose(),
  };
}
