/**
 * Throughput from Redis into the host thread, against the fastest bare
 * subscriber measured in the same run.
 *
 * What counts as delivered through the bus: a message whose FeedMessage
 * reached the host thread inside a feed frame (posted by the real bus
 * worker, structured-cloned, received by the host's listener). Messages the
 * bus received but left out of frames ('frame-cap': over the per-frame cap,
 * or beyond the frame's preview budget) are not delivered, though they stay
 * in the bus history. The rate runs from the first frame carrying a message
 * of the run to the last one, counting the messages after the first frame,
 * the same way the bare rate runs from its first message to its last.
 *
 * The publisher floods as fast as Redis takes the commands; Redis keeps what a
 * subscriber has not read yet in its output buffer (the bench server has no
 * limit), so a subscriber that keeps up is measured at its own pace.
 */
import { unpack } from 'msgpackr';
import type { FeedFrame } from '../src/shared/liveChannels';
import { BARE_CLIENT_NAMES, connectBareSubscriber, type BareClientName } from './bareSubscribers';
import type { BenchBus } from './benchBus';
import type { PayloadKind } from './payloads';
import { startPublisher } from './publisherProcess';

/** A run ends when nothing arrives for this long after the publisher finished. */
const IDLE_END_MS = 5_000;

export interface IngestRun {
  messagesPerSecond: number;
  /** Messages that reached the measuring thread. */
  delivered: number;
  published: number;
  /** Bus runs: messages the bus left out of frames. */
  frameCapDrops: number;
  /** Bus runs: how fast the bus worker took messages in from Redis (its lane counter), whether or not they reached the host. */
  intakePerSecond: number;
}

let channelNumber = 0;

function uniqueChannel(kind: PayloadKind): string {
  return `bench:${kind}:${process.pid}:${++channelNumber}`;
}

/** The baseline's whole per-message work: decode the payload, keep nothing. */
export function bareDecoderFor(kind: PayloadKind): (payload: Buffer) => unknown {
  return kind === 'json' ? (payload) => JSON.parse(payload.toString('utf8')) : (payload) => unpack(payload);
}

/** `publishPort`: where the publisher sends, when not the subscriber's server (another node of a Cluster). */
export async function measureBareIngest(port: number, client: BareClientName, kind: PayloadKind, count: number, publishPort = port): Promise<IngestRun> {
  const decode = bareDecoderFor(kind);
  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  let objects = 0;
  const subscriber = await connectBareSubscriber(client, port, (payload) => {
    const now = performance.now();
    if (received === 0) firstAt = now;
    lastAt = now;
    if (typeof decode(payload) === 'object') objects++;
    received++;
  });
  try {
    const channel = uniqueChannel(kind);
    await subscriber.subscribe(channel);
    const published = await startPublisher({ mode: 'flood', port: publishPort, channel, kind, count });
    await waitUntil(() => received >= count, () => lastAt);
    if (objects !== received) throw new Error(`${client}: ${received - objects} payloads did not decode to objects.`);
    const messagesPerSecond = rate(received - 1, lastAt - firstAt);
    return { messagesPerSecond, delivered: received, published: published.sent, frameCapDrops: 0, intakePerSecond: messagesPerSecond };
  } finally {
    await subscriber.close();
  }
}

export async function measureBusIngest(bus: BenchBus, port: number, kind: PayloadKind, count: number): Promise<IngestRun> {
  const channel = uniqueChannel(kind);
  const lane = await bus.addLane(channel);
  const dropsBefore = bus.frameCapDrops();
  let delivered = 0;
  let afterFirstFrame = 0;
  let firstAt = 0;
  let lastAt = 0;
  const intake = { firstAt: 0, first: 0, lastAt: 0, last: 0 };
  const stopListening = bus.onDidReceiveFeedFrame((frame: FeedFrame) => {
    const now = performance.now();
    const received = frame.lanes.find((changed) => changed.id === lane.id)?.counters.received;
    if (received !== undefined && received > 0) {
      if (intake.first === 0) Object.assign(intake, { firstAt: now, first: received });
      Object.assign(intake, { lastAt: now, last: received });
    }
    let mine = 0;
    for (const message of frame.messages) if (message.laneIds.includes(lane.id)) mine++;
    if (mine === 0) return;
    if (delivered === 0) firstAt = now;
    else afterFirstFrame += mine;
    lastAt = now;
    delivered += mine;
  });
  try {
    const published = await startPublisher({ mode: 'flood', port, channel, kind, count });
    await waitUntil(() => delivered + (bus.frameCapDrops() - dropsBefore) >= count, () => lastAt);
    return {
      messagesPerSecond: rate(afterFirstFrame, lastAt - firstAt),
      delivered,
      published: published.sent,
      frameCapDrops: bus.frameCapDrops() - dropsBefore,
      intakePerSecond: rate(intake.last - intake.first, intake.lastAt - intake.firstAt),
    };
  } finally {
    stopListening();
    await bus.removeLane(lane.id);
  }
}

export interface IngestComparison {
  value: number;
  baseline: number;
  /** The best run of each bare client and of the bus. */
  best: Record<BareClientName | 'bus', IngestRun>;
}

/**
 * Baselines and the bus alternate within each round, so drift on a shared
 * machine (other work starting or stopping) hits all of them; the best of
 * the rounds counts for each.
 */
export async function compareIngest(bus: BenchBus, port: number, kind: PayloadKind, count: number, rounds: number): Promise<IngestComparison> {
  const best = {} as Record<BareClientName | 'bus', IngestRun>;
  const keep = (name: BareClientName | 'bus', run: IngestRun): void => {
    const previous = best[name];
    if (!previous || run.messagesPerSecond > previous.messagesPerSecond) best[name] = run;
  };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? BARE_CLIENT_NAMES : [...BARE_CLIENT_NAMES].reverse();
    keep('bus', await measureBusIngest(bus, port, kind, count));
    for (const client of order) keep(client, await measureBareIngest(port, client, kind, count));
  }
  const baseline = Math.max(...BARE_CLIENT_NAMES.map((client) => best[client].messagesPerSecond));
  return { value: best.bus.messagesPerSecond, baseline, best };
}

function rate(messages: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (messages * 1000) / elapsedMs : 0;
}

/** Polls until `isDone`, or until nothing new arrived (per `lastArrival`) for IDLE_END_MS. */
async function waitUntil(isDone: () => boolean, lastArrival: () => number): Promise<void> {
  const startedAt = performance.now();
  while (!isDone()) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = Math.max(lastArrival(), startedAt);
    if (performance.now() - since > IDLE_END_MS) return;
  }
}
