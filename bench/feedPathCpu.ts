/**
 * `stream-tail-cpu` and `ingest-json-cpu`: CPU µs per message of the shared
 * feed path, from a received message to the FeedMessage objects on the host
 * thread, in one loop of this process (no Redis, no threads):
 *
 * - stream: XREAD replies of 1,000 entries (ids, field names and 200-byte
 *   JSON values as views of one reply buffer, as ioredis's parser hands
 *   them over) go through the tail's own delivery (tailDelivery.ts) to a
 *   lane of the real ProfileFeed;
 * - pub/sub: one SourceMessage per 200-byte JSON message (a view of a
 *   socket chunk) to the same kind of lane.
 *
 * Each frame the feed cuts is encoded as the bus sends it
 * (encodeOutgoingFrame) and read back into FeedMessage objects as the bench
 * host thread does (decodeBusMessage); that decode is timed apart too. The
 * baseline is the bare readers' own work per message in bench/streamTail.ts
 * and bareSubscribers.ts (`toString` and `JSON.parse` of the value), in the
 * same loop; the ratio is bus rate over bare rate, both as messages per
 * second of CPU time.
 *
 * Why: the issue's rows are throughput ratios across two threads, Redis and
 * a writer process, which swing 2-5x on the shared 2-core machine; CPU time
 * per message of one loop moves much less. Messages are fed at most
 * MAX_MESSAGES_PER_SECOND of wall time (sleeping between turns), so every
 * frame stays under the frame cap and every message is written and read.
 * Rounds interleave the three loops; medians count.
 */
import { DEFAULT_FEED_LIMITS } from '../src/bus/feed/feedLimits';
import type { LaneRecord } from '../src/bus/feed/laneRecord';
import { PauseBuffer } from '../src/bus/feed/pauseBuffer';
import { ProfileFeed } from '../src/bus/feed/profileFeed';
import { LaneSequenceCheck } from '../src/bus/feed/sequenceCheck';
import type { SourceSubscription } from '../src/bus/sources/messageSource';
import { deliverReply, type StreamReply } from '../src/bus/sources/redisStream/tailDelivery';
import { TailConsumer, type TailEntry } from '../src/bus/sources/redisStream/tailConsumer';
import { decodeBusMessage, encodeOutgoingFrame } from '../src/shared/busMessageCodec';
import type { LaneTarget } from '../src/shared/liveChannels';
import { result, type BenchResult } from './benchResults';
import { makeJsonPayload } from './payloads';

const PROFILE_ID = 'bench';
const STREAM_KEY = 'bench:stream:cpu';
const CHANNEL = 'devices:telemetry';
/** COUNT of the tail's XREAD (profileTail.ts DEFAULT_TAIL_TIMING). */
const ENTRIES_PER_REPLY = 1_000;
const DISTINCT_REPLIES = 16;
const MAX_MESSAGES_PER_SECOND = 150_000;
const FIRST_ENTRY_MS = 1_763_771_000_000;

export type Path = 'stream' | 'pubsub' | 'bare-stream' | 'bare-pubsub';

interface Round {
  /** CPU µs per message, all of it (feed, frames, host decode). */
  totalMicros: number;
  /** Of which the host thread's decode of the frames. */
  hostMicros: number;
}

const ACTIVE: SourceSubscription = {
  id: 'bench',
  state: () => ({ state: 'active', since: 0 }),
  whenSettled: () => Promise.resolve({ state: 'active', since: 0 }),
  onDidChangeState: () => () => undefined,
  unsubscribe: () => Promise.resolve(),
};

function laneOn(target: LaneTarget): LaneRecord {
  return {
    id: 'lane-1', profileId: PROFILE_ID, target, decoder: 'auto', filterText: '', filter: { kind: 'none' }, filterRun: null,
    subscription: ACTIVE, isPaused: false, pause: new PauseBuffer(100, 1_000_000), counters: { received: 0, shown: 0, filteredOut: 0 }, sequence: new LaneSequenceCheck(), clearedBeforeSeq: 0, isPending: false, isRemoved: false,
  };
}

/** XREAD replies whose Buffers are views of one chunk per reply, as ioredis's parser makes them. */
function makeReplies(key: Buffer): StreamReply[][] {
  const replies: StreamReply[][] = [];
  const fieldName = Buffer.from('data');
  for (let reply = 0; reply < DISTINCT_REPLIES; reply++) {
    const parts: Buffer[] = [];
    const spans: Array<[number, number]> = [];
    let at = 0;
    const push = (bytes: Buffer): void => {
      parts.push(bytes, Buffer.from('\r\n$00\r\n'));
      spans.push([at, at + bytes.length]);
      at += bytes.length + 7;
    };
    for (let index = 0; index < ENTRIES_PER_REPLY; index++) {
      const number = reply * ENTRIES_PER_REPLY + index;
      push(Buffer.from(`${FIRST_ENTRY_MS + number}-0`, 'latin1'));
      push(fieldName);
      push(makeJsonPayload(number));
    }
    const chunk = Buffer.concat(parts);
    const view = (span: number): Buffer => chunk.subarray(spans[span]![0], spans[span]![1]);
    const items: [Buffer, Buffer[]][] = [];
    for (let index = 0; index < ENTRIES_PER_REPLY; index++) items.push([view(index * 3), [view(index * 3 + 1), view(index * 3 + 2)]]);
    replies.push([[key, items]]);
  }
  return replies;
}

