/**
 * The display path of one EEG plot: common average reference and the
 * filter chain, run once per sample, causally and with state kept between
 * frames, into a display ring beside the stream's raw history. Frames read
 * the display ring; the raw history is never changed, so a recording or
 * another plot of the same stream still sees raw samples.
 *
 * The display ring is as long as the raw history (within the history
 * budget), so a frozen plot scrolls back over filtered data without
 * filtering anything again. That doubles the memory of a filtered EEG plot
 * (another 158 MB at 64 channels x 1 kHz x 5 min).
 * Motivation: filtering 55 s of 64 channels on demand took 440 ms on this
 * machine (a 6-section cascade), so a zoomed-out 5-minute range would stall
 * the bus thread for over 2 s; from the display ring it took 14 ms.
 *
 * Work happens when a frame is built (catchUp): every sample that arrived
 * since the previous frame goes through the filters exactly once. Nothing
 * is re-filtered per frame.
 *
 * Changing the filters, the window, the stream's series or its detected
 * rate rebuilds the pipeline: the filter state starts again, primed with
 * the first sample (no step response from a DC offset), and the pipeline
 * re-filters the raw history from PRE_ROLL_SECONDS before the visible
 * window. The transient of the new filters (a 0.5 Hz high-pass settles in
 * about a second, a 50 Hz notch with Q 30 in about 0.2 s) so falls mostly
 * before the window's left edge instead of sweeping across the live trace.
 *
 * A rebuild re-filters only the window and its pre-roll, so right after a
 * filter change (or when the budget kept the display ring short) a range
 * older than the display ring is filtered on demand from the raw history,
 * the same way (fresh state, pre-roll), block by block, without holding
 * the filtered range.
 */
import type { EegFilterSettings } from '../../shared/plots';
import { applyCommonAverageReference } from '../signal/commonAverageReference';
import type { FilterSpec } from '../signal/filterChain';
import { createMultiChannelFilter, type MultiChannelFilter } from '../signal/multiChannelFilter';
import { SampleRing, type IndexRange } from '../signal/sampleRing';
import { ringBytes } from './historySizing';
import type { PlotStream } from './plotStream';

/** Raw history re-filtered before a window so the filters settle off screen. */
export const PRE_ROLL_SECONDS = 2;
/** Time steps filtered per block when a range is filtered on demand. */
const BLOCK_SAMPLES = 2048;
/** The display ring also holds what arrives between two frames at a slow frame rate. */
const DISPLAY_SLACK_SECONDS = 1;
/** A rate estimate this much off the one the filters were designed for redesigns them. */
const RATE_CHANGE_FRACTION = 0.02;
/** The raw history grew this much (its rate became known): the display ring grows with it. */
const RAW_GROWTH_RATIO = 1.25;

/** Receives one block of filtered samples in time order: timestamps and one view per ring channel. */
export type FilteredBlockSink = (timestamps: Float64Array, channels: readonly Float32Array[], length: number, ordinalBase: number) => void;

export function hasActiveFilters(filters: EegFilterSettings | null): filters is EegFilterSettings {
  if (filters === null) return false;
  return filters.highPassHz > 0 || filters.notchHz !== 0 || filters.bandPass !== null || filters.isCommonAverageReference;
}

export function filterSpecOf(filters: EegFilterSettings): FilterSpec {
  const spec: FilterSpec = {};
  if (filters.highPassHz > 0) spec.highPassHz = filters.highPassHz;
  if (filters.notchHz !== 0) {
    spec.notchHz = filters.notchHz;
    spec.notchHarmonics = filters.notchHarmonics;
  }
  if (filters.bandPass !== null) spec.bandPass = { ...filters.bandPass };
  return spec;
}

type PipelineState =
  /** No filter is on, or the rate is not known yet: frames read the raw history. */
  | { state: 'passThrough'; reason: 'noFilters' | 'rateUnknown' }
  /** The filters do not fit this signal (e.g. a 60 Hz notch at 100 Hz sampling): raw is shown. */
  | { state: 'invalid'; message: string; rateHz: number }
  | {
      state: 'filtering';
      ring: SampleRing;
      filter: MultiChannelFilter;
      rateHz: number;
      layoutVersion: number;
      /** The raw history's capacity the display ring was sized for. */
      rawCapacity: number;
      nextSample: number;
    };

