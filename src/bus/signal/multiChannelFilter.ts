/**
 * One filter design applied to every channel of a montage, with each
 * channel's state kept apart: channels x sections x 2 values in one
 * Float64Array, so a 64-channel EEG filter is two allocations, not 64.
 */
import { fail, ok, type Result } from '../../shared/result';
import { filterSample, primeState, STATE_VALUES_PER_SECTION } from './biquadKernel';
import { designFilterChain, type FilterDesign, type FilterSpec } from './filterChain';

export class MultiChannelFilter {
  private readonly state: Float64Array;
  private readonly stateValuesPerChannel: number;
  /** 1 once the channel's state was primed by its first sample (see primeState). */
  private readonly isChannelPrimed: Uint8Array;

  constructor(
    private readonly design: FilterDesign,
    readonly channelCount: number,
  ) {
    this.stateValuesPerChannel = design.sectionCount * STATE_VALUES_PER_SECTION;
    this.state = new Float64Array(channelCount * this.stateValuesPerChannel);
    this.isChannelPrimed = new Uint8Array(channelCount);
  }

  /** Filters one sample of one channel; NaN passes through and leaves the state alone. */
  processChannel(channel: number, sample: number): number {
    if (Number.isNaN(sample)) return Number.NaN;
    const { coefficients, sectionCount } = this.design;
    const offset = channel * this.stateValuesPerChannel;
    if (this.isChannelPrimed[channel] === 0) {
      primeState(coefficients, sectionCount, this.state, offset, sample);
      this.isChannelPrimed[channel] = 1;
    }
    return filterSample(coefficients, sectionCount, this.state, offset, sample);
  }

  /** Filters one time step in place: samples[c] is channel c. */
  processTimeStep(samples: Float64Array): void {
    const count = Math.min(samples.length, this.channelCount);
    for (let channel = 0; channel < count; channel++) {
      samples[channel] = this.processChannel(channel, samples[channel]!);
    }
  }

  /** Filters a block of one channel; output may be the input array. */
  processChannelBlock(
    channel: number,
    input: Float32Array | Float64Array,
    output: Float32Array | Float64Array,
    length: number,
  ): void {
    for (let index = 0; index < length; index++) output[index] = this.processChannel(channel, input[index]!);
  }

  resetChannel(channel: number): void {
    const offset = channel * this.stateValuesPerChannel;
    this.state.fill(0, offset, offset + this.stateValuesPerChannel);
    this.isChannelPrimed[channel] = 0;
  }

  reset(): void {
    this.state.fill(0);
    this.isChannelPrimed.fill(0);
  }
}

export function createMultiChannelFilter(
  spec: FilterSpec,
  sampleRateHz: number,
  channelCount: number,
): Result<MultiChannelFilter> {
  if (!Number.isInteger(channelCount) || channelCount < 1) {
    return fail('INVALID', `A filter needs at least one channel; got ${channelCount}.`, { field: 'channelCount' });
  }
  const design = designFilterChain(spec, sampleRateHz);
  return design.ok ? ok(new MultiChannelFilter(design.value, channelCount)) : design;
}
