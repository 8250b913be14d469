/**
 * Which shown EEG lanes are mostly mains hum, read from the spectrum the bus
 * already sends. At a 10 s window a 50 Hz hum draws 500 cycles across the
 * lane: a solid dark band that says nothing to someone who has not seen one.
 * Named in words, with the notch one click away, it is a loose electrode.
 */
import type { PlotSpectrumFrame } from './EegDisplay';

export type MainsFrequencyHz = 50 | 60;

const MAINS_FREQUENCIES_HZ: readonly MainsFrequencyHz[] = [50, 60];
/** Bins this close to the mains frequency count as hum (Welch bins are about 1 Hz wide at the spectrum's window). */
const HUM_HALF_WIDTH_HZ = 1.5;
/**
 * A lane is called hum when the hum holds at least this share of its power above 1 Hz. Measured on the
 * demo (250 Hz, notch off): its hum lane Ch0 held 46 % (its electrode drift holds much of the rest, so
 * a majority rule missed it); the seven clean lanes held 0.2 % to 2 %.
 */
const HUM_POWER_SHARE = 0.2;
/** Below this the high-pass and electrode drift dominate; they are not what the lane is made of. */
const LOWEST_COUNTED_HZ = 1;

export interface MainsHum {
  frequencyHz: MainsFrequencyHz;
  /** Series names (field paths) of the shown lanes that are mostly this hum, top to bottom. */
  laneNames: string[];
}

/** The mains frequency most of the hum-laden shown lanes carry, or null when none is (or its notch is already on). */
export function findMainsHum(spectrum: PlotSpectrumFrame | null, shownLaneNames: readonly string[], notchHz: number): MainsHum | null {
  if (spectrum === null) return null;
  const { frequenciesHz, power } = spectrum.spectrum;
  const byFrequency = new Map<MainsFrequencyHz, string[]>();
  for (const name of shownLaneNames) {
    const index = spectrum.seriesNames.indexOf(name);
    const lanePower = index < 0 ? undefined : power[index];
    if (lanePower === undefined) continue;
    const frequency = dominantMains(frequenciesHz, lanePower);
    if (frequency === null || frequency === notchHz) continue;
    byFrequency.set(frequency, [...(byFrequency.get(frequency) ?? []), name]);
  }
  let found: MainsHum | null = null;
  for (const [frequencyHz, laneNames] of byFrequency) {
    if (found === null || laneNames.length > found.laneNames.length) found = { frequencyHz, laneNames };
  }
  return found;
}

function dominantMains(frequenciesHz: Float32Array, power: Float32Array): MainsFrequencyHz | null {
  let total = 0;
  const hum = new Map<MainsFrequencyHz, number>(MAINS_FREQUENCIES_HZ.map((frequency) => [frequency, 0]));
  for (let bin = 0; bin < frequenciesHz.length && bin < power.length; bin++) {
    const frequency = frequenciesHz[bin]!;
    const value = power[bin]!;
    if (frequency < LOWEST_COUNTED_HZ || !Number.isFinite(value)) continue;
    total += value;
    for (const mains of MAINS_FREQUENCIES_HZ) {
      if (Math.abs(frequency - mains) <= HUM_HALF_WIDTH_HZ) hum.set(mains, hum.get(mains)! + value);
    }
  }
  if (total <= 0) return null;
  for (const mains of MAINS_FREQUENCIES_HZ) {
    if (hum.get(mains)! / total >= HUM_POWER_SHARE) return mains;
  }
  return null;
}
