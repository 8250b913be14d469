/**
 * Cuts one profile's feed frames on a clock (FRAME_INTERVAL_MS): what is new
 * since the previous frame, never one message per call. It never blocks and
 * holds no messages: the waiting ones are the log's seqs after the last cut.
 * At most MAX_MESSAGES_PER_FRAME go in a frame; the oldest of any more are
 * left out and counted as 'frame-cap' (they stay in the history, fetchable
 * with 'feed:recent'). No frame is cut when nothing changed.
 *
 * Pending messages (JSON and MessagePack, not decoded yet) are decoded and
 * previewed when the frame is cut, newest first, within PREVIEW_BUDGET_MS:
 * a flood costs the bus the messages it can show, not every message.
 * Messages the budget does not reach are left out like the ones over the cap.
 *
 * Channel statistics are recomputed at most every STATS_REFRESH_MS and ride
 * in every frame; while rates are still falling after traffic stops, a
 * statistics-only frame follows at that pace until they reach zero.
 */
import { FRAME_INTERVAL_MS } from '../../shared/contract';
import type { WireFeedFrame, WireFeedMessages } from '../../shared/feedFrameWire';
import { MAX_MESSAGES_PER_FRAME, type ChannelStats, type FeedFrame, type FeedGap, type Lane } from '../../shared/liveChannels';
import type { ChannelStatsTracker } from './channelStats';

const STATS_REFRESH_MS = 250;
/**
 * Time a frame may spend decoding and previewing pending messages: half the
 * frame interval, so the bus receives for at least the other half.
 *
 * Motivation: with 8 ms a 64-channel EEG flood delivered about 10k msg/s
 * to the host (some 15 µs each to decode and preview); with 16 ms, 20k–24k
 * (best of 3, same run conditions).
 */
const PREVIEW_BUDGET_MS = FRAME_INTERVAL_MS / 2;
/** After a frame's emitFrame returned, messages are received for at least this long before a new message cuts the next frame. */
const MIN_RECEIVING_MS_BETWEEN_FRAMES = FRAME_INTERVAL_MS / 2;
/** The clock is read once per this many previews. */
const PREVIEWS_PER_CLOCK_CHECK = 32;

export interface FrameSources<LaneKey> {
  readonly profileId: string;
  readonly stats: ChannelStatsTracker;
  readonly channelsPerFrame: number;
  history(): FeedFrame['history'];
  /** Cumulative drops of the profile's feed, by reason. */
  dropped(): FeedFrame['dropped'];
  /** The seq the next message will get: the ones after the last cut and before this wait. */
  nextSeq(): number;
  /** A waiting message was left out of frames (it is still held: evicted ones were counted when evicted). */
  onFrameCapDrop(seq: number): void;
  /** The message is held but still has to be decoded before it can be shown. */
  isPending(seq: number): boolean;
  /** Decodes a pending message in place from the held payload; false when the message is no longer held. */
  completeMessage(seq: number): boolean;
  /** Held, whether or not decoded (a message evicted before the cut is not). */
  isHeld(seq: number): boolean;
  /** The frame's message columns for these held, decoded seqs. */
  writeMessages(seqs: readonly number[]): WireFeedMessages;
  /** The lane as a frame shows it, read when the frame is cut. */
  snapshotLane(key: LaneKey): Lane;
  emitFrame(frame: WireFeedFrame): void;
}

export class FeedFrameBatcher<LaneKey> {
  private readonly changedLanes = new Set<LaneKey>();
  private readonly changedGaps = new Map<string, FeedGap>();
  /** Seqs taken out of each lane since the last frame (a new filter did not match them). */
  private readonly removedFromLanes = new Map<string, number[]>();
  private channels: ChannelStats[] = [];
  private channelsAt = Number.NEGATIVE_INFINITY;
  private frameSeq = 0;
  private lastFrameAt = Number.NEGATIVE_INFINITY;
  private lastEmitEndedAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Number.POSITIVE_INFINITY;
  private isDisposed = false;
  /** Messages with a seq up to this one have been handed to a frame or left out; they no longer change. */
  lastCutSeq = 0;

  constructor(private readonly sources: FrameSources<LaneKey>) {}

  /** A message was appended to the log: it goes in the next frame. */
  messageAdded(): void {
    this.schedule();
  }

  /** The lane is read when the frame is cut, so a lane changing 1,000 times in a frame is copied once. */
  laneChanged(key: LaneKey): void {
    this.changedLanes.add(key);
    this.schedule();
  }

  /** A held message left a lane (its new filter did not match it): the next frame tells the renderer. */
  laneMessageRemoved(laneId: string, seq: number): void {
    let seqs = this.removedFromLanes.get(laneId);
    if (!seqs) this.removedFromLanes.set(laneId, (seqs = []));
    seqs.push(seq);
    this.schedule();
  }

  laneRemoved(key: LaneKey): void {
    this.changedLanes.delete(key);
  }

  gapChanged(gap: FeedGap): void {
    this.changedGaps.set(gap.id, { ...gap });
    this.schedule();
  }

