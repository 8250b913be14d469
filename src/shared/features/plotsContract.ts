/** The plots feature's slice of the contract: live EEG and telemetry plots, their history and the streams offered. */
import type { OfferedStreams, PlotFrame, PlotInfo, PlotSpec } from '../plots';
import {
  arrayOf,
  boolean,
  channelNameCheck,
  idCheck,
  integer,
  nullable,
  number,
  oneOf,
  oneOfNumbers,
  shape,
  string,
  variants,
} from '../requestChecks';
import { request } from '../requestSlice';
import { laneTargetCheck } from './liveContract';

const eegFilters = shape({
  highPassHz: number(0, 100),
  notchHz: oneOfNumbers([0, 50, 60]),
  notchHarmonics: boolean,
  bandPass: nullable(shape({ lowHz: number(0.01, 1000), highHz: number(0.1, 5000), order: integer(1, 8) })),
  isCommonAverageReference: boolean,
});

const timeSource = oneOf(['message', 'receive']);
const pixelWidth = integer(16, 8192);

const plotSpec = variants('kind', {
  eeg: shape({
    kind: oneOf(['eeg']),
    target: laneTargetCheck,
    fieldPath: string(1000),
    timeSource,
    windowSeconds: number(1, 30),
    filters: eegFilters,
    pixelWidth,
    shouldComputeSpectrum: boolean,
  }),
  telemetry: shape({
    kind: oneOf(['telemetry']),
    target: laneTargetCheck,
    fieldPaths: arrayOf(string(1000), 32),
    match: nullable(shape({ path: string(1000), equals: string(1000) })),
    timeSource,
    windowSeconds: number(10, 24 * 3600),
    pixelWidth,
  }),
});

const plotOnly = shape({ plotId: idCheck });

export const PLOTS_REQUESTS = {
  'plots:open': request<{ profileId: string; spec: PlotSpec }, PlotInfo>(shape({ profileId: idCheck, spec: plotSpec })),
  'plots:update': request<{ plotId: string; spec: PlotSpec }, PlotInfo>(shape({ plotId: idCheck, spec: plotSpec })),
  'plots:close': request<{ plotId: string }, { plotId: string }>(plotOnly),
  /** The next live frame of the plot is a keyframe: the receiver missed one of the chain (PlotFrame). */
  'plots:keyframe': request<{ plotId: string }, { plotId: string }>(plotOnly),
  /** Frozen view: a range of the plot's history, decimated to pixelWidth. Times in epoch ms. */
  'plots:range': request<{ plotId: string; fromMs: number; toMs: number; pixelWidth: number }, PlotFrame>(
    shape({ plotId: idCheck, fromMs: number(0, 1e15), toMs: number(0, 1e15), pixelWidth }),
  ),
  /**
   * Fields seen on a channel: numeric paths for autocomplete, and short text
   * values by path (e.g. "data.device_id": ["incubator-3", "mushroom1"]) to offer
   * one chart per sender. The bus starts listening on the first ask: ask again.
   */
  'plots:paths': request<{ profileId: string; channel: string }, { paths: string[]; textValues: Record<string, string[]> }>(
    shape({ profileId: idCheck, channel: channelNameCheck }),
  ),
  /**
   * Channels seen in traffic that an EEG view can show, whether or not
   * anyone else listens on them. The bus starts listening on the first ask
   * and stops a minute after the last: ask again.
   */
  'plots:streams': request<{ profileId: string }, OfferedStreams>(shape({ profileId: idCheck })),
};
