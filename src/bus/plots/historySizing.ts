/**
 * How much history a plot stream keeps, and the bus-wide budget all
 * streams share.
 *
 * Memory (SampleRing is mirrored: every time step is stored twice, as a
 * Float64 timestamp plus one Float32 per series):
 *   bytes = 2 x samples x (8 + 4 x series)
 * - EEG, 64 series at 1 kHz for 5 minutes: 300,000 x 2 x 264 B = 158 MB,
 *   under MAX_EEG_HISTORY_BYTES; 128 series at 1 kHz get about 3 minutes.
 * - Telemetry, 4 series at 1 Hz for 24 h: 86,400 x 2 x 24 B = 4 MB.
 * - Each EEG plot with filters on adds a display ring of its window plus
 *   the filter pre-roll (32 s at most): 64 series at 1 kHz, 17 MB.
 * Streams start small (INITIAL_HISTORY_SAMPLES) and grow once their sample
 * rate is known, so a plot that sees no data costs almost nothing.
 */
import type { PlotSpec } from '../../shared/plots';

export type StreamKind = PlotSpec['kind'];

/** The floor: freezing an EEG view loses nothing from the last 5 minutes. */
export const EEG_HISTORY_SECONDS = 300;
export const TELEMETRY_HISTORY_SECONDS = 24 * 60 * 60;
export const MAX_EEG_HISTORY_BYTES = 192 * 1024 * 1024;
export const MAX_TELEMETRY_HISTORY_BYTES = 16 * 1024 * 1024;
export const MAX_TELEMETRY_HISTORY_SAMPLES = 200_000;
/** Before the rate is known: 4 s of 1 kHz EEG, or 17 min of 1 Hz telemetry. */
export const INITIAL_HISTORY_SAMPLES: Record<StreamKind, number> = { eeg: 4096, telemetry: 1024 };
/** Every plot history in the bus together; a stream opened past it gets a shorter history (PlotInfo.historySeconds says so). */
export const TOTAL_HISTORY_BYTES = 1024 * 1024 * 1024;
/** Head room over the exact need, so a rate that wobbles does not resize the ring back and forth. */
const CAPACITY_MARGIN = 1.05;

export function ringBytes(capacity: number, seriesCount: number): number {
  return 2 * capacity * (8 + 4 * seriesCount);
}

export function targetHistorySeconds(kind: StreamKind): number {
  return kind === 'eeg' ? EEG_HISTORY_SECONDS : TELEMETRY_HISTORY_SECONDS;
}

/** Time steps to hold for `rateHz`, within the kind's count and byte caps and `grantedBytes`. */
export function historyCapacity(kind: StreamKind, rateHz: number | null, seriesCount: number, grantedBytes: number): number {
  const initial = INITIAL_HISTORY_SAMPLES[kind];
  const wanted = rateHz === null ? initial : Math.ceil(rateHz * targetHistorySeconds(kind) * CAPACITY_MARGIN);
  const countCap = kind === 'eeg' ? Number.POSITIVE_INFINITY : MAX_TELEMETRY_HISTORY_SAMPLES;
  const byteCap = Math.min(kind === 'eeg' ? MAX_EEG_HISTORY_BYTES : MAX_TELEMETRY_HISTORY_BYTES, grantedBytes);
  const byByteCap = Math.floor(byteCap / ringBytes(1, seriesCount));
  return Math.max(1, Math.min(wanted, countCap, Math.max(byByteCap, Math.min(initial, wanted))));
}

export function maxHistoryBytes(kind: StreamKind): number {
  return kind === 'eeg' ? MAX_EEG_HISTORY_BYTES : MAX_TELEMETRY_HISTORY_BYTES;
}

/** Shares TOTAL_HISTORY_BYTES among the streams; each holder asks again when it resizes. */
export class HistoryBudget {
  private readonly held = new Map<object, number>();
  private usedBytes = 0;

  constructor(readonly totalBytes: number = TOTAL_HISTORY_BYTES) {}

  /** The bytes `holder` may use, at most `wantedBytes`; replaces what it held before. */
  grant(holder: object, wantedBytes: number): number {
    const previous = this.held.get(holder) ?? 0;
    const available = Math.max(0, this.totalBytes - (this.usedBytes - previous));
    const granted = Math.min(wantedBytes, available);
    this.held.set(holder, granted);
    this.usedBytes += granted - previous;
    return granted;
  }

  /** Records what the holder actually allocated (the initial ring may exceed a grant of zero). */
  settle(holder: object, bytes: number): void {
    const previous = this.held.get(holder) ?? 0;
    this.held.set(holder, bytes);
    this.usedBytes += bytes - previous;
  }

  release(holder: object): void {
    this.usedBytes -= this.held.get(holder) ?? 0;
    this.held.delete(holder);
  }

  get used(): number {
    return this.usedBytes;
  }
}
