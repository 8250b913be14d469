/**
 * The profile's feed for the Live channels tab: the store follows frames
 * whichever tab is shown (feedStores.ts); here the lane list follows them
 * while the tab is shown, the store catches up from the bus history, and it
 * is reset when the bus's feed ends.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ConnectionStateName } from '../../../../shared/connectionState';
import { useLabwireApi, useLinkState } from '../../transport/transportContext';
import { catchUpFeed } from './feedCatchUp';
import { DEFAULT_FEED_STORE_LIMITS, type FeedStore } from './feedStore';
import { feedStoreFor } from './feedStores';
import { mergeLanes } from './useLanes';

export function useLiveFeed(profileId: string, connectionState: ConnectionStateName): FeedStore {
  const api = useLabwireApi();
  const queryClient = useQueryClient();
  const isLinkUp = useLinkState().state === 'connected';
  const store = useMemo(() => feedStoreFor(api, profileId), [api, profileId]);

  // The lane list is refetched when the tab opens again (useLanes), so it only follows frames while shown.
  useEffect(
    () =>
      api.onDidReceiveFrame((frame) => {
        if (frame.kind === 'feed' && frame.profileId === profileId && frame.lanes.length > 0) mergeLanes(queryClient, profileId, frame.lanes);
      }),
    [api, queryClient, profileId],
  );

  useEffect(() => {
    if (isLinkUp) void catchUpFeed(api, profileId, store, DEFAULT_FEED_STORE_LIMITS.maxMessages);
  }, [api, profileId, store, isLinkUp]);

  // The bus drops a profile's feed when its connection is closed; its seqs start again at 1.
  useEffect(() => {
    if (connectionState === 'closed') store.reset();
  }, [connectionState, store]);

  return store;
}

/**
 * Re-renders the calling component whenever the feed changed (up to a frame
 * each 33 ms); only the parts that show the feed call it, so a flood does not
 * re-render the lanes' forms or the publish editor.
 */
export function useFeedVersion(store: FeedStore): number {
  return useSyncExternalStore(store.subscribe, () => store.version);
}

/** The store's generation: a selected seq is only meaningful within one. */
export function useFeedGeneration(store: FeedStore): number {
  return useSyncExternalStore(store.subscribe, () => store.generation);
}

/** The exact channel names seen, as one string that only changes when the set does (for suggestions). */
export function useSeenChannelNames(store: FeedStore): string {
  return useSyncExternalStore(store.subscribe, () => seenChannelNames(store));
}

function seenChannelNames(store: FeedStore): string {
  const names: string[] = [];
  for (const stats of store.channels) {
    // Escapes (\n, \xFF) and cut names are not the real name, so they are not offered.
    if (!stats.channel.isTruncated && !stats.channel.text.includes('\\')) names.push(stats.channel.text);
  }
  return names.sort().join('\n');
}
