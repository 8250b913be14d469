/**
 * The telemetry channels the Plots tab offers by itself (LAB_TRAFFIC), and
 * how to tell their senders apart: one chart per device or experiment,
 * picked out by the id each message carries.
 */

export interface TelemetrySource {
  channel: string;
  /** Field path of the sender's id in each message. */
  idPath: string;
  /** What one sender is, in words ("device"). */
  noun: string;
  fieldPaths: string[];
}

export const TELEMETRY_SOURCES: readonly TelemetrySource[] = [
  {
    channel: 'devices:telemetry',
    idPath: 'data.device_id',
    noun: 'device',
    fieldPaths: ['data.telemetry.temperature', 'data.telemetry.humidity', 'data.telemetry.co2', 'data.telemetry.tvoc'],
  },
  {
    channel: 'experiments:data',
    idPath: 'data.experiment_id',
    noun: 'experiment',
    fieldPaths: ['data.data.growth_rate', 'data.data.biomass', 'data.data.ph'],
  },
];

/** At most this many senders per channel get their own chart; more would bury the page. */
export const MAX_CHARTS_PER_SOURCE = 12;

/** Natural order: Ch2 before Ch10, user:demo2 before user:demo10. */
export function compareNatural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
