/**
 * `alert-rules-cpu`: the bus's own CPU time per telemetry message for a lane
 * on `devices:telemetry` alone (baseline) and for the same lane with the
 * same 100 threshold rules as bench/alertRules.ts, in this process, with no
 * Redis and no threads: the real ProfileFeed (frames written and encoded as
 * the bus sends them) and the real ProfileAlerts, fed one SourceMessage per
 * message as the pub/sub source hands it to both. The ratio is the rate
 * with rules over the rate without, like `alert-rules`.
 *
 * Why beside `alert-rules`: that row is a throughput ratio through two
 * threads and a redis-server, which swings by a factor of two or more
 * between rounds when the 2-core machine is shared; CPU time per message of
 * one loop moves much less. The two loops live across rounds (histories
 * full, as under a long flood); rounds run in back-to-back pairs and the
 * median pair counts (pairedRounds.ts).
 */
import { ProfileAlerts } from '../src/bus/alerts/profileAlerts';
import { DEFAULT_FEED_LIMITS } from '../src/bus/feed/feedLimits';
import type { LaneRecord } from '../src/bus/feed/laneRecord';
import { PauseBuffer } from '../src/bus/feed/pauseBuffer';
import { LaneSequenceCheck } from '../src/bus/feed/sequenceCheck';
import { ProfileFeed } from '../src/bus/feed/profileFeed';
import type { MessageSource, SourceMessage, SourceSubscription } from '../src/bus/sources/messageSource';
import { encodeOutgoingFrame } from '../src/shared/busMessageCodec';
import { DEFAULT_ALERT_SETTINGS } from '../src/shared/features/alertsContract';
import { quietRules } from './alertRules';
import { result, type BenchResult } from './benchResults';
import { formatRatios, pairedRounds } from './pairedRounds';
import { makeJsonPayload } from './payloads';

const CHANNEL = 'devices:telemetry';
const PROFILE_ID = 'bench';
const DISTINCT_PAYLOADS = 1024;
/** Messages between two turns of the event loop, so the feed's frame clock runs as under a flood. */
const MESSAGES_PER_TURN = 1_000;
/** Longer than the feed's frame interval (33 ms), so a round's last frame is written within it. */
const FRAME_WAIT_MS = 40;

/** Always active: the bench measures messages, not states. */
const ACTIVE: SourceSubscription = {
  id: 'bench',
  state: () => ({ state: 'active', since: 0 }),
  whenSettled: () => Promise.resolve({ state: 'active', since: 0 }),
  onDidChangeState: () => () => undefined,
  unsubscribe: () => Promise.resolve(),
};

/** Delivers to the rules as the pub/sub source does; the lane is fed by the loop. */
class BenchSource implements MessageSource {
  readonly consumers: Array<(message: SourceMessage) => void> = [];
  subscribe(_profileId: string, _target: unknown, onMessage: (message: SourceMessage) => void): SourceSubscription {
    this.consumers.push(onMessage);
    return ACTIVE;
  }
  receivingState(): { state: 'ready'; since: number } {
    return { state: 'ready', since: 0 };
  }
  onDidChangeReceiving(): () => void {
    return () => undefined;
  }
}

function laneOn(channel: string): LaneRecord {
  return {
    id: 'lane-1', profileId: PROFILE_ID, target: { kind: 'channel', name: channel }, decoder: 'auto', filterText: '', filter: { kind: 'none' }, filterRun: null,
    subscription: ACTIVE, isPaused: false, pause: new PauseBuffer(100, 1_000_000), counters: { received: 0, shown: 0, filteredOut: 0 }, sequence: new LaneSequenceCheck(), clearedBeforeSeq: 0, isPending: false, isRemoved: false,
  };
}

/**
 * One lane's feed, with or without the rules, kept across rounds: its
 * history fills as under a long flood, and no round pays for building it.
 */
class FeedLoop {
  private readonly source = new BenchSource();
  private readonly feed: ProfileFeed;
  private readonly lane = laneOn(CHANNEL);
  private readonly alerts: ProfileAlerts;
  private readonly channel = Buffer.from(CHANNEL);
  private readonly payloads = Array.from({ length: DISTINCT_PAYLOADS }, (_, index) => makeJsonPayload(index));
  private encodedBytes = 0;
  private sent = 0;

  constructor(hasRules: boolean) {
    this.feed = new ProfileFeed(PROFILE_ID, DEFAULT_FEED_LIMITS, (frame) => (this.encodedBytes += encodeOutgoingFrame(frame).length));
    this.feed.addLane(this.lane);
    this.alerts = new ProfileAlerts({ profileId: PROFILE_ID, source: this.source, clock: Date.now, history: { append: () => Promise.resolve(), read: () => Promise.resolve([]) }, onDidChange: () => undefined, onDidNeedNotice: () => undefined });
    this.alerts.apply({ ...DEFAULT_ALERT_SETTINGS, alertChannels: [], isConnectionRuleOn: false, rules: hasRules ? quietRules() : [] });
  }

  /** CPU µs per message for the next `count` messages (frames cut and encoded within the round). */
  async run(count: number): Promise<number> {
    const { consumers } = this.source;
    const bytesBefore = this.encodedBytes;
    const started = process.cpuUsage();
    for (let index = 0; index < count; index++) {
      if (index % MESSAGES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      const message: SourceMessage = { channel: this.channel, pattern: null, payload: this.payloads[this.sent++ % DISTINCT_PAYLOADS]!, receivedAt: Date.now() };
      for (const consumer of consumers) consumer(message);
      this.feed.ingest(this.lane, message);
    }
    // The last frame of the round is cut inside it.
    await new Promise((resolve) => setTimeout(resolve, FRAME_WAIT_MS));
    const used = process.cpuUsage(started);
    if (this.encodedBytes === bytesBefore) throw new Error('The feed wrote no frame.');
    return (used.user + used.system) / count;
  }

  close(): void {
    this.alerts.dispose();
    this.feed.close();
  }
}

export async function alertRulesCpuRows(isQuick: boolean, progress: (line: string) => void): Promise<BenchResult[]> {
  const settings = isQuick ? { count: 50_000, pairs: 11 } : { count: 150_000, pairs: 15 };
  progress(`alert rules, CPU per message in one loop: ${settings.pairs} pairs of ${settings.count.toLocaleString('en-US')} messages with and without 100 rules, back to back; the median pair counts`);
  const loops = { withRules: new FeedLoop(true), withoutRules: new FeedLoop(false) };
  try {
    await loops.withRules.run(20_000);
    await loops.withoutRules.run(20_000);
    const paired = await pairedRounds(settings.pairs, (hasRules) => (hasRules ? loops.withRules : loops.withoutRules).run(settings.count), false);
    progress(`  pair ratios ${formatRatios(paired.ratios)}; median pair: with rules ${paired.value.toFixed(2)} µs CPU per message, without ${paired.baseline.toFixed(2)} µs`);
    return [result('alert-rules-cpu', 1e6 / paired.value, 'msg/s of CPU time for a lane plus 100 threshold rules, one loop, no Redis, median of back-to-back pairs (baseline: the lane alone)', 1e6 / paired.baseline)];
  } finally {
    loops.withRules.close();
    loops.withoutRules.close();
  }
}
