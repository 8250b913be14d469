/**
 * The rows the feed shows, newest first: messages with gap rows between
 * them, read by index without building a list (the feed renders only the
 * rows in view out of up to 100,000).
 */
import type { FeedGap, FeedMessage } from '../../../../shared/liveChannels';
import type { SeqQueue } from './seqQueue';

export type FeedRow = { kind: 'message'; message: FeedMessage } | { kind: 'gap'; gap: FeedGap };

export interface FeedRows {
  readonly length: number;
  /** 0 is the newest row. */
  rowAt(index: number): FeedRow | undefined;
  /** The row index of the message with this seq, or -1 when it is not shown. */
  indexOfSeq(seq: number): number;
  /** Messages newer than `seq` (for "N new"). */
  countNewerThan(seq: number): number;
}

/** A gap sits above the message it followed (`afterSeq`) and below every newer one. */
export function feedRows(messages: SeqQueue<FeedMessage>, gaps: readonly FeedGap[]): FeedRows {
  const ordered = [...gaps].sort((left, right) => right.afterSeq - left.afterSeq || right.from - left.from);
  const gapIndexes = ordered.map((gap, order) => messages.countNewerThan(gap.afterSeq) + order);
  const length = messages.length + ordered.length;

  return {
    length,
    rowAt(index) {
      if (index < 0 || index >= length) return undefined;
      let gapsAbove = 0;
      for (let order = 0; order < gapIndexes.length; order++) {
        const gapIndex = gapIndexes[order]!;
        if (gapIndex === index) return { kind: 'gap', gap: ordered[order]! };
        if (gapIndex > index) break;
        gapsAbove++;
      }
      const message = messages.at(messages.length - 1 - (index - gapsAbove));
      return message ? { kind: 'message', message } : undefined;
    },
    indexOfSeq(seq) {
      const position = messages.indexOfSeq(seq);
      if (position < 0) return -1;
      const gapsAbove = ordered.filter((gap) => gap.afterSeq >= seq).length;
      return messages.length - 1 - position + gapsAbove;
    },
    countNewerThan(seq) {
      return messages.countNewerThan(seq);
    },
  };
}
