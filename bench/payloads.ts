/** Payloads the benchmarks publish: the shapes of ../shared LAB_TRAFFIC. */
import { pack } from 'msgpackr';

export type PayloadKind = 'json' | 'msgpack-eeg';

const EEG_CHANNEL_COUNT = 64;

/** About 200 bytes of telemetry JSON, as the device manager sends it. */
export function makeJsonPayload(index: number): Buffer {
  const text = JSON.stringify({
    channel: 'devices:telemetry',
    source: 'device-manager',
    timestamp: 1_763_771_000_000 + index,
    data: { device_id: 'mushroom1', telemetry: { temperature: 22.5 + (index % 10) / 10, humidity: 61.2, co2: 812, tvoc: 120 } },
  });
  return Buffer.from(text, 'utf8');
}

/** One 64-channel EEG sample as the edge relay sends it (MessagePack). */
export function makeEegPayload(index: number): Buffer {
  const channels: Record<string, number> = {};
  for (let c = 0; c < EEG_CHANNEL_COUNT; c++) channels[`Ch${c}`] = Math.sin((index + c) / 10) * 50;
  return pack({ type: 'raw', timestamp: 1_763_771_000 + index / 1000, channels });
}

export function makePayload(kind: PayloadKind, index: number): Buffer {
  return kind === 'json' ? makeJsonPayload(index) : makeEegPayload(index);
}
