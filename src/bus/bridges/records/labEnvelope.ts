/**
 * The lab envelope the device manager already publishes on
 * `devices:telemetry` (see /work/shared/LAB_TRAFFIC.md):
 * `{channel, source, timestamp, data}` with an ISO-8601 UTC timestamp, so a
 * bridged board's records look like every other device's to the lab's
 * consumers. Raw bytes go in `data` as {"encoding":"base64","base64":"…"}.
 */
import { base64Marker } from './jsonSafeValue';

export interface LabEnvelope {
  channel: string;
  /** Who published: the bridge's source name, or its name. */
  source: string;
  /** When the bridge read the record (the device sends no clock the bridge can trust), ISO-8601 UTC with milliseconds. */
  timestamp: string;
  data: unknown;
}

export function labEnvelope(channel: string, source: string, receivedAt: number, data: { value: unknown } | { bytes: Buffer }): LabEnvelope {
  return { channel, source, timestamp: new Date(receivedAt).toISOString(), data: 'bytes' in data ? base64Marker(data.bytes) : data.value };
}
