/**
 * A lane's "received · filtered out · in the feed" line from one snapshot:
 * the window's feed store, whose counters came in the same frames as its
 * rows. The lane list alone is polled and merged on its own schedule, so it
 * once said "47 received · 48 in the feed".
 */
import type { Lane } from '../../../../shared/liveChannels';
import type { FeedStore } from './feedStore';
import { laneCountersText } from './laneDescriptions';

export function laneCountersFromFeed(lane: Lane, store: FeedStore): string {
  return laneCountersText({ ...lane, counters: store.laneCounters(lane) }, store.messages(lane.id).length);
}
