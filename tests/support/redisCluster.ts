/**
 * A real Redis Cluster for tests: three masters and three replicas on free
 * loopback ports whose cluster bus port (port + 10000) is free too. Nodes run
 * with `--cluster-replica-validity-factor 0`, without which a test replica
 * may refuse to fail over. Ready means cluster_state:ok on every node AND
 * every master has its replica attached (state ok comes first). Stopped by pid.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clusterSlotOf } from '../../src/bus/sources/redisShard/clusterSlot';
import { startRedisServer, type TestRedisServer } from './redisServer';
import { pollUntil, removeAtExit, runOn } from './topologyProcesses';

export interface TestRedisCluster {
  /** In creation order: the first three were created as masters. */
  nodes: TestRedisServer[];
  /** Ports of every node, in the same order. */
  ports: number[];
  stop(): Promise<void>;
}

const NODE_COUNT = 6;
const CLUSTER_BUS_OFFSET = 10_000;
const READY_TIMEOUT_MS = 60_000;
/** Highest data port whose bus port still fits under 65535. */
const MAX_DATA_PORT = 65_535 - CLUSTER_BUS_OFFSET;

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port that is free along with port + 10000; never 6379. */
export async function findFreeClusterPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * (MAX_DATA_PORT - 20_000));
    if (port === 6379 || taken.has(port) || taken.has(port + CLUSTER_BUS_OFFSET)) continue;
    if ((await isPortFree(port)) && (await isPortFree(port + CLUSTER_BUS_OFFSET))) return port;
  }
}

async function isClusterReady(ports: number[]): Promise<boolean> {
  const [firstPort] = ports;
  if (firstPort === undefined) return false;
  for (const port of ports) {
    const info = await runOn(port, (client) => client.call('CLUSTER', 'INFO'));
    if (!String(info).includes('cluster_state:ok')) return false;
  }
  const nodes = String(await runOn(firstPort, (client) => client.call('CLUSTER', 'NODES')));
  const lines = nodes.trim().split('\n');
  // CLUSTER NODES: "<id> <address> <flags> <master id or -> ...".
  const columns = lines.map((line) => line.split(' '));
  const masters = columns.filter((column) => column[2]?.includes('master'));
  const replicaOf = new Set(columns.filter((column) => column[2]?.includes('slave')).map((column) => column[3]));
  const replicasInSync = await Promise.all(
    ports.map(async (port) => {
      const info = await runOn(port, (client) => client.info('replication'));
      return !info.includes('role:slave') || info.includes('master_link_status:up');
    }),
  );
  return masters.length === 3 && masters.every((column) => replicaOf.has(column[0])) && replicasInSync.every(Boolean);
}

export async function startRedisCluster(): Promise<TestRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'labwire-cluster-'));
  removeAtExit(dir);
  const nodes: TestRedisServer[] = [];
  const stopAll = async (): Promise<void> => {
    for (const node of nodes) await node.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const taken = new Set<number>();
    for (let index = 0; index < NODE_COUNT; index++) {
      const port = await findFreeClusterPort(taken);
      taken.add(port).add(port + CLUSTER_BUS_OFFSET);
      nodes.push(
        await startRedisServer({
          port,
          dir: await mkdtemp(join(dir, 'node-')),
          args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000', '--cluster-replica-validity-factor', '0'],
        }),
      );
    }
    const ports = nodes.map((node) => node.port);
    await promisify(execFile)('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '1', '--cluster-yes']);
    await pollUntil('cluster_state:ok and every replica attached', () => isClusterReady(ports), READY_TIMEOUT_MS);
    return { nodes, ports, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export type SlotRanges = [number, number][];

/** Every master's port and its slot ranges, as the first live node reports them (CLUSTER SLOTS). */
export async function mastersBySlot(ports: number[]): Promise<{ port: number; ranges: SlotRanges }[]> {
  for (const port of ports) {
    try {
      const reply = (await runOn(port, (client) => client.call('CLUSTER', 'SLOTS'))) as [number, number, [string, number]][];
      const byPort = new Map<number, SlotRanges>();
      for (const [from, to, [, masterPort]] of reply) byPort.set(masterPort, [...(byPort.get(masterPort) ?? []), [from, to]]);
      return [...byPort].map(([masterPort, ranges]) => ({ port: masterPort, ranges }));
    } catch {
      // A dead node: ask the next.
    }
  }
  throw new Error('no node answered CLUSTER SLOTS');
}

/** The port of the master that owns `name`'s slot now. */
export async function ownerPortOf(ports: number[], name: string): Promise<number> {
  const slot = clusterSlotOf(Buffer.from(name));
  const owner = (await mastersBySlot(ports)).find((master) => master.ranges.some(([from, to]) => slot >= from && slot <= to));
  if (!owner) throw new Error(`no master owns slot ${slot}`);
  return owner.port;
}

/** The first name `prefix<n>` whose slot lies in `ranges`. */
export function nameOwnedBy(prefix: string, ranges: SlotRanges): string {
  for (let index = 0; ; index++) {
    const slot = clusterSlotOf(Buffer.from(`${prefix}${index}`));
    if (ranges.some(([from, to]) => slot >= from && slot <= to)) return `${prefix}${index}`;
  }
}

/** A slot half moved: its source answers as MIGRATING, its target as IMPORTING, until `finish` gives it to the target. */
export interface SlotMigration {
  sourcePort: number;
  targetPort: number;
  /** CLUSTER SETSLOT <slot> NODE <target> on the target, the source, then every other master (the order Redis documents). */
  finish(): Promise<void>;
}

/**
 * Starts moving `slot` from its owner to the master on `targetPort`. Only a
 * slot without keys is moved: sharded channels are not keys, so a slot that
 * holds only channels has nothing to MIGRATE (COUNTKEYSINSLOT says 0).
 */
export async function startSlotMigration(ports: number[], slot: number, targetPort: number): Promise<SlotMigration> {
  const masters = await mastersBySlot(ports);
  const source = masters.find((master) => master.ranges.some(([from, to]) => slot >= from && slot <= to));
  if (!source) throw new Error(`no master owns slot ${slot}`);
  if (source.port === targetPort) throw new Error(`slot ${slot} is already on ${targetPort}`);
  const idOf = async (port: number): Promise<string> => String(await runOn(port, (client) => client.call('CLUSTER', 'MYID')));
  const [sourceId, targetId] = [await idOf(source.port), await idOf(targetPort)];
  const keys = Number(await runOn(source.port, (client) => client.call('CLUSTER', 'COUNTKEYSINSLOT', slot)));
  if (keys !== 0) throw new Error(`slot ${slot} holds ${keys} keys; this helper moves only slots without keys`);
  await runOn(targetPort, (client) => client.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', sourceId));
  await runOn(source.port, (client) => client.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', targetId));
  return {
    sourcePort: source.port,
    targetPort,
    finish: async () => {
      const others = masters.map((master) => master.port).filter((port) => port !== source.port && port !== targetPort);
      for (const port of [targetPort, source.port, ...others]) await runOn(port, (client) => client.call('CLUSTER', 'SETSLOT', slot, 'NODE', targetId));
    },
  };
}
