/** The built-in demo traffic generator's settings and status. */

export interface SimulatorOptions {
  /** How many EEG users publish `user:{id}:raw` (MessagePack). 0..8 */
  eegUsers: number;
  /** Samples per second per EEG user; one message per sample. 10..1000 */
  eegRateHz: number;
  /** EEG channels per frame (Ch0..ChN-1). 1..64 */
  eegChannels: number;
  /** Telemetry, agents, routing, task updates and alerts on their LAB_TRAFFIC channels. */
  shouldPublishLabChannels: boolean;
}

export const DEFAULT_SIMULATOR_OPTIONS: SimulatorOptions = {
  eegUsers: 1,
  eegRateHz: 250,
  eegChannels: 8,
  shouldPublishLabChannels: true,
};

export type SimulatorStatus =
  | { state: 'stopped' }
  | {
      state: 'running';
      options: SimulatorOptions;
      /** Epoch ms. */
      since: number;
      /** Messages published since start. */
      published: number;
      /** Publishes that failed (server gone, NOPERM ...), counted, never retried. */
      failed: number;
      /** Messages not sent because too many publishes were still waiting for the server (the in-flight cap). */
      skippedMessages: number;
      /**
       * EEG samples never made, counted per user: after the generator was held up (a busy bus thread) it
       * catches up at most 100 ms and skips the rest. Each would have been one message on a raw channel.
       */
      skippedEegSamples: number;
      /** Channels being published on, for the UI to offer. */
      channels: string[];
    };

export type LocalRedisStatus =
  /** redis-server is not on the PATH: nothing to offer. */
  | { state: 'unavailable'; reason: string }
  | { state: 'stopped' }
  | { state: 'starting' }
  | { state: 'running'; port: number; pid: number; dataDir: string }
  | { state: 'failed'; reason: string };