  /**
   * Cuts the frame now when its time has come, called as each new message
   * arrives (`now` is its receive time). Under a flood the worker's event
   * loop reads the socket for a long stretch before it runs timers (libuv
   * reads up to 32 chunks of 64 KiB per poll), so the timer alone fired
   * every 100 to 200 ms and each late frame dropped all but
   * MAX_MESSAGES_PER_FRAME messages; this keeps frames on the clock.
   *
   * Motivation (npm run bench, best of 3 floods through the bus worker,
   * counted on the host thread): 200-byte JSON 16k msg/s before (7 frames/s),
   * 59k after (30 frames/s, the frame cap); 64-channel EEG 4.3k before, 11.5k after.
   * A consumer slower than the clock (emitFrame blocking) still leaves the
   * bus MIN_RECEIVING_MS_BETWEEN_FRAMES to receive between two such cuts.
   */
  cutIfDue(now: number): void {
    if (this.timer === undefined || now < this.timerDueAt) return;
    // The clock starts with the first frame, which the timer cuts.
    if (!Number.isFinite(this.lastFrameAt) || now < this.lastFrameAt + FRAME_INTERVAL_MS) return;
    if (now < this.lastEmitEndedAt + MIN_RECEIVING_MS_BETWEEN_FRAMES) return;
    this.cut();
  }

  /** Cuts a frame at once, off the clock: the history is about to drop messages still waiting for one. */
  cutNow(): void {
    this.cut();
  }

  /** Counts changed without a new message (a drop): refresh the statistics soon. */
  statsChanged(): void {
    this.schedule();
  }

  dispose(): void {
    this.isDisposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = Number.POSITIVE_INFINITY;
  }

  private schedule(): void {
    this.wakeAt(this.lastFrameAt + FRAME_INTERVAL_MS);
  }

  private wakeAt(dueAt: number): void {
    if (this.isDisposed || (this.timer && this.timerDueAt <= dueAt)) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => this.cut(), Math.max(0, dueAt - Date.now()));
    this.timer.unref?.();
  }

  private cut(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const hasNews = this.sources.nextSeq() - 1 > this.lastCutSeq || this.changedLanes.size > 0 || this.changedGaps.size > 0 || this.removedFromLanes.size > 0;
    const areStatsDue = this.sources.stats.isDue(this.channels);
    const canRefreshStats = areStatsDue && now - this.channelsAt >= STATS_REFRESH_MS;
    if (!hasNews && !canRefreshStats) {
      if (areStatsDue) this.wakeAt(this.channelsAt + STATS_REFRESH_MS);
      return;
    }
    // First, as leaving messages out counts drops the statistics then show.
    const messages = this.takeMessages();
    if (canRefreshStats) {
      this.channels = this.sources.stats.snapshot(now, this.sources.channelsPerFrame);
      this.channelsAt = now;
    }
    const frame: WireFeedFrame = {
      kind: 'feed',
      profileId: this.sources.profileId,
      seq: ++this.frameSeq,
      at: now,
      messages,
      gaps: [...this.changedGaps.values()],
      lanes: [...this.changedLanes].map((key) => this.sources.snapshotLane(key)),
      channels: this.channels,
      history: this.sources.history(),
      dropped: this.sources.dropped(),
      removedFromLanes: [...this.removedFromLanes].map(([laneId, seqs]) => ({ laneId, seqs })),
    };
    this.removedFromLanes.clear();
    this.changedGaps.clear();
    this.changedLanes.clear();
    this.lastFrameAt = now;
    try {
      this.sources.emitFrame(frame);
    } catch (error) {
      console.error('Labwire: sending a feed frame failed', error);
    }
    this.lastEmitEndedAt = Date.now();
    if (this.sources.stats.isDue(this.channels)) this.wakeAt(Math.max(this.lastFrameAt + FRAME_INTERVAL_MS, this.channelsAt + STATS_REFRESH_MS));
  }

  /**
   * The messages since the last cut, oldest first, each decoded: at most
   * MAX_MESSAGES_PER_FRAME of the newest, and of those only as many pending
   * ones (newest first) as the preview budget reaches; the rest are counted out.
   */
  private takeMessages(): WireFeedMessages {
    const startedAt = performance.now();
    const first = this.lastCutSeq + 1;
    const newest = this.sources.nextSeq() - 1;
    this.lastCutSeq = Math.max(this.lastCutSeq, newest);
    const oldestShown = Math.max(first, newest - MAX_MESSAGES_PER_FRAME + 1);
    let firstKept = newest + 1;
    let completed = 0;
    for (let seq = newest; seq >= oldestShown; seq--) {
      if (this.sources.isPending(seq)) {
        if (completed > 0 && completed % PREVIEWS_PER_CLOCK_CHECK === 0 && performance.now() - startedAt > PREVIEW_BUDGET_MS) break;
        this.sources.completeMessage(seq);
        completed++;
      }
      firstKept = seq;
    }
    const seqs: number[] = [];
    for (let seq = first; seq <= newest; seq++) {
      if (!this.sources.isHeld(seq)) continue;
      if (seq >= firstKept) seqs.push(seq);
      else this.sources.onFrameCapDrop(seq);
    }
    return this.sources.writeMessages(seqs);
  }
}
