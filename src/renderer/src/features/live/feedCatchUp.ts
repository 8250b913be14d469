/**
 * Fills a feed with what the bus history holds beyond what this window
 * saw, and brings its statistics up to date: when the tab opens (the store
 * may be new, after a reload), when the link to the Labwire server
 * returns, and for a window that started late. The lanes' counters are
 * asked for after the messages, so they count at least every row fetched.
 */
import type { LabwireApi, RequestResult } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';
import type { FeedMessage, FeedSnapshot, Lane } from '../../../../shared/liveChannels';
import type { FeedStore } from './feedStore';

/** The most 'feed:recent' answers per call. */
const RECENT_PAGE_MESSAGES = 5_000;

export async function catchUpFeed(api: LabwireApi, profileId: string, store: FeedStore, maxMessages: number): Promise<void> {
  if (store.isCatchingUp) return;
  store.beginCatchUp();
  const fetched: FeedMessage[] = [];
  let busState: Omit<FeedSnapshot, 'messages'> | undefined;
  let hasAnswer = false;
  let beforeSeq: number | null = null;
  let lanes: readonly Lane[] = [];
  try {
    while (fetched.length < maxMessages) {
      const result: Result<RequestResult<'feed:recent'>> = await api.request('feed:recent', { profileId, beforeSeq, limit: RECENT_PAGE_MESSAGES });
      if (!result.ok) break;
      hasAnswer = true;
      // The first page is the newest moment: its statistics are the ones to show.
      busState ??= { channels: result.value.channels, history: result.value.history, dropped: result.value.dropped };
      const page: FeedMessage[] = result.value.messages;
      for (const message of page) fetched.push(message);
      // Pages of 5,000 take a few hundred ms each under load: a fresh tab says how far it is (the bus's held count is known from the first page).
      store.noteCatchUpPage(fetched.length, Math.min(maxMessages, busState.history.heldMessages));
      const oldest: FeedMessage | undefined = page.at(-1);
      if (page.length < RECENT_PAGE_MESSAGES || !oldest || oldest.seq <= store.newestSeq) break;
      beforeSeq = oldest.seq;
    }
    if (hasAnswer) {
      const listed: Result<RequestResult<'lanes:list'>> = await api.request('lanes:list', { profileId });
      if (listed.ok) lanes = listed.value;
    }
  } finally {
    store.finishCatchUp(hasAnswer ? fetched : null, busState);
  }
  store.seedLaneCounters(lanes);
}
