/** The bounds of a profile's live feed: every buffer in it is capped by count and bytes. */
import { MAX_PREVIEW_CHARS } from '../../shared/liveChannels';

export interface FeedLimits {
  /** Messages the bus history holds per profile (the issue asks for at least 100,000). */
  historyMessages: number;
  /** Bytes of payloads (plus an estimate of each message's bookkeeping) the history holds per profile. */
  historyBytes: number;
  /** Messages a paused lane holds; when full the oldest are dropped. */
  pauseBufferMessages: number;
  pauseBufferBytes: number;
  lanesPerProfile: number;
  /** Channels with statistics per profile; beyond this the least recently seen is forgotten. */
  trackedChannels: number;
  /** Channel statistics sent per frame, busiest first. */
  channelsPerFrame: number;
}

export const DEFAULT_FEED_LIMITS: FeedLimits = {
  historyMessages: 100_000,
  historyBytes: 256 * 1024 * 1024,
  pauseBufferMessages: 10_000,
  pauseBufferBytes: 16 * 1024 * 1024,
  lanesPerProfile: 32,
  trackedChannels: 2_000,
  channelsPerFrame: 100,
};

export function resolveFeedLimits(overrides: Partial<FeedLimits> = {}): FeedLimits {
  return { ...DEFAULT_FEED_LIMITS, ...overrides };
}

/**
 * Bytes charged per held message beyond its payload: its slot in the log's
 * columns (17 of them, 8 bytes each at most) and its preview, a full one
 * (previews may be written after the message is charged) at 2 bytes a
 * character (a JavaScript string with one character beyond Latin-1 takes 2).
 */
export function messageOverheadBytes(): number {
  return 17 * 8 + 2 * MAX_PREVIEW_CHARS;
}
