/**
 * The bus side of the EEG scenario without Redis: N synthetic streams of
 * 64 channels at 1 kHz, as MessagePack RawMessages, through PlotStreams,
 * with the 64-lane view of the first stream built on the frame clock
 * (simulated: every PLOT_FRAME_INTERVAL_MS of data, as fast as the machine
 * goes). Reports the frame build time and the samples the streams did not
 * take in. bench/run.ts decides whether and how to report it.
 */
import { pack } from 'msgpackr';
import { PlotStream } from '../src/bus/plots/plotStream';
import { PlotView } from '../src/bus/plots/plotView';
import { PLOT_FRAME_INTERVAL_MS } from '../src/shared/contract';
import { DEFAULT_EEG_FILTERS, type EegFilterSettings } from '../src/shared/plots';

export interface EegPipelineOptions {
  streamCount?: number;
  channelCount?: number;
  rateHz?: number;
  /** Seconds of data pushed through (simulated, not waited for). */
  seconds?: number;
  windowSeconds?: number;
  pixelWidth?: number;
  filters?: EegFilterSettings;
}

export interface EegPipelineMeasurement {
  frameBuildP95Ms: number;
  frameBuildMedianMs: number;
  framesBuilt: number;
  /** Samples published minus samples the streams hold or counted; 0 when nothing was dropped. */
  samplesLost: number;
  /** Wall time spent decoding and storing one second of data of all streams. */
  ingestMsPerDataSecond: number;
}

const START_MS = 1_700_000_000_000;

export function measureEegBusPipeline(options: EegPipelineOptions = {}): EegPipelineMeasurement {
  const streamCount = options.streamCount ?? 4;
  const channelCount = options.channelCount ?? 64;
  const rateHz = options.rateHz ?? 1000;
  const seconds = options.seconds ?? 10;
  const names = Array.from({ length: channelCount }, (_, index) => `Ch${index}`);
  const streams = Array.from({ length: streamCount }, (_, index) => {
    const created = PlotStream.create({ kind: 'eeg', channel: `user:bench${index}:raw`, fieldPaths: ['channels.*'], match: null, timeSource: 'message' });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  });
  const view = new PlotView('bench-plot', 'bench', streams[0]!, {
    kind: 'eeg',
    target: { kind: 'channel', name: streams[0]!.spec.channel },
    fieldPath: 'channels.*',
    timeSource: 'message',
    windowSeconds: options.windowSeconds ?? 10,
    filters: options.filters ?? { ...DEFAULT_EEG_FILTERS, notchHz: 50 },
    pixelWidth: options.pixelWidth ?? 1400,
    shouldComputeSpectrum: true,
  });

  const message: { type: string; timestamp: number; channels: Record<string, number> } = { type: 'raw', timestamp: 0, channels: {} };
  const totalSamples = Math.round(seconds * rateHz);
  const samplesPerFrame = Math.max(1, Math.round((PLOT_FRAME_INTERVAL_MS * rateHz) / 1000));
  const buildTimes: number[] = [];
  let ingestMs = 0;
  for (let first = 0; first < totalSamples; first += samplesPerFrame) {
    const last = Math.min(totalSamples, first + samplesPerFrame);
    for (const [streamIndex, stream] of streams.entries()) {
      const payloads: Buffer[] = [];
      for (let sample = first; sample < last; sample++) {
        const seconds = sample / rateHz;
        for (let channel = 0; channel < channelCount; channel++) {
          message.channels[names[channel]!] = 20 * Math.sin(2 * Math.PI * 10 * seconds + channel + streamIndex) + (channel === 0 ? 30 * Math.sin(2 * Math.PI * 50 * seconds) : 0);
        }
        message.timestamp = (START_MS + (sample * 1000) / rateHz) / 1000;
        payloads.push(pack(message));
      }
      const startedMs = performance.now();
      for (const [offset, payload] of payloads.entries()) {
        stream.ingest({ channel: Buffer.from(stream.spec.channel), pattern: null, payload, receivedAt: START_MS + ((first + offset) * 1000) / rateHz + 2 });
      }
      ingestMs += performance.now() - startedMs;
    }
    buildTimes.push(view.buildFrame().buildMs);
  }

  const held = streams.reduce((sum, stream) => sum + stream.stats().samples, 0);
  buildTimes.sort((a, b) => a - b);
  for (const stream of streams) stream.dispose();
  return {
    frameBuildP95Ms: buildTimes[Math.min(buildTimes.length - 1, Math.floor(buildTimes.length * 0.95))] ?? 0,
    frameBuildMedianMs: buildTimes[Math.floor(buildTimes.length / 2)] ?? 0,
    framesBuilt: buildTimes.length,
    samplesLost: totalSamples * streamCount - held,
    ingestMsPerDataSecond: ingestMs / seconds,
  };
}
