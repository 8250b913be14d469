/**
 * One profile's live channels as the bus core wires them, for tests on a
 * real redis-server (or a Sentinel group): the connection registry passing
 * each state change to the source router (pub/sub hub and stream tail), the
 * router feeding LiveChannels, its frames read back into a FrameSink, all
 * undone by the suite's cleanups. `openLiveFeed` also opens the profile and
 * waits for it to be ready; `buildLiveFeed` leaves that to the test.
 * (A Cluster profile, with sharded channels, is clusterLiveFeed.ts.)
 */
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { ConnectionTiming } from '../../src/bus/connections/connectionTiming';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import type { FeedLimits } from '../../src/bus/feed/feedLimits';
import { LiveChannels } from '../../src/bus/feed/liveChannels';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import type { TailTiming } from '../../src/bus/sources/redisStream/profileTail';
import { StreamTail } from '../../src/bus/sources/redisStream/streamTail';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import type { ConnectionState } from '../../src/shared/connectionState';
import { ConnectionStateRecorder } from './connectionStateRecorder';
import { FrameSink } from './feedFrameSink';
import type { suiteCleanups } from './unhandledRejections';

type SuiteCleanups = ReturnType<typeof suiteCleanups>;

export interface LiveFeedOptions {
  /** The registry's retry and connect timing; production's when absent. */
  timing?: Partial<ConnectionTiming>;
  /** Smaller feed bounds for the test; production's when absent. */
  limits?: Partial<FeedLimits>;
  /** The stream tail's block and read sizes; production's when absent. */
  tailTiming?: Partial<TailTiming>;
}

export interface LiveFeed {
  registry: ConnectionRegistry;
  hub: SubscriptionHub;
  tail: StreamTail;
  router: SourceRouter;
  live: LiveChannels;
  sink: FrameSink;
  recorder: ConnectionStateRecorder;
  /** The hub's receiving states, in order, repeats collapsed ("connecting", "ready", "reconnecting", "ready"). */
  receiving: ConnectionState['state'][];
}

export interface OpenLiveFeed extends LiveFeed {
  profileId: string;
}

export function buildLiveFeed(cleanups: SuiteCleanups, options: LiveFeedOptions = {}): LiveFeed {
  const recorder = new ConnectionStateRecorder();
  const routerRef: { router?: SourceRouter } = {};
  const registry = new ConnectionRegistry({
    onDidChangeState: (id, state) => {
      routerRef.router?.handleConnectionState(id, state);
      recorder.listeners.onDidChangeState(id, state);
    },
    onDidReadFacts: recorder.listeners.onDidReadFacts,
    timing: options.timing,
  });
  const hub = new SubscriptionHub(registry);
  const tail = new StreamTail(registry, options.tailTiming);
  const router = (routerRef.router = new SourceRouter({ redisPubsub: hub, redisStream: tail }));
  const receiving: ConnectionState['state'][] = [];
  hub.onDidChangeReceiving((_id, state) => {
    if (receiving.at(-1) !== state.state) receiving.push(state.state);
  });
  const sink = new FrameSink();
  const live = new LiveChannels({ source: router, connections: registry, emitFrame: sink.emit, limits: options.limits });
  cleanups.push(async () => {
    live.dispose();
    tail.dispose();
    hub.dispose();
    await registry.dispose();
  });
  return { registry, hub, tail, router, live, sink, recorder, receiving };
}

/** Opens `profileId` on `endpoint` and resolves once it is ready (rejects after `readyWithinMs`). */
export async function openLiveFeed(
  cleanups: SuiteCleanups,
  profileId: string,
  endpoint: RedisEndpoint,
  options: LiveFeedOptions & { readyWithinMs?: number } = {},
): Promise<OpenLiveFeed> {
  const feed = buildLiveFeed(cleanups, options);
  feed.registry.open(profileId, endpoint);
  await feed.recorder.waitForState(profileId, (state) => state.state === 'ready', options.readyWithinMs ?? 5_000);
  return { ...feed, profileId };
}