export class DisplayPipeline {
  private current: PipelineState = { state: 'passThrough', reason: 'noFilters' };
  private readonly step = new Float64Array(128);
  private readonly heldRange: IndexRange = { start: 0, end: 0 };
  private readonly shownRange: IndexRange = { start: 0, end: 0 };
  private readonly preRollRange: IndexRange = { start: 0, end: 0 };

  constructor(
    private readonly stream: PlotStream,
    private filters: EegFilterSettings | null,
    private windowSeconds: number,
  ) {}

  /** Takes new settings; the next catchUp rebuilds when they change what is computed. */
  configure(filters: EegFilterSettings | null, windowSeconds: number): void {
    const isSame =
      JSON.stringify(filters) === JSON.stringify(this.filters) && windowSeconds === this.windowSeconds;
    this.filters = filters;
    this.windowSeconds = windowSeconds;
    if (!isSame) this.setState({ state: 'passThrough', reason: 'noFilters' });
  }

  /** Gives the display ring's memory back to the history budget. */
  dispose(): void {
    this.setState({ state: 'passThrough', reason: 'noFilters' });
  }

  /** Why the filters are not applied, in plain words; null when they are (or none is on). */
  problem(): string | null {
    return this.current.state === 'invalid' ? this.current.message : null;
  }

  /** The ring frames read after catchUp(). */
  ring(): SampleRing {
    return this.current.state === 'filtering' ? this.current.ring : this.stream.ring;
  }

  get isFiltering(): boolean {
    return this.current.state === 'filtering';
  }

  /** Filters every raw sample that arrived since the last call. */
  catchUp(): void {
    if (this.needsRebuild()) this.rebuild();
    const current = this.current;
    if (current.state !== 'filtering') return;
    const stream = this.stream;
    const from = Math.max(current.nextSample, stream.oldestHeld);
    const raw = stream.ring;
    const channelCount = current.ring.channelCount;
    const step = this.step.subarray(0, channelCount);
    let physical = stream.physicalIndex(from);
    for (let sample = from; sample < stream.total; sample++, physical++) {
      this.filterStep(raw, physical, step, current.filter);
      current.ring.push(raw.timestamps[physical]!, step);
    }
    current.nextSample = stream.total;
  }

  /**
   * Filters the raw history over [fromMs, toMs] with fresh filter state
   * (after PRE_ROLL_SECONDS of pre-roll) and hands it to `sink` in blocks,
   * starting with the last sample before fromMs. Returns the number of
   * samples handed over; 0 when nothing is held there.
   */
  filterRange(fromMs: number, toMs: number, sink: FilteredBlockSink): number {
    const rateHz = this.stream.nominalRateHz;
    if (!hasActiveFilters(this.filters) || rateHz === null) return 0;
    const created = createMultiChannelFilter(filterSpecOf(this.filters), rateHz, Math.max(1, this.stream.ring.channelCount));
    if (!created.ok) return 0;
    const filter = created.value;
    const raw = this.stream.ring;
    const channelCount = raw.channelCount;
    const held = raw.held(this.heldRange);
    const shown = raw.locate(fromMs, toMs, this.shownRange);
    if (shown.end <= shown.start) return 0;
    const firstShown = Math.max(held.start, shown.start - 1);
    const afterShown = Math.min(held.end, shown.end + 1);
    const preRollStart = raw.locate(fromMs - PRE_ROLL_SECONDS * 1000, toMs, this.preRollRange).start;
    const firstFiltered = Math.max(held.start, Math.min(preRollStart, firstShown));

    const timestamps = new Float64Array(BLOCK_SAMPLES);
    const values = new Float32Array(BLOCK_SAMPLES * channelCount);
    const channels = Array.from({ length: channelCount }, (_, channel) =>
      values.subarray(channel * BLOCK_SAMPLES, (channel + 1) * BLOCK_SAMPLES),
    );
    const step = this.step.subarray(0, channelCount);
    let filled = 0;
    let handed = 0;
    for (let physical = firstFiltered; physical < afterShown; physical++) {
      this.filterStep(raw, physical, step, filter);
      if (physical < firstShown) continue;
      timestamps[filled] = raw.timestamps[physical]!;
      for (let channel = 0; channel < channelCount; channel++) values[channel * BLOCK_SAMPLES + filled] = step[channel]!;
      filled++;
      if (filled === BLOCK_SAMPLES) {
        sink(timestamps, channels, filled, handed);
        handed += filled;
        filled = 0;
      }
    }
    if (filled > 0) sink(timestamps, channels, filled, handed);
    return handed + filled;
  }

