/**
 * Live plots: EEG montages and telemetry charts. Extraction, filtering and
 * decimation run in the bus; frames carry columns in uPlot's order
 * ([xs, ...ys]) as typed arrays.
 */
import type { LaneTarget } from './liveChannels';

/** Where a sample's time comes from; always shown to the user. */
export type SampleTimeSource = 'message' | 'receive';

export interface EegFilterSettings {
  /** High-pass / DC removal corner in Hz; 0 = off. */
  highPassHz: number;
  /** Mains notch; 0 = off. */
  notchHz: 0 | 50 | 60;
  notchHarmonics: boolean;
  /** Band-pass; null = off. */
  bandPass: { lowHz: number; highHz: number; order: number } | null;
  /** Common average reference across the visible channels. */
  isCommonAverageReference: boolean;
}

export const DEFAULT_EEG_FILTERS: EegFilterSettings = {
  highPassHz: 0.5,
  notchHz: 0,
  notchHarmonics: false,
  bandPass: null,
  isCommonAverageReference: false,
};

export type PlotSpec =
  | {
      kind: 'eeg';
      /** Where the samples come from: a channel (user:demo1:raw), a pattern, or a stream's entries. */
      target: LaneTarget;
      /** e.g. "channels.*": one lane per key, natural order. */
      fieldPath: string;
      timeSource: SampleTimeSource;
      /** 1..30 */
      windowSeconds: number;
      filters: EegFilterSettings;
      /** Pixel columns of the plot area: decimation target. */
      pixelWidth: number;
      /** Also send the spectrum and band powers a few times per second. */
      shouldComputeSpectrum: boolean;
    }
  | {
      kind: 'telemetry';
      /** A channel, a pattern, or a stream (each entry's fields; numeric text is read as a number). */
      target: LaneTarget;
      /** Field paths, e.g. ["data.telemetry.co2", "data.telemetry.temperature"]. */
      fieldPaths: string[];
      /** Only messages where this path equals this value, e.g. data.device_id == mushroom1. */
      match: { path: string; equals: string } | null;
      timeSource: SampleTimeSource;
      /** 10 s .. 24 h */
      windowSeconds: number;
      pixelWidth: number;
    };

/** A gap is a silence longer than this many sample periods. */
const PLOT_GAP_PERIODS = 3;
/** Receive times of a healthy fast stream jitter by tens of ms (socket reads, GC); only longer silences are gaps. */
const RECEIVE_TIME_GAP_FLOOR_MS = 250;

/** Spacing between two samples beyond which the bus counts a gap (and breaks the line); the plots say the same in words. */
export function plotGapThresholdMs(nominalRateHz: number, timeSource: SampleTimeSource): number {
  const periods = (PLOT_GAP_PERIODS * 1000) / nominalRateHz;
  return timeSource === 'receive' ? Math.max(periods, RECEIVE_TIME_GAP_FLOOR_MS) : periods;
}

export interface PlotStreamStats {
  /** Detected from the message spacing; null until known. */
  nominalRateHz: number | null;
  /** Over the last second; over the last ten for a stream under 10 Hz; null until the bus has listened for that whole window. */
  actualRateHz: number | null;
  /** Samples received in total. */
  samples: number;
  /** Gaps (missing samples for more than 3 nominal periods). */
  gaps: number;
  /** Samples whose time went backwards. */
  late: number;
  /** Samples the history overwrote (older than it holds). */
  overwritten: number;
}

export interface PlotInfo {
  plotId: string;
  profileId: string;
  spec: PlotSpec;
  /** Series names in order (lanes for EEG). */
  seriesNames: string[];
  /** Seconds of history the bus holds for this plot (freeze and scroll back). */
  historySeconds: number;
}

/**
 * One plot's columns: x in epoch seconds, then one column per series.
 *
 * Live frames of a plot form a chain (seq 1, 2, 3, ...). A keyframe
 * (`replaceFrom` null) is the whole picture. A continuation applies to the
 * picture after frame `seq - 1`: drop its points with x >= replaceFrom,
 * append this frame's points, then drop points with x < keepFrom except the
 * last of them (so lines reach the left edge). A receiver that missed a
 * frame asks for a keyframe ('plots:keyframe'). Range answers are keyframes.
 */
export interface PlotFrame {
  kind: 'plot';
  plotId: string;
  profileId: string;
  seq: number;
  at: number;
  /** Epoch seconds from which this frame replaces the receiver's points; null: a keyframe. */
  replaceFrom: number | null;
  /** Epoch seconds: points before this are out of the window (the last one before it stays). */
  keepFrom: number;
  seriesNames: string[];
  /** Epoch seconds (uPlot's x unit). */
  x: Float64Array;
  /** One per series, same length as x; NaN where a line breaks (the renderer turns NaN into null for uPlot). */
  ys: Float32Array[];
  /** True when min/max per pixel column replaced raw samples. */
  isDecimated: boolean;
  stats: PlotStreamStats;
  /** Newest publish time (epoch ms) in this frame, for publish-to-pixel latency. */
  newestPublishedAt: number | null;
  /** Milliseconds the bus spent building this frame. */
  buildMs: number;
  spectrum?: {
    frequenciesHz: Float32Array;
    /** One per series, µV²/Hz. */
    power: Float32Array[];
    /** δ θ α β γ per series, µV². */
    bandPowers: Float32Array[];
  };
}

export const EEG_WINDOW_SECONDS_CHOICES = [1, 2, 5, 10, 20, 30] as const;
export const EEG_SCALE_MICROVOLTS_PER_DIVISION = ['auto', 10, 20, 50, 100, 200, 500, 1000] as const;

/** Why a channel is offered as an EEG view. */
export type OfferReason =
  /** Its name has the EEG role (user:{id}:raw). */
  | 'name'
  /** Its messages look like multichannel samples: an object of at least 4 numbers, many times a second. */
  | 'shape';

/** A channel seen in traffic that an EEG view can show ('plots:streams'). */
export interface OfferedStream {
  channel: string;
  /** Where the samples are, e.g. "channels.*" (one lane per key). */
  fieldPath: string;
  reason: OfferReason;
  /** Messages in the last full second. */
  messagesPerSecond: number;
  /** Epoch ms. */
  lastSeenAt: number;
}

/**
 * What the stream finder listens to: every channel (PSUBSCRIBE *), only the
 * EEG role's channels (the server refused * but allowed user:*:raw), or
 * nothing (both refused; an ACL that allows only named channels).
 */
export type StreamFinderScope = 'all-channels' | 'eeg-channels' | 'none';

export interface OfferedStreams {
  streams: OfferedStream[];
  scope: StreamFinderScope;
  /** Channels forgotten because more than the finder tracks were seen (the least recently seen go first). */
  forgottenChannels: number;
}
