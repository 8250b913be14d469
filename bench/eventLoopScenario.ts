/**
 * How much a message flood through the bus stalls the host thread (the
 * thread that would be Electron's main thread, or the serve host's): the
 * event-loop delay histogram of this thread while the bus worker takes a
 * steady flood, against the same histogram while the bus is idle.
 *
 * The host does what the serve host does with each feed frame: it receives
 * the bytes the bus wrote (frameCodec, buffer transferred) and relays them
 * unread, without a socket to send them to.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { BenchBus } from './benchBus';
import { startPublisher } from './publisherProcess';

/**
 * Timer period of the histogram. Each sample is the time between two ticks,
 * so it includes this period; the delay reported is what exceeds it (as
 * Fastify's under-pressure does).
 */
const RESOLUTION_MS = 10;

export interface EventLoopMeasurement {
  /** Delay beyond the sampling period, 99th percentile. */
  p99Ms: number;
  maxMs: number;
  /** Feed messages that reached the host during the measurement. */
  delivered: number;
  relayedBytes: number;
}

/** `perSecond` 0 measures the idle bus (a lane open, no traffic) for `durationMs`. */
export async function measureHostEventLoopDelay(bus: BenchBus, port: number, perSecond: number, durationMs: number): Promise<EventLoopMeasurement> {
  const channel = `bench:flood:${process.pid}:${Date.now()}`;
  const lane = await bus.addLane(channel);
  let delivered = 0;
  let relayedBytes = 0;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  // The flood's histogram starts with its first frame, not while the publisher process starts.
  // The host relays the bus's bytes as the serve host does, without reading them.
  const stopListening = bus.onDidReceiveEncodedFeedFrame((bytes, messageCount) => {
    if (delivered === 0 && messageCount > 0) histogram.enable();
    delivered += messageCount;
    relayedBytes += bytes.byteLength;
  });
  if (perSecond === 0) histogram.enable();
  try {
    if (perSecond > 0) await startPublisher({ mode: 'rate', port, channel, perSecond, durationMs });
    else await new Promise((resolve) => setTimeout(resolve, durationMs));
  } finally {
    histogram.disable();
    stopListening();
    await bus.removeLane(lane.id);
  }
  const delayMs = (nanoseconds: number): number => Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS);
  return { p99Ms: delayMs(histogram.percentile(99)), maxMs: delayMs(histogram.max), delivered, relayedBytes };
}
