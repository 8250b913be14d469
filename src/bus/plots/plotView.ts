/**
 * One open plot: its settings, its display pipeline, and the frames it
 * sends. Live frames show the newest `windowSeconds` of the stream,
 * anchored at the newest sample (so a late stream does not scroll away
 * from its own data), decimated to the plot's pixel width. A frozen plot
 * asks for ranges of the history instead (range()).
 *
 * Live frames are a chain: the first is a keyframe (the whole window), each
 * later one carries only the columns from the one that was still filling
 * (`replaceFrom`) to the newest sample, and every frame says from when on
 * the receiver keeps points (`keepFrom`). This works because the pixel
 * columns sit on a fixed grid of absolute time (multiples of window /
 * width), so a column once closed never changes, and because the display
 * ring is filtered once per sample (its values never change either). A new
 * keyframe comes when the grid or the lanes change, when the window's
 * sample density crosses between raw and decimated, and when the receiver
 * lost a frame and asks for one (requestKeyframe).
 *
 * Motivation (npm run bench, EEG 64 ch x 1 kHz, 10 s at 1400 px): a whole
 * window is about 0.7 MB of columns per frame and took the bus 4-8 ms to
 * build on an idle machine, 21-29 ms under the full load; a continuation is
 * a few kB.
 */
import type { EegFilterSettings, PlotFrame, PlotInfo, PlotSpec } from '../../shared/plots';
import { fail, ok, type Result } from '../../shared/result';
import type { IndexRange, SampleRing } from '../signal/sampleRing';
import { AlignedMinMaxDecimator, isDecimationNeeded, type AlignedColumns, type ChainContext } from './alignedDecimation';
import { DisplayPipeline } from './displayPipeline';
import type { PlotStream } from './plotStream';
import { SPECTRUM_SECONDS, SpectrumBuilder, type PlotSpectrum } from './spectrumBuilder';

/** A plot whose stream is silent still gets a frame this often, so its rate counter falls to zero on screen. */
export const HEARTBEAT_INTERVAL_MS = 1000;

export class PlotView {
  private currentSpec: PlotSpec;
  private seq = 0;
  private framedTotal = -1;
  private lastFrameAtMs = Number.NEGATIVE_INFINITY;
  private readonly pipeline: DisplayPipeline;
  private readonly decimator = new AlignedMinMaxDecimator();
  private readonly spectrum = new SpectrumBuilder();
  private readonly heldRange: IndexRange = { start: 0, end: 0 };
  private readonly windowRange: IndexRange = { start: 0, end: 0 };
  private namesVersion = -1;
  private names: string[] = [];
  /** The live frame chain the next frame may continue; null: the next live frame is a keyframe. */
  private chain: LiveChain | null = null;

  constructor(
    readonly plotId: string,
    readonly profileId: string,
    readonly stream: PlotStream,
    spec: PlotSpec,
  ) {
    this.currentSpec = spec;
    this.pipeline = new DisplayPipeline(stream, filtersOf(spec), spec.windowSeconds);
  }

  get spec(): PlotSpec {
    return this.currentSpec;
  }

  /** New settings on the same stream (window, width, filters, spectrum). */
  configure(spec: PlotSpec): void {
    this.currentSpec = spec;
    this.pipeline.configure(filtersOf(spec), spec.windowSeconds);
    this.requestKeyframe();
  }

  /** The next live frame carries the whole window (the receiver lost one, or the picture changed). */
  requestKeyframe(): void {
    this.chain = null;
    this.framedTotal = -1;
  }

  /** Frees the display ring; the stream stays with its other plots. */
  dispose(): void {
    this.pipeline.dispose();
  }

  info(): PlotInfo {
    return {
      plotId: this.plotId,
      profileId: this.profileId,
      spec: this.currentSpec,
      seriesNames: this.seriesNames(),
      historySeconds: this.stream.historySeconds(),
    };
  }

  /** Why the filters are not applied (they do not fit the detected rate), or null. */
  filterProblem(): string | null {
    return this.pipeline.problem();
  }

  /** New samples since the last frame, or the heartbeat is due (`nowMs` from performance.now). */
  isFrameDue(nowMs: number): boolean {
    return this.stream.total !== this.framedTotal || nowMs - this.lastFrameAtMs >= HEARTBEAT_INTERVAL_MS;
  }

