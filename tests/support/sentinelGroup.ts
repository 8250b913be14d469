/**
 * A real Sentinel group for tests: one master, one replica and three
 * sentinels on free loopback ports, config files in one temp folder. Ready
 * means every sentinel names the same master and knows the replica, and the
 * replica's link to the master is up. Stopped by pid; never 6379.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './freePort';
import { startRedisServer, type TestRedisServer } from './redisServer';
import { pollUntil, removeAtExit, runOn, startSentinel, type SentinelProcess } from './topologyProcesses';

export const TEST_MASTER_NAME = 'labmaster';

export interface SentinelGroup {
  masterName: string;
  /** The data nodes as started: [0] began as master, [1] as its replica. */
  nodes: [TestRedisServer, TestRedisServer];
  sentinels: SentinelProcess[];
  /** The port the sentinels currently name as master. */
  masterPort(): Promise<number>;
  /** SENTINEL FAILOVER, then waits until every sentinel names the other node and it answers as master. */
  failover(): Promise<{ from: number; to: number }>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

async function sentinelMasterPort(sentinelPort: number, masterName: string): Promise<number> {
  const reply = await runOn(sentinelPort, (client) => client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName));
  return Array.isArray(reply) ? Number(reply[1]) : NaN;
}

async function knownReplicas(sentinelPort: number, masterName: string): Promise<number> {
  const reply = await runOn(sentinelPort, (client) => client.call('SENTINEL', 'REPLICAS', masterName));
  return Array.isArray(reply) ? reply.length : 0;
}

async function roleOf(port: number): Promise<string> {
  const reply = await runOn(port, (client) => client.call('ROLE'));
  return Array.isArray(reply) ? String(reply[0]) : '';
}

async function isReplicaLinked(port: number): Promise<boolean> {
  const info = await runOn(port, (client) => client.info('replication'));
  return /master_link_status:up/.test(info);
}

export async function startSentinelGroup(): Promise<SentinelGroup> {
  const dir = await mkdtemp(join(tmpdir(), 'labwire-sentinel-'));
  removeAtExit(dir);
  const started: { stop(): Promise<void> }[] = [];
  try {
    const master = await startRedisServer({ dir: await mkdtemp(join(dir, 'node-')) });
    started.push(master);
    const replica = await startRedisServer({
      dir: await mkdtemp(join(dir, 'node-')),
      args: ['--replicaof', '127.0.0.1', String(master.port)],
    });
    started.push(replica);
    const sentinels: SentinelProcess[] = [];
    for (let index = 0; index < 3; index++) {
      const sentinel = await startSentinel(await findFreePort(), dir, TEST_MASTER_NAME, master.port);
      sentinels.push(sentinel);
      started.push(sentinel);
    }
    const nodes: [TestRedisServer, TestRedisServer] = [master, replica];
    const asked = sentinels[0] as SentinelProcess;
    const allAgreeOn = async (port: number): Promise<boolean> => {
      for (const sentinel of sentinels) {
        if ((await sentinelMasterPort(sentinel.port, TEST_MASTER_NAME)) !== port) return false;
        if ((await knownReplicas(sentinel.port, TEST_MASTER_NAME)) < 1) return false;
      }
      return true;
    };
    await pollUntil('the sentinels to agree on the master and see its replica', () => allAgreeOn(master.port), READY_TIMEOUT_MS);
    await pollUntil('the replica to be in sync', () => isReplicaLinked(replica.port), READY_TIMEOUT_MS);

    const group: SentinelGroup = {
      masterName: TEST_MASTER_NAME,
      nodes,
      sentinels,
      masterPort: () => sentinelMasterPort(asked.port, TEST_MASTER_NAME),
      async failover() {
        const from = await group.masterPort();
        const to = nodes.find((node) => node.port !== from)?.port ?? NaN;
        // The replica must be linked, or the sentinel answers NOGOODSLAVE.
        await pollUntil('the replica to be in sync before the failover', () => isReplicaLinked(to), READY_TIMEOUT_MS);
        await runOn(asked.port, (client) => client.call('SENTINEL', 'FAILOVER', TEST_MASTER_NAME));
        await pollUntil(`the sentinels to name ${to} as master`, async () => (await allAgreeOn(to)) && (await roleOf(to)) === 'master', READY_TIMEOUT_MS);
        return { from, to };
      },
      async stop() {
        for (const process of started.reverse()) await process.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
    return group;
  } catch (error) {
    for (const process of started.reverse()) await process.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
