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
  const rows = store.messages(lane.id).length;
  // After a reload the catch-up fetches up to 100,000 kept messages (about 4 s under load) and holds new ones
  // back: "111,833 received · 0 in the feed" beside an empty feed read as if nothing arrived.
  return laneCountersText({ ...lane, counters: store.laneCounters(lane) }, rows === 0 && store.isCatchingUp ? (store.catchUpProgress ?? 'loading') : rows);
}