  buildFrame(nowMs: number = performance.now()): PlotFrame {
    const startedMs = performance.now();
    this.pipeline.catchUp();
    const ring = this.pipeline.ring();
    const held = ring.held(this.heldRange);
    const seriesCount = this.stream.seriesCount;
    this.framedTotal = this.stream.total;
    this.lastFrameAtMs = nowMs;
    const seq = ++this.seq;
    if (held.end <= held.start || seriesCount === 0) {
      this.chain = null;
      return this.frameOf(emptyColumns(), seq, startedMs, null, 0);
    }
    const newestMs = ring.timestamps[held.end - 1]!;
    const { windowSeconds, pixelWidth } = this.currentSpec;
    const columnMs = (windowSeconds * 1000) / pixelWidth;
    const keepFromMs = Math.floor((newestMs - windowSeconds * 1000) / columnMs) * columnMs;
    const inWindow = ring.locate(keepFromMs, newestMs, this.windowRange);
    const isDecimating = isDecimationNeeded(inWindow.end - inWindow.start, pixelWidth);
    const previous = this.chain;
    const isContinued =
      previous !== null &&
      previous.seq === seq - 1 &&
      previous.columnMs === columnMs &&
      previous.isDecimating === isDecimating &&
      previous.layoutVersion === this.stream.layoutVersion &&
      newestMs >= previous.newestMs;
    let columns: AlignedColumns;
    let replaceFromMs: number | null = null;
    if (isContinued) {
      replaceFromMs = isDecimating ? Math.floor(previous.newestMs / columnMs) * columnMs : previous.newestMs;
      columns = this.continueRing(ring, replaceFromMs, newestMs, columnMs, isDecimating);
    } else {
      // One column more than the width: the grid's first column starts before the window does.
      columns = this.decimateRing(ring, keepFromMs, keepFromMs + (pixelWidth + 1) * columnMs, pixelWidth + 1, { isDecimating, previousSampleMs: Number.NaN });
    }
    this.chain = { seq, columnMs, isDecimating, layoutVersion: this.stream.layoutVersion, newestMs };
    const frame = this.frameOf(columns, seq, startedMs, replaceFromMs, keepFromMs);
    const spectrum = this.spectrumIfDue(ring, newestMs, nowMs);
    if (spectrum !== undefined) frame.spectrum = spectrum;
    return frame;
  }

  /** A frozen window [fromMs, toMs] (epoch ms) of the history, filtered like the live view, decimated to pixelWidth. */
  range(fromMs: number, toMs: number, pixelWidth: number): Result<PlotFrame> {
    if (!(toMs > fromMs)) {
      return fail('INVALID', 'The end of the range must come after its start.', { field: 'toMs' });
    }
    const startedMs = performance.now();
    this.pipeline.catchUp();
    const display = this.pipeline.ring();
    const displayHeld = display.held(this.heldRange);
    const isInDisplayRing =
      !this.pipeline.isFiltering || (displayHeld.end > displayHeld.start && display.timestamps[displayHeld.start]! <= fromMs);
    let columns: AlignedColumns;
    if (isInDisplayRing || this.stream.seriesCount === 0) {
      columns = this.stream.seriesCount === 0 ? emptyColumns() : this.decimateRing(display, fromMs, toMs, pixelWidth);
    } else {
      columns = this.decimateFilteredHistory(fromMs, toMs, pixelWidth);
    }
    return ok(this.frameOf(columns, this.seq, startedMs, null, fromMs));
  }

  private seriesNames(): string[] {
    if (this.namesVersion !== this.stream.layoutVersion || this.names.length !== this.stream.seriesCount) {
      this.names = this.stream.seriesNames();
      this.namesVersion = this.stream.layoutVersion;
    }
    return this.names;
  }

  private frameOf(columns: AlignedColumns, seq: number, startedMs: number, replaceFromMs: number | null, keepFromMs: number): PlotFrame {
    const frame: PlotFrame = {
      kind: 'plot',
      plotId: this.plotId,
      profileId: this.profileId,
      seq,
      at: Date.now(),
      replaceFrom: replaceFromMs === null ? null : replaceFromMs / 1000,
      keepFrom: keepFromMs / 1000,
      seriesNames: columns.ys.length === 0 ? [] : this.seriesNames(),
      x: columns.x,
      ys: columns.ys,
      isDecimated: columns.isDecimated,
      stats: this.stream.stats(),
      newestPublishedAt: this.stream.newestPublishedAt,
      buildMs: 0,
    };
    frame.buildMs = performance.now() - startedMs;
    return frame;
  }

