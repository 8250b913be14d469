/** The live channels feature: lanes on channels and patterns, discovery, and the feed history. */
import type { LIVE_REQUESTS } from '../../shared/features/liveContract';
import { ok } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';
import { LiveChannels } from './liveChannels';

export function createLiveFeature(services: BusServices): BusFeature<keyof typeof LIVE_REQUESTS> {
  const liveChannels = new LiveChannels({ source: services.sources, connections: services.connections, emitFrame: services.emitFrame });
  return {
    name: 'live',
    handlers: {
      'lanes:add': async ({ profileId, target, decoder }) => liveChannels.addLane(profileId, target, decoder),
      'lanes:remove': async ({ profileId, laneId }) => liveChannels.removeLane(profileId, laneId),
      'lanes:update': async ({ profileId, laneId, patch }) => liveChannels.updateLane(profileId, laneId, patch),
      'lanes:list': async ({ profileId }) => ok(liveChannels.lanes(profileId)),
      'channels:discover': async ({ profileId, pattern }) => liveChannels.discover(profileId, pattern),
      'feed:message': async ({ profileId, seq }) => liveChannels.messageDetail(profileId, seq),
      'feed:recent': async ({ profileId, beforeSeq, limit }) => liveChannels.recent(profileId, beforeSeq, limit),
    },
    closeProfile: (profileId) => liveChannels.closeProfile(profileId),
    dispose: () => liveChannels.dispose(),
  };
}
