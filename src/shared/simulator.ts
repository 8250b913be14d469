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
      /** Samples not published because the publisher fell behind (stall catch-up cap, in-flight cap). */
      skipped: number;
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
