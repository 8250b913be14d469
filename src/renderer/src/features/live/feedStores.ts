/**
 * Feeds outlive the Live channels tab: switching tabs must not empty them.
 * They hang off the transport, which lives as long as the window, and only
 * the most recently used few are kept (each may hold 100,000 messages).
 */
import type { LabwireApi } from '../../../../shared/contract';
import { FeedStore } from './feedStore';

const MAX_KEPT_FEEDS = 3;

const storesByApi = new WeakMap<LabwireApi, Map<string, FeedStore>>();

export function feedStoreFor(api: LabwireApi, profileId: string): FeedStore {
  let stores = storesByApi.get(api);
  if (!stores) {
    stores = new Map();
    storesByApi.set(api, stores);
  }
  let store = stores.get(profileId);
  if (store) stores.delete(profileId);
  else store = new FeedStore();
  // A Map keeps insertion order: re-inserting makes this the most recently used.
  stores.set(profileId, store);
  for (const oldest of stores.keys()) {
    if (stores.size <= MAX_KEPT_FEEDS) break;
    stores.delete(oldest);
  }
  return store;
}
