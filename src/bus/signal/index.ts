/** Signal processing for the live plots: filters, decimation, spectra, sample history, field extraction. */
export { cascadeMagnitude, butterworthQualityFactors } from './biquadDesign';
export {
  ChannelFilter,
  createFilterChain,
  designFilterChain,
  MAX_BUTTERWORTH_ORDER,
  NOTCH_HARMONIC_MAX,
  NOTCH_QUALITY_FACTOR,
  type FilterDesign,
  type FilterSpec,
} from './filterChain';
export { createMultiChannelFilter, MultiChannelFilter } from './multiChannelFilter';
export { applyCommonAverageReference } from './commonAverageReference';
export { decimateMinMax, minMaxOutputCapacity } from './minMaxDecimation';
export { RealFft } from './realFft';
export { hannWindow, WelchEstimator, welchPsd, type PowerSpectrum } from './welchPsd';
export { bandPowers, EEG_BANDS, type FrequencyBand } from './bandPowers';
export { createSampleRing, SampleRing, type IndexRange } from './sampleRing';
export { compareNatural, sortNatural } from './naturalSort';
export { compileFieldPath, type FieldExtractor, type SeriesVisitor } from './fieldPath';
