/**
 * The live picture of one plot, rebuilt from its frame chain (PlotFrame in
 * src/shared/plots.ts): a keyframe replaces it; a continuation replaces its
 * points from `replaceFrom` on and appends; points before `keepFrom` fall
 * off the front, all but the last one (so lines reach the left edge).
 *
 * The points live in typed arrays with room to grow at the end; apply()
 * hands out a PlotFrame whose columns are views of them. A view stays a
 * valid picture after later applies (they write only past its kept points,
 * or into new arrays when full), but its last column may show newer data;
 * whoever needs a picture that never changes copies it (copyPicture).
 */
import type { PlotFrame } from './plots';
import { firstIndexFrom } from './sortedSearch';

/** Spare room made when the arrays are full: appends go without copying for a while. */
const GROWTH_FACTOR = 2;
const MIN_CAPACITY = 256;
/** Frames missed after asking for a keyframe before asking again (the answer itself may have been dropped). */
const MISSES_BEFORE_ASKING_AGAIN = 25;

export type ApplyResult =
  | { state: 'picture'; picture: PlotFrame }
  /** A frame of the chain is missing: ask for a keyframe once (`shouldAsk`), keep showing the last picture. */
  | { state: 'missed'; shouldAsk: boolean };

export class LivePicture {
  private x = new Float64Array(0);
  private ys: Float32Array[] = [];
  private start = 0;
  private end = 0;
  /** Seq of the last frame applied; -1 until a keyframe arrived (or after a miss). */
  private seq = -1;
  /** Frames missed since the last ask; -1 when none was asked for. */
  private missedSinceAsk = -1;

  apply(frame: PlotFrame): ApplyResult {
    if (frame.replaceFrom === null) {
      this.replace(frame);
    } else {
      if (this.seq < 0 || frame.seq !== this.seq + 1 || frame.ys.length !== this.ys.length) return this.miss();
      this.continueWith(frame, frame.replaceFrom);
    }
    this.seq = frame.seq;
    this.missedSinceAsk = -1;
    this.trimBefore(frame.keepFrom);
    return { state: 'picture', picture: this.pictureOf(frame) };
  }

  /** Forgets the picture (another plot, or the plot was reopened). */
  reset(): void {
    this.x = new Float64Array(0);
    this.ys = [];
    this.start = 0;
    this.end = 0;
    this.seq = -1;
    this.missedSinceAsk = -1;
  }

  private miss(): ApplyResult {
    this.seq = -1;
    const shouldAsk = this.missedSinceAsk < 0 || this.missedSinceAsk >= MISSES_BEFORE_ASKING_AGAIN;
    this.missedSinceAsk = shouldAsk ? 0 : this.missedSinceAsk + 1;
    return { state: 'missed', shouldAsk };
  }

  private replace(frame: PlotFrame): void {
    const length = frame.x.length;
    this.allocate(Math.max(MIN_CAPACITY, length * GROWTH_FACTOR), frame.ys.length);
    this.x.set(frame.x);
    frame.ys.forEach((values, series) => this.ys[series]!.set(values));
    this.start = 0;
    this.end = length;
  }

  private continueWith(frame: PlotFrame, replaceFrom: number): void {
    const cut = firstIndexFrom(this.x, this.start, this.end, replaceFrom);
    const added = frame.x.length;
    if (cut + added > this.x.length) {
      // Full: move the kept points to the front of new arrays (views handed out before keep the old ones).
      const kept = cut - this.start;
      const oldX = this.x;
      const oldYs = this.ys;
      this.allocate(Math.max(MIN_CAPACITY, (kept + added) * GROWTH_FACTOR), oldYs.length);
      this.x.set(oldX.subarray(this.start, cut));
      oldYs.forEach((values, series) => this.ys[series]!.set(values.subarray(this.start, cut)));
      this.start = 0;
      this.end = kept;
    } else {
      this.end = cut;
    }
    this.x.set(frame.x, this.end);
    frame.ys.forEach((values, series) => this.ys[series]!.set(values, this.end));
    this.end += added;
  }

  private trimBefore(keepFrom: number): void {
    const firstKept = firstIndexFrom(this.x, this.start, this.end, keepFrom);
    this.start = Math.max(this.start, firstKept - 1);
  }

  private allocate(capacity: number, seriesCount: number): void {
    this.x = new Float64Array(capacity);
    this.ys = Array.from({ length: seriesCount }, () => new Float32Array(capacity));
  }

  private pictureOf(frame: PlotFrame): PlotFrame {
    const { start, end } = this;
    return {
      ...frame,
      replaceFrom: null,
      x: this.x.subarray(start, end),
      ys: this.ys.map((values) => values.subarray(start, end)),
    };
  }
}

/** A picture that later applies cannot touch. */
export function copyPicture(picture: PlotFrame): PlotFrame {
  return { ...picture, x: picture.x.slice(), ys: picture.ys.map((values) => values.slice()) };
}