  /**
   * The columns of `ring` from `fromMs` (a column boundary of the chain's
   * grid, or in raw mode the previous frame's newest sample) to `newestMs`,
   * on the grid of the frames before. A break point that falls before
   * `fromMs` is already on the receiver's side and is left out.
   */
  private continueRing(ring: SampleRing, fromMs: number, newestMs: number, columnMs: number, isDecimating: boolean): AlignedColumns {
    const held = ring.held(this.heldRange);
    const heldStart = held.start;
    const located = ring.locate(fromMs, newestMs, this.windowRange);
    const start = located.start;
    const end = located.end;
    const columnCount = Math.max(1, Math.ceil((newestMs - fromMs) / columnMs) + 1);
    const order = this.stream.displayOrder();
    const channels = order.map((channel) => ring.channel(channel));
    const previousSampleMs = start > heldStart ? ring.timestamps[start - 1]! : Number.NaN;
    this.decimator.begin(fromMs, fromMs + columnCount * columnMs, columnCount, order.length, end - start, this.stream.gapThresholdMs(), {
      isDecimating,
      previousSampleMs,
    });
    this.decimator.addBlock(ring.timestamps, channels, start, end);
    return dropPointsBefore(this.decimator.finish(), fromMs / 1000);
  }

  /** Samples of `ring` over [fromMs, toMs], with one sample either side when held. */
  private decimateRing(
    ring: SampleRing,
    fromMs: number,
    toMs: number,
    pixelWidth: number,
    chain?: ChainContext,
  ): AlignedColumns {
    const held = ring.held(this.heldRange);
    const heldStart = held.start;
    const heldEnd = held.end;
    const window = ring.locate(fromMs, toMs, this.windowRange);
    const start = Math.max(heldStart, window.start - 1);
    const end = Math.min(heldEnd, window.end + 1);
    const order = this.stream.displayOrder();
    const channels = order.map((channel) => ring.channel(channel));
    this.decimator.begin(fromMs, toMs, pixelWidth, order.length, end - start, this.stream.gapThresholdMs(), chain);
    this.decimator.addBlock(ring.timestamps, channels, start, end);
    return this.decimator.finish();
  }

  private decimateFilteredHistory(fromMs: number, toMs: number, pixelWidth: number): AlignedColumns {
    const raw = this.stream.ring;
    const held = raw.held(this.heldRange);
    const heldStart = held.start;
    const heldEnd = held.end;
    const window = raw.locate(fromMs, toMs, this.windowRange);
    const count = window.end > window.start ? Math.min(heldEnd, window.end + 1) - Math.max(heldStart, window.start - 1) : 0;
    const order = this.stream.displayOrder();
    this.decimator.begin(fromMs, toMs, pixelWidth, order.length, count, this.stream.gapThresholdMs());
    const ordered: Float32Array[] = new Array<Float32Array>(order.length);
    this.pipeline.filterRange(fromMs, toMs, (timestamps, channels, length, ordinalBase) => {
      for (let series = 0; series < order.length; series++) ordered[series] = channels[order[series]!]!;
      this.decimator.addBlock(timestamps, ordered, 0, length, ordinalBase);
    });
    return this.decimator.finish();
  }

  private spectrumIfDue(ring: SampleRing, newestMs: number, nowMs: number): PlotSpectrum | undefined {
    const spec = this.currentSpec;
    const rateHz = this.stream.nominalRateHz;
    if (spec.kind !== 'eeg' || !spec.shouldComputeSpectrum || rateHz === null || !this.spectrum.isDue(nowMs)) return undefined;
    const window = ring.locate(newestMs - SPECTRUM_SECONDS * 1000, newestMs, this.windowRange);
    return this.spectrum.build(ring, window.start, window.end, this.stream.displayOrder(), rateHz, nowMs);
  }
}

function filtersOf(spec: PlotSpec): EegFilterSettings | null {
  return spec.kind === 'eeg' ? spec.filters : null;
}

/** The chain's state after a live frame: what the next one continues from. */
interface LiveChain {
  seq: number;
  columnMs: number;
  isDecimating: boolean;
  layoutVersion: number;
  /** The newest sample time (epoch ms) the frame carried. */
  newestMs: number;
}

/** `columns` without its leading points before `fromSeconds` (a gap's break point the receiver already has). */
function dropPointsBefore(columns: AlignedColumns, fromSeconds: number): AlignedColumns {
  let first = 0;
  while (first < columns.x.length && columns.x[first]! < fromSeconds) first++;
  if (first === 0) return columns;
  return { x: columns.x.slice(first), ys: columns.ys.map((values) => values.slice(first)), isDecimated: columns.isDecimated };
}

function emptyColumns(): AlignedColumns {
  return { x: new Float64Array(0), ys: [], isDecimated: false };
}
