/**
 * Feeds outlive the Live channels tab: switching tabs must not empty or
 * freeze them. They hang off the transport, which lives as long as the
 * window, and follow its feed frames whichever tab is shown, so counts,
 * rates and "last seen" are current when the operator comes back. Only the
 * most recently used few are kept (each may hold 100,000 messages).
 */
import type { LabwireApi } from '../../../../shared/contract';
import { FeedStore } from './feedStore';

const MAX_KEPT_FEEDS = 3;

const storesByApi = new WeakMap<LabwireApi, Map<string, FeedStore>>();

export function feedStoreFor(api: LabwireApi, profileId: string): FeedStore {
  const stores = storesOf(api);
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

/** The transport's stores, and one frame listener for all of them, made once per transport. */
function storesOf(api: LabwireApi): Map<string, FeedStore> {
  const stores = storesByApi.get(api);
  if (stores) return stores;
  const created = new Map<string, FeedStore>();
  storesByApi.set(api, created);
  api.onDidReceiveFrame((frame) => {
    if (frame.kind === 'feed') created.get(frame.profileId)?.applyFrame(frame);
  });
  return created;
}
