/** The demo traffic form: numbers kept as typed, checked against the bus's ranges. */
import type { SimulatorOptions } from '../../../../shared/simulator';

export interface SimulatorForm {
  eegUsers: string;
  eegRateHz: string;
  eegChannels: string;
  shouldPublishLabChannels: boolean;
}

type NumericField = Exclude<keyof SimulatorForm, 'shouldPublishLabChannels'>;

export const SIMULATOR_LIMITS: Record<NumericField, { min: number; max: number; noun: string }> = {
  eegUsers: { min: 0, max: 8, noun: 'EEG users' },
  eegRateHz: { min: 10, max: 1000, noun: 'samples per second' },
  eegChannels: { min: 1, max: 64, noun: 'channels' },
};

export function simulatorFormFromOptions(options: SimulatorOptions): SimulatorForm {
  return {
    eegUsers: String(options.eegUsers),
    eegRateHz: String(options.eegRateHz),
    eegChannels: String(options.eegChannels),
    shouldPublishLabChannels: options.shouldPublishLabChannels,
  };
}

export type SimulatorFormCheck =
  | { isValid: true; options: SimulatorOptions }
  | { isValid: false; problems: Partial<Record<NumericField, string>> };

export function checkSimulatorForm(form: SimulatorForm): SimulatorFormCheck {
  const problems: Partial<Record<NumericField, string>> = {};
  const values: Partial<Record<NumericField, number>> = {};
  for (const field of Object.keys(SIMULATOR_LIMITS) as NumericField[]) {
    const { min, max, noun } = SIMULATOR_LIMITS[field];
    const text = form[field].trim();
    const value = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isInteger(value) && value >= min && value <= max) values[field] = value;
    else problems[field] = `Enter a whole number of ${noun} from ${min} to ${max}.`;
  }
  const { eegUsers, eegRateHz, eegChannels } = values;
  if (eegUsers === undefined || eegRateHz === undefined || eegChannels === undefined) return { isValid: false, problems };
  return { isValid: true, options: { eegUsers, eegRateHz, eegChannels, shouldPublishLabChannels: form.shouldPublishLabChannels } };
}
