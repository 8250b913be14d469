/**
 * Where each EEG lane sits in the one shared canvas and how tall its
 * microvolts are drawn. One lane is one division: at 50 µV/div a lane's
 * centre line and its neighbour's are 50 µV apart. Each lane is centred on
 * its own mean over the window, so an electrode offset never pushes a
 * trace out of its lane; per-lane gain multiplies the shared scale, and a
 * lane on autoscale takes its own scale from its own amplitude.
 */
import { EEG_SCALE_MICROVOLTS_PER_DIVISION } from '../../../../shared/plots';
import type { LaneStatistics } from './laneStatistics';

export type ScaleChoice = (typeof EEG_SCALE_MICROVOLTS_PER_DIVISION)[number];

export interface LaneSetting {
  /** Multiplies the drawn amplitude: 2 draws the lane twice as tall. */
  gain: number;
  isAutoscaled: boolean;
  isHidden: boolean;
}

export const DEFAULT_LANE_SETTING: LaneSetting = { gain: 1, isAutoscaled: false, isHidden: false };
export const MIN_LANE_GAIN = 1 / 16;
export const MAX_LANE_GAIN = 16;
/** A trace of about ±2 RMS fills its own lane; used for auto and per-lane autoscale. */
export const AMPLITUDE_RMS_PER_DIVISION = 4;
/** Autoscale never goes below this, so a flat (disconnected) channel stays a flat line instead of amplified noise. */
const MIN_AUTOSCALE_MICROVOLTS = 1;

export interface LaneDisplaySettings {
  /** Lane names in the order the user chose; names not listed follow in the stream's order. */
  order: readonly string[];
  lanes: Readonly<Record<string, LaneSetting>>;
}

export interface VisibleLane {
  /** Index into the frame's series. */
  seriesIndex: number;
  name: string;
}

/** The lanes to draw, top to bottom. */
export function visibleLanes(seriesNames: readonly string[], settings: LaneDisplaySettings): VisibleLane[] {
  const indexOf = new Map(seriesNames.map((name, index) => [name, index]));
  const ordered: string[] = [];
  const seen = new Set<string>();
  for (const name of settings.order) {
    if (indexOf.has(name) && !seen.has(name)) {
      ordered.push(name);
      seen.add(name);
    }
  }
  for (const name of seriesNames) if (!seen.has(name)) ordered.push(name);
  return ordered
    .filter((name) => !(settings.lanes[name]?.isHidden ?? false))
    .map((name) => ({ seriesIndex: indexOf.get(name)!, name }));
}

/** Every lane name in display order, hidden ones included (for the lane settings list). */
export function orderedLaneNames(seriesNames: readonly string[], order: readonly string[]): string[] {
  const present = new Set(seriesNames);
  const listed = order.filter((name) => present.has(name));
  const listedSet = new Set(listed);
  return [...listed, ...seriesNames.filter((name) => !listedSet.has(name))];
}

/** Moves `name` one place up (-1) or down (+1) in the display order. */
export function moveLane(seriesNames: readonly string[], order: readonly string[], name: string, step: -1 | 1): string[] {
  const names = orderedLaneNames(seriesNames, order);
  const from = names.indexOf(name);
  const to = from + step;
  if (from < 0 || to < 0 || to >= names.length) return names;
  names[from] = names[to]!;
  names[to] = name;
  return names;
}

export function stepGain(gain: number, direction: -1 | 1): number {
  return Math.min(MAX_LANE_GAIN, Math.max(MIN_LANE_GAIN, direction > 0 ? gain * 2 : gain / 2));
}

/** The smallest preset that holds the median visible lane (±2 RMS per division); null without data. */
export function idealMicrovoltsPerDivision(lanes: readonly VisibleLane[], statistics: LaneStatistics): number | null {
  const amplitudes: number[] = [];
  for (const lane of lanes) {
    if (lane.seriesIndex < statistics.seriesCount && statistics.count[lane.seriesIndex]! > 0) {
      amplitudes.push(statistics.rms[lane.seriesIndex]! * AMPLITUDE_RMS_PER_DIVISION);
    }
  }
  if (amplitudes.length === 0) return null;
  amplitudes.sort((a, b) => a - b);
  const median = amplitudes[Math.floor((amplitudes.length - 1) / 2)]!;
  const presets = EEG_SCALE_MICROVOLTS_PER_DIVISION.filter((choice): choice is Exclude<ScaleChoice, 'auto'> => choice !== 'auto');
  return presets.find((preset) => preset >= median) ?? presets[presets.length - 1]!;
}

