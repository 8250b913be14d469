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
 * one loop moves much less. Rounds alternate; the fastest of each counts.
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
import { makeJsonPayload } from './payloads';

const CHANNEL = 'devices:telemetry';
const PROFILE_ID = 'bench';
const DISTINCT_PAYLOADS = 1024;
/** Messages between two turns of the event loop, so the feed's frame clock runs as under a flood. */
const MESSAGES_PER_TURN = 1_000;

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

/** CPU µs per message for `count` messages through a fresh feed, with or without the rules. */
async function cpuPerMessage(count: number, hasRules: boolean): Promise<number> {
  const source = new BenchSource();
  let encodedBytes = 0;
  const feed = new ProfileFeed(PROFILE_ID, DEFAULT_FEED_LIMITS, (frame) => (encodedBytes += encodeOutgoingFrame(frame).length));
  const lane = laneOn(CHANNEL);
  feed.addLane(lane);
  const alerts = new ProfileAlerts({ profileId: PROFILE_ID, source, clock: Date.now, history: { append: () => Promise.resolve(), read: () => Promise.resolve([]) }, onDidChange: () => undefined, onDidNeedNotice: () => undefined });
  alerts.apply({ ...DEFAULT_ALERT_SETTINGS, alertChannels: [], isConnectionRuleOn: false, rules: hasRules ? quietRules() : [] });
  const channel = Buffer.from(CHANNEL);
  const payloads = Array.from({ length: DISTINCT_PAYLOADS }, (_, index) => makeJsonPayload(index));
  const consumers = source.consumers;
  const started = process.cpuUsage();
  for (let index = 0; index < count; index++) {
    if (index % MESSAGES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const message: SourceMessage = { channel, pattern: null, payload: payloads[index % DISTINCT_PAYLOADS]!, receivedAt: Date.now() };
    for (const consumer of consumers) consumer(message);
    feed.ingest(lane, message);
  }
  const used = process.cpuUsage(started);
  alerts.dispose();
  feed.close();
  if (encodedBytes === 0) throw new Error('The feed wrote no frame.');
  return (used.user + used.system) / count;
}

export async function alertRulesCpuRows(isQuick: boolean, progress: (line: string) => void): Promise<BenchResult[]> {
  const settings = isQuick ? { count: 100_000, rounds: 5 } : { count: 300_000, rounds: 7 };
  progress(`alert rules, CPU per message in one loop: ${settings.rounds} rounds of ${settings.count.toLocaleString('en-US')} messages, with and without 100 rules, alternating`);
  await cpuPerMessage(20_000, true);
  await cpuPerMessage(20_000, false);
  let withRules = Number.POSITIVE_INFINITY;
  let withoutRules = Number.POSITIVE_INFINITY;
  for (let round = 0; round < settings.rounds; round++) {
    for (const hasRules of round % 2 === 0 ? [true, false] : [false, true]) {
      const micros = await cpuPerMessage(settings.count, hasRules);
      if (hasRules) withRules = Math.min(withRules, micros);
      else withoutRules = Math.min(withoutRules, micros);
    }
  }
  progress(`  with rules ${withRules.toFixed(2)} µs CPU per message, without ${withoutRules.toFixed(2)} µs`);
  return [result('alert-rules-cpu', 1e6 / withRules, 'msg/s of CPU time for a lane plus 100 threshold rules, one loop, no Redis (baseline: the lane alone)', 1e6 / withoutRules)];
}
