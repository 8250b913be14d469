/**
 * The Feed card's "Show" choices with their row counts: "All lanes (4,210)",
 * "lab:incubator2 (1,204)". While a window's catch-up fetches the kept
 * messages and holds no row yet, a choice reads "loading…" rather than 0,
 * by the rule the lane's counters line uses (laneCountersFromFeed): the
 * selector said "All lanes (0)" beside "loading the feed: 25,000 of 33,019".
 */
import type { Lane } from '../../../../shared/liveChannels';
import { formatCount } from '../../../../shared/countWords';
import type { FeedStore } from './feedStore';
import { laneShortName } from './laneDescriptions';

export const ALL_LANES = '';

export interface FeedViewOption {
  /** A lane's id, or ALL_LANES. */
  value: string;
  text: string;
}

export function feedViewOptions(store: FeedStore, lanes: readonly Lane[]): FeedViewOption[] {
  const rowsText = (rows: number): string => (rows === 0 && store.isCatchingUp ? 'loading…' : formatCount(rows));
  return [
    { value: ALL_LANES, text: `All lanes (${rowsText(store.counts().heldMessages)})` },
    ...lanes.map((lane) => ({ value: lane.id, text: `${laneShortName(lane)} (${rowsText(store.messages(lane.id).length)})` })),
  ];
}