/**
 * Auto scale that does not flicker: the shown preset changes only after
 * the ideal one has differed for `holdUpdates` consecutive frames (a blink
 * must not rescale the montage).
 */
export class AutoScaleHold {
  private current: number | null = null;
  private candidate: number | null = null;
  private candidateUpdates = 0;

  constructor(private readonly holdUpdates: number = 15) {}

  update(ideal: number | null): number | null {
    if (ideal === null) return this.current;
    if (this.current === null || ideal === this.current) {
      this.current = ideal;
      this.candidate = null;
      this.candidateUpdates = 0;
      return this.current;
    }
    if (ideal !== this.candidate) {
      this.candidate = ideal;
      this.candidateUpdates = 0;
    }
    this.candidateUpdates++;
    if (this.candidateUpdates >= this.holdUpdates) {
      this.current = ideal;
      this.candidate = null;
      this.candidateUpdates = 0;
    }
    return this.current;
  }
}

/** Per visible lane, in drawing order: where its centre is and how to map a value to canvas pixels. */
export interface LaneTransforms {
  count: number;
  /** Canvas y of the lane's centre line. */
  centerPx: Float64Array;
  /** Subtracted from each value before scaling (the lane's mean). */
  offset: Float64Array;
  /** Canvas pixels per microvolt (up is negative y). */
  pxPerMicrovolt: Float64Array;
  /** µV per division actually used per lane (after gain or autoscale), for the lane list. */
  microvoltsPerDivision: Float64Array;
}

export function createLaneTransforms(): LaneTransforms {
  return { count: 0, centerPx: new Float64Array(0), offset: new Float64Array(0), pxPerMicrovolt: new Float64Array(0), microvoltsPerDivision: new Float64Array(0) };
}

/**
 * Fills `into` for lanes stacked in [topPx, topPx + heightPx] (canvas
 * pixels) at `microvoltsPerDivision` (the preset or the auto choice).
 */
export function computeLaneTransforms(
  lanes: readonly VisibleLane[],
  statistics: LaneStatistics,
  settings: LaneDisplaySettings,
  microvoltsPerDivision: number,
  topPx: number,
  heightPx: number,
  into: LaneTransforms,
): LaneTransforms {
  const count = lanes.length;
  if (into.centerPx.length < count) {
    into.centerPx = new Float64Array(count);
    into.offset = new Float64Array(count);
    into.pxPerMicrovolt = new Float64Array(count);
    into.microvoltsPerDivision = new Float64Array(count);
  }
  into.count = count;
  const laneHeightPx = count > 0 ? heightPx / count : 0;
  for (let slot = 0; slot < count; slot++) {
    const lane = lanes[slot]!;
    const setting = settings.lanes[lane.name] ?? DEFAULT_LANE_SETTING;
    const hasStatistics = lane.seriesIndex < statistics.seriesCount && statistics.count[lane.seriesIndex]! > 0;
    let scale = microvoltsPerDivision / setting.gain;
    if (setting.isAutoscaled && hasStatistics) {
      scale = Math.max(MIN_AUTOSCALE_MICROVOLTS, statistics.rms[lane.seriesIndex]! * AMPLITUDE_RMS_PER_DIVISION) / setting.gain;
    }
    into.centerPx[slot] = topPx + (slot + 0.5) * laneHeightPx;
    into.offset[slot] = hasStatistics ? statistics.mean[lane.seriesIndex]! : 0;
    into.pxPerMicrovolt[slot] = scale > 0 ? laneHeightPx / scale : 0;
    into.microvoltsPerDivision[slot] = scale;
  }
  return into;
}