/** Pub/sub payloads as views of socket chunks. */
function makeChunkedPayloads(): Buffer[] {
  const payloads: Buffer[] = [];
  for (const reply of makeReplies(Buffer.from(STREAM_KEY))) for (const [, fields] of reply[0]![1]) payloads.push(fields[1]!);
  return payloads;
}

async function paced(count: number, perTurn: number, turn: (from: number, to: number) => void): Promise<void> {
  const turnMs = (perTurn * 1000) / MAX_MESSAGES_PER_SECOND;
  for (let from = 0; from < count; from += perTurn) {
    const startedAt = performance.now();
    turn(from, Math.min(count, from + perTurn));
    const left = turnMs - (performance.now() - startedAt);
    await new Promise((resolve) => (left > 1 ? setTimeout(resolve, left) : setImmediate(resolve)));
  }
}

/** One lane's feed, kept across rounds as the bus keeps a profile's: its history full and its columns grown, as under a long flood. */
interface FeedUnderTest {
  readonly feed: ProfileFeed;
  readonly lane: LaneRecord;
  readonly deliver: (from: number, to: number) => void;
  /** Messages of the lane that reached the host, and the profile's frame-cap drops, so far. */
  readonly counts: { arrived: number; frameCapDrops: number; hostMicros: number };
}

function feedUnderTest(path: 'stream' | 'pubsub', replies: StreamReply[][], payloads: Buffer[]): FeedUnderTest {
  const lane = laneOn(path === 'stream' ? { kind: 'stream', key: STREAM_KEY } : { kind: 'channel', name: CHANNEL });
  const counts = { arrived: 0, frameCapDrops: 0, hostMicros: 0 };
  const feed = new ProfileFeed(PROFILE_ID, DEFAULT_FEED_LIMITS, (frame) => {
    const bytes = encodeOutgoingFrame(frame);
    const hostStarted = process.cpuUsage();
    const message = decodeBusMessage(bytes);
    if (message.kind === 'frame' && message.frame.kind === 'feed') {
      for (const fed of message.frame.messages) if (fed.laneIds.includes(lane.id)) counts.arrived++;
      counts.frameCapDrops = message.frame.dropped['frame-cap'] ?? 0;
    }
    const used = process.cpuUsage(hostStarted);
    counts.hostMicros += used.user + used.system;
  });
  feed.addLane(lane);
  if (path === 'pubsub') {
    const channel = Buffer.from(CHANNEL);
    const deliver = (from: number, to: number): void => {
      const receivedAt = Date.now();
      for (let index = from; index < to; index++) feed.ingest(lane, { channel, pattern: null, payload: payloads[index % payloads.length]!, receivedAt });
    };
    return { feed, lane, deliver, counts };
  }
  const key = replies[0]![0]![0];
  const entry: TailEntry = { key: STREAM_KEY, name: key, mapKey: key.toString('latin1'), consumers: new Set(), state: { state: 'active', since: 0 }, lastId: '0-0', addedUpToLastId: 0, isResuming: false, checkNumber: 0, readGroup: '' };
  entry.consumers.add(new TailConsumer('bench', entry, (message) => feed.ingest(lane, message), () => undefined));
  const entries = new Map([[entry.mapKey, entry]]);
  const deliver = (from: number): void => {
    // Replies repeat: each starts from before its first id, as a fresh read would.
    entry.lastId = '0-0';
    deliverReply(entries, replies[Math.floor(from / ENTRIES_PER_REPLY) % DISTINCT_REPLIES]!, Date.now());
  };
  return { feed, lane, deliver, counts };
}

async function runRound(path: Path, count: number, feeds: Map<Path, FeedUnderTest>, replies: StreamReply[][], payloads: Buffer[]): Promise<Round> {
  if (path === 'bare-stream' || path === 'bare-pubsub') return runBare(path, count, replies, payloads);
  const { deliver, counts } = feeds.get(path)!;
  const before = { ...counts };
  const started = process.cpuUsage();
  await paced(count, ENTRIES_PER_REPLY, deliver);
  // The last frame is cut on the feed's clock.
  await new Promise((resolve) => setTimeout(resolve, 60));
  const used = process.cpuUsage(started);
  const arrived = counts.arrived - before.arrived;
  const frameCapDrops = counts.frameCapDrops - before.frameCapDrops;
  if (arrived !== count || frameCapDrops > 0) throw new Error(`${path}: ${arrived} of ${count} messages reached the host, ${frameCapDrops} left out of frames.`);
  return { totalMicros: (used.user + used.system) / count, hostMicros: (counts.hostMicros - before.hostMicros) / count };
}