  /** Reads one raw time step, references it to the common average when asked, and filters it in place. */
  private filterStep(raw: SampleRing, physical: number, step: Float64Array, filter: MultiChannelFilter): void {
    const channelCount = step.length;
    for (let channel = 0; channel < channelCount; channel++) step[channel] = raw.channel(channel)[physical]!;
    if (this.filters?.isCommonAverageReference === true) applyCommonAverageReference(step, channelCount);
    filter.processTimeStep(step);
  }

  private needsRebuild(): boolean {
    const current = this.current;
    const rateHz = this.stream.nominalRateHz;
    switch (current.state) {
      case 'passThrough':
        return hasActiveFilters(this.filters) && rateHz !== null && this.stream.seriesCount > 0;
      case 'invalid':
        return rateHz === null || Math.abs(rateHz - current.rateHz) > current.rateHz * RATE_CHANGE_FRACTION;
      case 'filtering':
        return (
          current.layoutVersion !== this.stream.layoutVersion ||
          this.stream.ring.capacity > current.rawCapacity * RAW_GROWTH_RATIO ||
          rateHz === null ||
          Math.abs(rateHz - current.rateHz) > current.rateHz * RATE_CHANGE_FRACTION
        );
    }
  }

  private rebuild(): void {
    const stream = this.stream;
    const rateHz = stream.nominalRateHz;
    if (!hasActiveFilters(this.filters)) {
      this.setState({ state: 'passThrough', reason: 'noFilters' });
      return;
    }
    if (rateHz === null || stream.seriesCount === 0) {
      this.setState({ state: 'passThrough', reason: 'rateUnknown' });
      return;
    }
    const channelCount = stream.ring.channelCount;
    const created = createMultiChannelFilter(filterSpecOf(this.filters), rateHz, channelCount);
    if (!created.ok) {
      this.setState({ state: 'invalid', message: created.error.message, rateHz });
      return;
    }
    // Release the old ring first, so its bytes count for the new one.
    this.setState({ state: 'passThrough', reason: 'rateUnknown' });
    const windowCapacity = Math.max(64, Math.ceil(rateHz * (this.windowSeconds + PRE_ROLL_SECONDS + DISPLAY_SLACK_SECONDS)));
    const rawCapacity = stream.ring.capacity;
    const granted = stream.budget.grant(this, ringBytes(Math.max(windowCapacity, rawCapacity), channelCount));
    const capacity = Math.max(windowCapacity, Math.min(rawCapacity, Math.floor(granted / ringBytes(1, channelCount))));
    const ring = new SampleRing(capacity, channelCount);
    stream.budget.settle(this, ringBytes(capacity, channelCount));
    const preRollSamples = Math.ceil(rateHz * (this.windowSeconds + PRE_ROLL_SECONDS));
    this.current = {
      state: 'filtering',
      ring,
      filter: created.value,
      rateHz,
      layoutVersion: stream.layoutVersion,
      rawCapacity,
      nextSample: Math.max(stream.oldestHeld, stream.total - preRollSamples),
    };
  }

  private setState(state: PipelineState): void {
    if (this.current.state === 'filtering' && state.state !== 'filtering') this.stream.budget.release(this);
    this.current = state;
  }
}
