/**
 * `failover-recovery-sentinel`: seconds from SIGKILL of a Sentinel group's
 * master to the first message received again on a lane (the bus's feed:
 * ConnectionRegistry, SubscriptionHub and LiveChannels with production
 * timing, in this process rather than the worker thread), beside the same
 * figure for a bare ioredis Sentinel client with failoverDetector on,
 * subscribed to the same channel during the same failover (baseline).
 * Every PUBLISH_INTERVAL_MS a message is published on each data node
 * directly (not through the sentinels), so the figure is the subscribers'
 * own recovery, not a publisher's: a first run publishing through the
 * sentinels measured both sides at the publisher's 3.27 s. The promoted
 * node's publisher reconnects at once (the sentinels CLIENT KILL its
 * clients when they promote it). Each round starts its own group; the best round of
 * each side counts (the machine is shared).
 */
import { Redis } from 'ioredis';
import { ConnectionRegistry } from '../src/bus/connections/connectionRegistry';
import { LiveChannels } from '../src/bus/feed/liveChannels';
import { SubscriptionHub } from '../src/bus/sources/redisPubsub/subscriptionHub';
import { StreamTail } from '../src/bus/sources/redisStream/streamTail';
import { SourceRouter } from '../src/bus/sources/sourceRouter';
import { readFeedFrame } from '../tests/support/feedFrameSink';
import { startSentinelGroup } from '../tests/support/sentinelGroup';
import { result, type BenchResult } from './benchResults';

const CHANNEL = 'bench:failover';
const PUBLISH_INTERVAL_MS = 10;
const RECOVERY_TIMEOUT_MS = 60_000;

interface RoundTimes {
  busSeconds: number;
  bareSeconds: number;
}

function waitFor(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const look = (): void => {
      if (probe()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`failover-recovery-sentinel: timed out waiting for ${what}`));
      setTimeout(look, 5);
    };
    look();
  });
}

async function oneRound(): Promise<RoundTimes> {
  const group = await startSentinelGroup();
  const sentinels = group.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port }));
  const hubRef: { hub?: SubscriptionHub } = {};
  let isProfileReady = false;
  const registry = new ConnectionRegistry({
    onDidChangeState: (id, state) => {
      hubRef.hub?.handleConnectionState(id, state);
      isProfileReady = state.state === 'ready';
    },
    onDidReadFacts: () => undefined,
  });
  const hub = new SubscriptionHub(registry);
  hubRef.hub = hub;
  let busLastAt = 0;
  const live = new LiveChannels({
    source: new SourceRouter({ redisPubsub: hub, redisStream: new StreamTail(registry) }),
    connections: registry,
    emitFrame: (frame) => {
      // The frame's receive times: when the bus took each message in, not when this frame was cut.
      for (const message of readFeedFrame(frame).messages) busLastAt = Math.max(busLastAt, message.receivedAt);
    },
  });
  const bare = new Redis({ sentinels, name: group.masterName, failoverDetector: true });
  const publishers = group.nodes.map((node) => new Redis({ host: '127.0.0.1', port: node.port, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 20 }));
  bare.on('error', () => undefined);
  for (const publisher of publishers) publisher.on('error', () => undefined);
  let bareLastAt = 0;
  bare.on('message', () => (bareLastAt = Date.now()));
  let isPublishing = true;
  let publishing: Promise<void> = Promise.resolve();
  try {
    registry.open('bench', { host: 'unused.invalid', port: 1, db: 0, topology: { mode: 'sentinel', sentinels, masterName: group.masterName } });
    await waitFor('the profile to be ready', () => isProfileReady, RECOVERY_TIMEOUT_MS);
    const lane = await live.addLane('bench', { kind: 'channel', name: CHANNEL }, 'auto');
    if (!lane.ok) throw new Error(`failover-recovery-sentinel: the lane was refused: ${lane.error.message}`);
    await waitFor('the bare client to be ready', () => bare.status === 'ready', RECOVERY_TIMEOUT_MS);
    await bare.subscribe(CHANNEL);
    let seq = 0;
    publishing = (async () => {
      while (isPublishing) {
        const payload = JSON.stringify({ seq: ++seq });
        await Promise.all(publishers.map((publisher) => publisher.publish(CHANNEL, payload).catch(() => undefined)));
        await new Promise((resolve) => setTimeout(resolve, PUBLISH_INTERVAL_MS));
      }
    })();
    await waitFor('both to receive before the kill', () => busLastAt > 0 && bareLastAt > 0, RECOVERY_TIMEOUT_MS);
    await group.nodes[0].kill();
    const killedAt = Date.now();
    await waitFor('both to receive again', () => busLastAt > killedAt && bareLastAt > killedAt, RECOVERY_TIMEOUT_MS).catch((error: unknown) => {
      throw new Error(`${String(error)} (the lane received again: ${busLastAt > killedAt}; the bare client: ${bareLastAt > killedAt}, status ${bare.status})`);
    });
    return { busSeconds: (busLastAt - killedAt) / 1000, bareSeconds: (bareLastAt - killedAt) / 1000 };
  } finally {
    isPublishing = false;
    await publishing;
    for (const publisher of publishers) publisher.disconnect();
    bare.disconnect();
    live.dispose();
    hub.dispose();
    await registry.dispose();
    await group.stop();
  }
}

export async function runFailoverSentinel(rounds: number, progress: (line: string) => void): Promise<BenchResult[]> {
  let best: RoundTimes | null = null;
  for (let round = 1; round <= rounds; round++) {
    progress(`failover-recovery-sentinel: round ${round} of ${rounds} (a fresh Sentinel group, master SIGKILLed)`);
    const times = await oneRound();
    progress(`  bus lane ${times.busSeconds.toFixed(2)} s, bare ioredis ${times.bareSeconds.toFixed(2)} s`);
    best = best === null ? times : { busSeconds: Math.min(best.busSeconds, times.busSeconds), bareSeconds: Math.min(best.bareSeconds, times.bareSeconds) };
  }
  if (best === null) return [];
  return [
    result(
      'failover-recovery-sentinel',
      best.busSeconds,
      's from SIGKILL of the master to the first message on a lane again (baseline: bare ioredis Sentinel subscriber, failoverDetector on, same failover)',
      best.bareSeconds,
    ),
  ];
}
