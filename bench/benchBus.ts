/**
 * The real bus for benchmarks: the bus worker thread (startBusThread, the
 * same worker the hosts start) with a temporary data folder and one profile
 * pointing at the bench redis-server. The thread that calls this is the
 * host thread: feed frames arrive here exactly as they arrive in Electron's
 * main process or the serve host.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBusWorkerUrl, startBusThread, type BusThread } from '../src/bus/busThread';
import { DEFAULT_FEED_LIMITS } from '../src/bus/feed/feedLimits';
import { decodeBusMessage } from '../src/shared/busMessageCodec';
import type { BusToHostMessage, RequestMethod, RequestParams, RequestResult } from '../src/shared/contract';
import type { DecoderChoice, FeedFrame, Lane, LaneTarget } from '../src/shared/liveChannels';
import { defaultProfileFields, type ProfileFields } from '../src/shared/profile';

const READY_TIMEOUT_MS = 10_000;

/**
 * Messages to feed a bench bus before its first measured round: enough to
 * fill the profile's history (DEFAULT_FEED_LIMITS.historyMessages), so
 * every measured round finds it full and evicting, as a running console
 * does, and no round is the one that fills it.
 * Motivation: after a 20,000-message warm-up the first measured flood of
 * `alert-rules` filled the history, and the worker promoted 963 KB per
 * scavenge in it against 18-22 KB in every later flood (--trace-gc-nvp,
 * bench/README.md session 11); that row's first pair is rules first, and
 * read 0.835 and 0.839 in two of four quiet runs.
 */
export const HISTORY_WARM_UP_MESSAGES = DEFAULT_FEED_LIMITS.historyMessages + 20_000;

export interface BenchBus {
  readonly profileId: string;
  addLane(channel: string, decoder?: DecoderChoice): Promise<Lane>;
  /** A lane on any target (a stream tail for the stream benches). */
  addTargetLane(target: LaneTarget, decoder?: DecoderChoice): Promise<Lane>;
  removeLane(laneId: string): Promise<void>;
  /** Feed frames of the bench profile as they arrive on this thread; returns the function that unsubscribes. */
  onDidReceiveFeedFrame(listener: (frame: FeedFrame) => void): () => void;
  /** The profile's cumulative 'frame-cap' drops, as of the newest feed frame read by onDidReceiveFeedFrame. */
  frameCapDrops(): number;
  /** Feed frames as the bus sends them (bytes, not read), as a host relays them. */
  onDidReceiveEncodedFeedFrame(listener: (bytes: Uint8Array, messageCount: number) => void): () => void;
  /** Any bus request, unwrapped (throws the bus's message on failure); scenarios beyond the feed use it (alerts). */
  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>>;
  /** Every message the bus emits to the host (events included); returns the function that unsubscribes. */
  onDidEmit(listener: (message: BusToHostMessage) => void): () => void;
  stop(): Promise<void>;
}

/** `topology` (optional): a Sentinel or Cluster profile instead of a standalone one on `port`. */
export async function startBenchBus(port: number, topology?: ProfileFields['topology']): Promise<BenchBus> {
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-bench-'));
  const thread = startBusThread({
    workerUrl: resolveBusWorkerUrl(new URL('../src/bus/busThread.ts', import.meta.url).href),
    workerData: { host: 'serve', appVersion: 'bench', dataDir, keySource: { kind: 'none', reason: 'benchmark run' } },
    ...(process.env.LABWIRE_BENCH_WORKER_ARGV ? { execArgv: process.env.LABWIRE_BENCH_WORKER_ARGV.split(' ') } : {}),
  });
  const stop = async (): Promise<void> => {
    await thread.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    return await connectProfile(thread, port, stop, topology);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function connectProfile(thread: BusThread, port: number, stop: () => Promise<void>, topology?: ProfileFields['topology']): Promise<BenchBus> {
  const profile = await call(thread, 'profiles:save', { ...defaultProfileFields(), name: 'Bench Redis', port, ...(topology ? { topology } : {}) });
  const profileId = profile.id;
  const isReady = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The bus did not connect to 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms.`)), READY_TIMEOUT_MS);
    const unsubscribe = thread.onDidEmit((message: BusToHostMessage) => {
      if (message.kind !== 'event' || message.event.type !== 'connection:state' || message.event.profileId !== profileId) return;
      if (message.event.state.state !== 'ready') return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
  const opened = await call(thread, 'connection:open', { profileId });
  if (opened.state !== 'ready') await isReady;

  const feedListeners = new Set<(frame: FeedFrame) => void>();
  let frameCapDrops = 0;
  const encodedListeners = new Set<(bytes: Uint8Array, messageCount: number) => void>();
  thread.onDidEmit((message) => {
    if (message.kind !== 'encodedFrame' || message.frameKind !== 'feed' || message.profileId !== profileId) return;
    for (const listener of encodedListeners) listener(message.bytes, message.messageCount);
    if (feedListeners.size === 0) return;
    // Reading the frame is the renderer's work; the bench does it here only where a scenario needs the messages.
    const decoded = decodeBusMessage(message.bytes);
    if (decoded.kind !== 'frame' || decoded.frame.kind !== 'feed') return;
    frameCapDrops = decoded.frame.dropped['frame-cap'] ?? 0;
    for (const listener of feedListeners) listener(decoded.frame);
  });

  return {
    profileId,
    addLane: (channel, decoder = 'auto') => call(thread, 'lanes:add', { profileId, target: { kind: 'channel', name: channel }, decoder }),
    addTargetLane: (target, decoder = 'auto') => call(thread, 'lanes:add', { profileId, target, decoder }),
    removeLane: async (laneId) => void (await call(thread, 'lanes:remove', { profileId, laneId })),
    onDidReceiveFeedFrame(listener) {
      feedListeners.add(listener);
      return () => void feedListeners.delete(listener);
    },
    frameCapDrops: () => frameCapDrops,
    onDidReceiveEncodedFeedFrame(listener) {
      encodedListeners.add(listener);
      return () => void encodedListeners.delete(listener);
    },
    request: (method, params) => call(thread, method, params),
    onDidEmit: (listener) => thread.onDidEmit(listener),
    stop,
  };
}

/** A request the bus has not answered by then fails the run in words instead of hanging it. */
const REQUEST_LIMIT_MS = 120_000;

async function call<M extends RequestMethod>(thread: BusThread, method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${method}: the bus did not answer within ${REQUEST_LIMIT_MS / 1000} s.`)), REQUEST_LIMIT_MS);
  });
  const result = await Promise.race([thread.request(method, params), limit]).finally(() => clearTimeout(timer));
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}
