/**
 * Applies a lane's new filter to the messages the history already holds
 * for it, newest first, a chunk per turn of the event loop so that
 * receiving goes on meanwhile. Messages it does not match leave the lane
 * (and the renderer's window, through the next frame); messages that
 * arrive meanwhile meet the new filter on arrival. The scan is bounded by
 * the history (at most its capacity) and can be stopped.
 */
import type { FeedFilterSubject } from '../../shared/feedFilter';
import { matchesFeedFilter } from '../../shared/feedFilter';
import type { LaneFilterScan } from '../../shared/liveChannels';
import type { LaneRecord } from './laneRecord';

/**
 * Messages tested per turn of the event loop.
 * Motivation: each test decodes a held payload (some µs for a small JSON
 * message, more for a 64-channel EEG frame): a few milliseconds per turn
 * keeps frames on their 33 ms clock while a 100,000-message history is searched.
 */
export const FILTER_SCAN_CHUNK_MESSAGES = 500;

export interface FilterScanHistory {
  /** Oldest held seq. */
  oldestSeq(): number;
  laneIdsOf(seq: number): readonly string[] | undefined;
  /** What the filter reads of a held message, decoded with the decoder it arrived with; null when no longer held. */
  subjectOf(seq: number): FeedFilterSubject | null;
  /** Takes the message out of the lane (and out of the feed when no lane is left). */
  takeOut(seq: number, lane: LaneRecord): void;
  /** The lane's scan state changed: it goes in the next frame. */
  changed(lane: LaneRecord): void;
}

export class LaneFilterRun {
  private searched = 0;
  private matched = 0;
  /** The next seq to look at, going down. */
  private nextSeq: number;
  private readonly toSearch: number;
  private timer: NodeJS.Immediate | undefined;
  private isStopped = false;

  /** Searches the lane's messages with a seq below `beforeSeq` (the ones held when the filter was set). */
  constructor(
    private readonly lane: LaneRecord,
    private readonly history: FilterScanHistory,
    beforeSeq: number,
  ) {
    const oldest = Math.max(history.oldestSeq(), lane.clearedBeforeSeq);
    let count = 0;
    for (let seq = beforeSeq - 1; seq >= oldest; seq--) if (history.laneIdsOf(seq)?.includes(lane.id)) count++;
    this.toSearch = count;
    this.nextSeq = beforeSeq - 1;
    this.timer = count > 0 ? setImmediate(() => this.step()) : undefined;
  }

  state(): LaneFilterScan {
    const counts = { searched: this.searched, matched: this.matched, toSearch: this.toSearch };
    if (this.isStopped) return { state: 'stopped', ...counts };
    return this.timer === undefined ? { state: 'done', ...counts } : { state: 'searching', ...counts };
  }

  /** Stops where it is: older messages not searched yet stay in the lane. */
  stop(): void {
    if (this.timer === undefined) return;
    clearImmediate(this.timer);
    this.timer = undefined;
    this.isStopped = true;
  }

  /** Ends it without a word (the lane was removed, cleared, or got another filter). */
  cancel(): void {
    clearImmediate(this.timer);
    this.timer = undefined;
  }

  /** Runs it to the end at once (tests). */
  finishNow(): void {
    while (this.timer !== undefined) this.step();
  }

  private step(): void {
    const { lane, history } = this;
    const oldest = Math.max(history.oldestSeq(), lane.clearedBeforeSeq);
    let tested = 0;
    for (; this.nextSeq >= oldest && tested < FILTER_SCAN_CHUNK_MESSAGES; this.nextSeq--) {
      const seq = this.nextSeq;
      if (!history.laneIdsOf(seq)?.includes(lane.id)) continue;
      const subject = history.subjectOf(seq);
      if (!subject) continue;
      tested++;
      this.searched++;
      if (matchesFeedFilter(lane.filter, subject)) this.matched++;
      else history.takeOut(seq, lane);
    }
    // Messages evicted meanwhile were never searched: the count the lane shows is what was.
    const isDone = this.nextSeq < oldest;
    clearImmediate(this.timer);
    this.timer = isDone ? undefined : setImmediate(() => this.step());
    history.changed(lane);
  }
}
