/**
 * `failover-recovery-cluster`: seconds from the SIGKILL of a master that owns
 * a sharded channel's slot to the first message received again on that
 * channel (value: Labwire's sharded source, sources/redisShard/), beside a
 * bare ioredis Cluster client with `shardedSubscribers` (baseline), on one
 * real 3-master, 3-replica cluster in the same run: both channels are in
 * slots of the same master, so one kill and one failover is measured by
 * both. A publisher sends SPUBLISH to each channel's current owner every
 * 10 ms throughout, both channels in one write (a pipeline, in turn first)
 * over a connection kept per owner: once both subscribers are back by the
 * same round they are seen back in the same 5 ms check, so the ratio says
 * which one came back first, not which channel the publisher sent first.
 * (Until session 8 each SPUBLISH opened its own connection, tens of ms
 * apart on a loaded machine, and Labwire's channel always went first.)
 */
import { Cluster, Redis } from 'ioredis';
import { ConnectionRegistry } from '../src/bus/connections/connectionRegistry';
import { clusterSlotOf } from '../src/bus/sources/redisShard/clusterSlot';
import { ShardedChannels } from '../src/bus/sources/redisShard/shardedChannels';
import { startRedisCluster } from '../tests/support/redisCluster';
import { runOn } from '../tests/support/topologyProcesses';
import { result, type BenchResult } from './benchResults';

const PUBLISH_INTERVAL_MS = 10;
const RECOVERY_TIMEOUT_MS = 60_000;

type Ranges = [number, number][];

async function mastersBySlot(ports: number[]): Promise<Map<number, Ranges>> {
  for (const port of ports) {
    try {
      const reply = (await runOn(port, (client) => client.call('CLUSTER', 'SLOTS'))) as [number, number, [string, number]][];
      const byPort = new Map<number, Ranges>();
      for (const [from, to, [, masterPort]] of reply) byPort.set(masterPort, [...(byPort.get(masterPort) ?? []), [from, to]]);
      return byPort;
    } catch {
      // A dead node: ask the next.
    }
  }
  throw new Error('No node answered CLUSTER SLOTS.');
}

function ownerOf(masters: Map<number, Ranges>, slot: number): number | undefined {
  for (const [port, ranges] of masters) if (ranges.some(([from, to]) => slot >= from && slot <= to)) return port;
  return undefined;
}

function nameOwnedBy(prefix: string, ranges: Ranges): string {
  for (let index = 0; ; index++) {
    const slot = clusterSlotOf(Buffer.from(`${prefix}${index}`));
    if (ranges.some(([from, to]) => slot >= from && slot <= to)) return `${prefix}${index}`;
  }
}

