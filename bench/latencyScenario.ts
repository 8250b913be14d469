/**
 * Publish-to-frame latency at a steady rate: the publisher stamps each JSON
 * payload with its send time (epoch ms with a sub-ms fraction); the host
 * thread reads it back from the message's preview when the feed frame
 * carrying it arrives. The baseline is the same measurement on a bare
 * ioredis 5 subscriber, at the moment its handler receives the payload.
 * Messages of the first WARMUP_MS are not counted (JIT, first frames).
 */
import { Redis } from 'ioredis';
import type { BenchBus } from './benchBus';
import { epochNowMs, SENT_AT_FIELD, sentAtOfJsonText } from './payloads';
import { startPublisher } from './publisherProcess';

const WARMUP_MS = 1_000;
/** Frames still arriving after the publisher finished are waited for this long. */
const DRAIN_MS = 500;

export interface LatencyMeasurement {
  p50Ms: number;
  p99Ms: number;
  samples: number;
  /** Messages published but never seen by the measuring thread (dropped or lost). */
  missing: number;
}

export async function measureBusLatency(bus: BenchBus, port: number, perSecond: number, durationMs: number): Promise<LatencyMeasurement> {
  const channel = `bench:latency:${process.pid}:${Date.now()}`;
  const lane = await bus.addLane(channel);
  const latencies: number[] = [];
  let seen = 0;
  let firstSentAt = Number.POSITIVE_INFINITY;
  const stopListening = bus.onDidReceiveFeedFrame((frame) => {
    const arrivedAt = epochNowMs();
    for (const message of frame.messages) {
      if (!message.laneIds.includes(lane.id)) continue;
      const sentAt = sentAtOfJsonText(message.preview);
      if (!Number.isFinite(sentAt)) continue;
      seen++;
      firstSentAt = Math.min(firstSentAt, sentAt);
      if (sentAt - firstSentAt >= WARMUP_MS) latencies.push(arrivedAt - sentAt);
    }
  });
  try {
    const published = await startPublisher({ mode: 'rate', port, channel, perSecond, durationMs });
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    return summarize(latencies, published.sent - seen);
  } finally {
    stopListening();
    await bus.removeLane(lane.id);
  }
}

export async function measureBareLatency(port: number, perSecond: number, durationMs: number): Promise<LatencyMeasurement> {
  const channel = `bench:latency-bare:${process.pid}:${Date.now()}`;
  const subscriber = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  await subscriber.connect();
  const latencies: number[] = [];
  let seen = 0;
  let firstSentAt = Number.POSITIVE_INFINITY;
  subscriber.on('messageBuffer', (_channel: Buffer, payload: Buffer) => {
    const arrivedAt = epochNowMs();
    const sentAt = (JSON.parse(payload.toString('utf8')) as Record<string, number>)[SENT_AT_FIELD] ?? Number.NaN;
    seen++;
    firstSentAt = Math.min(firstSentAt, sentAt);
    if (sentAt - firstSentAt >= WARMUP_MS) latencies.push(arrivedAt - sentAt);
  });
  try {
    await subscriber.subscribe(channel);
    const published = await startPublisher({ mode: 'rate', port, channel, perSecond, durationMs });
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    return summarize(latencies, published.sent - seen);
  } finally {
    await subscriber.quit();
  }
}

function summarize(latencies: number[], missing: number): LatencyMeasurement {
  const sorted = Float64Array.from(latencies).sort();
  const at = (fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
  return { p50Ms: at(0.5), p99Ms: at(0.99), samples: sorted.length, missing };
}
