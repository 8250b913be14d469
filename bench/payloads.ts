/** Payloads the benchmarks publish: the shapes of LAB_TRAFFIC.md. */
import { pack } from 'msgpackr';

export type PayloadKind = 'json' | 'msgpack-eeg';

export const PAYLOAD_KINDS: readonly PayloadKind[] = ['json', 'msgpack-eeg'];

const EEG_CHANNEL_COUNT = 64;
/** The publish time a latency payload carries, epoch ms with a fraction, as the first field so a capped preview keeps it. */
export const SENT_AT_FIELD = 'sent_at_ms';

/**
 * About 200 bytes of telemetry JSON, as the device manager sends it. With
 * `sentAtMs` the payload leads with the publish time (epoch ms, sub-ms
 * fraction) for latency runs; the size stays about the same.
 */
export function makeJsonPayload(index: number, sentAtMs?: number): Buffer {
  const body = {
    channel: 'devices:telemetry',
    source: 'device-manager',
    timestamp: 1_763_771_000_000 + index,
    data: { device_id: 'mushroom1', seq: index, telemetry: { temperature: 22.5 + (index % 10) / 10, humidity: 61.2, co2: 812, tvoc: 120 } },
  };
  const value = sentAtMs === undefined ? body : { [SENT_AT_FIELD]: sentAtMs, ...body };
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** One 64-channel EEG sample as the edge relay sends it (MessagePack, about 930 bytes). */
export function makeEegPayload(index: number): Buffer {
  const channels: Record<string, number> = {};
  for (let c = 0; c < EEG_CHANNEL_COUNT; c++) channels[`Ch${c}`] = Math.sin((index + c) / 10) * 50;
  return pack({ type: 'raw', timestamp: 1_763_771_000 + index / 1000, channels });
}

export function makePayload(kind: PayloadKind, index: number): Buffer {
  return kind === 'json' ? makeJsonPayload(index) : makeEegPayload(index);
}

/** Reads the publish time back from a latency payload's JSON text (or its preview); NaN when absent. */
export function sentAtOfJsonText(text: string): number {
  const marker = `{"${SENT_AT_FIELD}":`;
  if (!text.startsWith(marker)) return Number.NaN;
  const end = text.indexOf(',', marker.length);
  return Number(text.slice(marker.length, end < 0 ? undefined : end));
}

/** Epoch ms with a sub-ms fraction, comparable across processes on one machine. */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}
