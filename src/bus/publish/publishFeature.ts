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
    // PUBLISH reaches channel and pattern subscriptions, SPUBLISH sharded ones only: the router asks the source that serves each.
    ownReceiversOf: (profileId, channel, command) => services.sources.ownReceiversOf(profileId, channel, command),
    ownBridgesOf: (profileId, channel, command) => services.sources.bridgesListeningOn(profileId, channel, command),
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