function makeFeeds(replies: StreamReply[][], payloads: Buffer[]): Map<Path, FeedUnderTest> {
  return new Map<Path, FeedUnderTest>([
    ['stream', feedUnderTest('stream', replies, payloads)],
    ['pubsub', feedUnderTest('pubsub', replies, payloads)],
  ]);
}

/** The bare readers' work per message: the value as text, parsed; the stream reader also takes each reply's last id. */
async function runBare(path: Path, count: number, replies: StreamReply[][], payloads: Buffer[]): Promise<Round> {
  let objects = 0;
  let lastId = '';
  const started = process.cpuUsage();
  if (path === 'bare-stream') {
    await paced(count, ENTRIES_PER_REPLY, (from) => {
      for (const [, items] of replies[(from / ENTRIES_PER_REPLY) % DISTINCT_REPLIES]!) {
        for (const [, fields] of items) if (typeof JSON.parse(fields[1]!.toString('utf8')) === 'object') objects++;
        lastId = items[items.length - 1]![0].toString('latin1');
      }
    });
  } else {
    await paced(count, ENTRIES_PER_REPLY, (from, to) => {
      for (let index = from; index < to; index++) if (typeof JSON.parse(payloads[index % payloads.length]!.toString('utf8')) === 'object') objects++;
    });
  }
  const used = process.cpuUsage(started);
  if (objects !== count || (path === 'bare-stream' && lastId === '')) throw new Error(`${path}: parsed ${objects} of ${count}.`);
  return { totalMicros: (used.user + used.system) / count, hostMicros: 0 };
}

/** One path's CPU µs per message for `count` messages (for a --cpu-prof of one path alone). */
export async function measureFeedPath(path: Path, count: number, rounds: number): Promise<Round[]> {
  const replies = makeReplies(Buffer.from(STREAM_KEY));
  const payloads = makeChunkedPayloads();
  const feeds = makeFeeds(replies, payloads);
  const measured: Round[] = [];
  for (let round = 0; round < rounds; round++) measured.push(await runRound(path, count, feeds, replies, payloads));
  for (const { feed } of feeds.values()) feed.close();
  return measured;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function feedPathCpuRows(isQuick: boolean, progress: (line: string) => void): Promise<BenchResult[]> {
  const settings = isQuick ? { count: 200_000, rounds: 5 } : { count: 400_000, rounds: 7 };
  const paths: Path[] = ['stream', 'bare-stream', 'pubsub', 'bare-pubsub'];
  progress(`feed path, CPU per message in one loop: ${settings.rounds} rounds of ${settings.count.toLocaleString('en-US')} messages, stream tail, pub/sub and the bare readers' work, interleaved`);
  const replies = makeReplies(Buffer.from(STREAM_KEY));
  const payloads = makeChunkedPayloads();
  const feeds = makeFeeds(replies, payloads);
  // Warm-up: fills each history to its cap, so every round runs with a full one (evicting as it appends).
  for (const path of paths) await runRound(path, DEFAULT_FEED_LIMITS.historyMessages + ENTRIES_PER_REPLY, feeds, replies, payloads);
  const rounds = new Map<Path, Round[]>(paths.map((path) => [path, []]));
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? paths : [...paths].reverse();
    for (const path of order) rounds.get(path)!.push(await runRound(path, settings.count, feeds, replies, payloads));
  }
  for (const { feed } of feeds.values()) feed.close();
  const micros = (path: Path): number => median(rounds.get(path)!.map((one) => one.totalMicros));
  const hostMicros = (path: Path): number => median(rounds.get(path)!.map((one) => one.hostMicros));
  const ranges = (path: Path): string => {
    const all = rounds.get(path)!.map((one) => one.totalMicros);
    return `${Math.min(...all).toFixed(2)}-${Math.max(...all).toFixed(2)}`;
  };
  for (const path of paths) {
    progress(`  ${path}: ${micros(path).toFixed(2)} µs CPU per message (median; rounds ${ranges(path)})${path.startsWith('bare') ? '' : `, of which the host's frame decode ${hostMicros(path).toFixed(2)} µs`}`);
  }
  const unit = (what: string): string => `${what}/s of CPU time through the feed path to FeedMessages on the host, one loop, no Redis (baseline: the bare reader's toString + JSON.parse)`;
  return [
    result('stream-tail-cpu', 1e6 / micros('stream'), unit('entries'), 1e6 / micros('bare-stream')),
    result('ingest-json-cpu', 1e6 / micros('pubsub'), unit('msg'), 1e6 / micros('bare-pubsub')),
  ];
}