/** SPUBLISHes "<phase>" to each channel's current owner every 10 ms until stopped, all channels in one pipeline; the owner is looked up again on each failure. */
function startPublishing(ports: number[], channels: string[], phase: { text: string }): () => void {
  let isStopped = false;
  let masters: Map<number, Ranges> | undefined;
  const clients = new Map<number, Redis>();
  const clientOf = (port: number): Redis => {
    let client = clients.get(port);
    if (!client) {
      client = new Redis({ host: '127.0.0.1', port, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      client.on('error', () => undefined);
      clients.set(port, client);
    }
    return client;
  };
  let round = 0;
  const tick = async (): Promise<void> => {
    while (!isStopped) {
      round += 1;
      try {
        masters ??= await mastersBySlot(ports);
        const byOwner = new Map<number, string[]>();
        for (const channel of round % 2 === 0 ? channels : [...channels].reverse()) {
          const owner = ownerOf(masters, clusterSlotOf(Buffer.from(channel)));
          if (owner !== undefined) byOwner.set(owner, [...(byOwner.get(owner) ?? []), channel]);
        }
        for (const [owner, owned] of byOwner) {
          const pipeline = clientOf(owner).pipeline();
          for (const channel of owned) pipeline.call('SPUBLISH', channel, phase.text);
          const replies = (await pipeline.exec()) ?? [];
          const failed = replies.find(([error]) => error !== null);
          if (failed) throw failed[0];
        }
      } catch {
        masters = undefined;
        for (const client of clients.values()) if (client.status === 'end') client.disconnect();
        for (const [port, client] of clients) if (client.status === 'end') clients.delete(port);
      }
      await new Promise((resolve) => setTimeout(resolve, PUBLISH_INTERVAL_MS));
    }
    for (const client of clients.values()) client.disconnect();
  };
  void tick();
  return () => {
    isStopped = true;
  };
}

/** Polls until `isDone`, failing after `timeoutMs` with `what`. */
async function waitFor(what: string, isDone: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function clusterFailoverRows(progress: (line: string) => void): Promise<BenchResult[]> {
  progress('failover-recovery-cluster: starting a 3-master, 3-replica cluster');
  const cluster = await startRedisCluster();
  const seeds = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
  const masters = [...(await mastersBySlot(cluster.ports)).values()];
  const ourChannel = nameOwnedBy('bench:shard:labwire:', masters[0]!);
  const bareChannel = nameOwnedBy('bench:shard:bare:', masters[0]!);
  const sources: { shards?: ShardedChannels } = {};
  const registry = new ConnectionRegistry({
    onDidChangeState: (profileId, state) => sources.shards?.handleConnectionState(profileId, state),
    onDidReadFacts: () => undefined,
  });
  sources.shards = new ShardedChannels(registry);
  const bare = new Cluster(seeds, { shardedSubscribers: true });
  // The baseline's own error flood (issue #15) must not end the bench.
  bare.on('error', () => undefined);
  const phase = { text: 'before' };
  let ours: string | undefined;
  let theirs: string | undefined;
  const stopPublishing = startPublishing(cluster.ports, [ourChannel, bareChannel], phase);
  try {
    registry.open('bench', { host: 'unused.invalid', port: 1, db: 0, topology: { mode: 'cluster', seeds, natMap: [] } });
    const readyBy = Date.now() + RECOVERY_TIMEOUT_MS;
    while (registry.stateOf('bench').state !== 'ready' && Date.now() < readyBy) await new Promise((resolve) => setTimeout(resolve, 50));
    sources.shards.subscribe('bench', { kind: 'shard', channel: ourChannel }, (message) => {
      ours = message.payload.toString('utf8');
    });
    bare.on('smessage', (channel: string, message: string) => {
      if (channel === bareChannel) theirs = message;
    });
    await bare.ssubscribe(bareChannel);
    await waitFor('both subscribers to receive before the kill', () => ours === 'before' && theirs === 'before', RECOVERY_TIMEOUT_MS);
    const owner = ownerOf(await mastersBySlot(cluster.ports), clusterSlotOf(Buffer.from(ourChannel)));
    const victim = cluster.nodes.find((node) => node.port === owner);
    if (!victim) throw new Error(`No node owns ${ourChannel}.`);
    phase.text = 'after';
    progress(`failover-recovery-cluster: SIGKILL of 127.0.0.1:${victim.port}, the owner of both channels`);
    const killedAt = performance.now();
    let value = 0;
    let baseline = 0;
    await victim.kill();
    await waitFor('both subscribers to receive after the failover', () => {
      const now = (performance.now() - killedAt) / 1000;
      if (value === 0 && ours === 'after') value = now;
      if (baseline === 0 && theirs === 'after') baseline = now;
      return value > 0 && baseline > 0;
    }, RECOVERY_TIMEOUT_MS);
    progress(`failover-recovery-cluster: Labwire back after ${value.toFixed(2)} s, bare ioredis after ${baseline.toFixed(2)} s`);
    return [result('failover-recovery-cluster', value, 's from SIGKILL of the slot owner to the next message on a sharded lane (baseline: bare ioredis Cluster, shardedSubscribers)', baseline)];
  } finally {
    stopPublishing();
    bare.disconnect();
    sources.shards.dispose();
    await registry.dispose();
    await cluster.stop();
  }
}
