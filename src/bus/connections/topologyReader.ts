/**
 * Reads a profile's topology for the connection panel. Sentinel: one
 * sentinel that answers (in the profile's order) names the master, the
 * replicas and the other sentinels. Cluster: CLUSTER NODES from the cluster
 * client, then INFO memory and one timed PING on each node, side by side, so
 * one hung node shows as "no answer" without delaying the rest.
 */
import { performance } from 'node:perf_hooks';
import { Cluster } from 'ioredis';
import type { ClientErrorFacts, ClusterNodeFact, SentinelNodeFact, SentinelSwitch, TopologyFacts } from '../../shared/topologyFacts';
import { fail, ok, type Result } from '../../shared/result';
import { createRedisClient, type LabwireClient } from './connectClient';
import type { ConnectionTiming } from './connectionTiming';
import type { ConnectionFiles } from './redisClientOptions';
import { redisOptionsFor } from './redisClientOptions';
import { describeAddress, type RedisEndpoint } from './redisEndpoint';
import { parseInfoFields } from './serverFacts';
import { withDeadline } from './withDeadline';

const SLOT_COUNT = 16_384;

export interface TopologyReadRequest {
  endpoint: RedisEndpoint;
  client: LabwireClient;
  timing: ConnectionTiming;
  files: ConnectionFiles;
  lastSwitch: SentinelSwitch | undefined;
  /** The command client's errors, counted (clientErrorTally.ts). */
  clientErrors: ClientErrorFacts;
}

export async function readTopologyFacts(request: TopologyReadRequest, now: () => number = Date.now): Promise<Result<TopologyFacts>> {
  const topology = request.endpoint.topology;
  const { clientErrors } = request;
  if (topology?.mode === 'cluster' && request.client instanceof Cluster) {
    return ok({ mode: 'cluster', nodes: await readClusterNodes(request.client, request.timing), readAt: now(), ...clientErrors });
  }
  if (topology?.mode !== 'sentinel') return ok({ mode: 'standalone', readAt: now(), ...clientErrors });
  const failures: string[] = [];
  for (const sentinel of topology.sentinels) {
    try {
      const facts = await askSentinel(request, sentinel, topology.masterName);
      return ok({ mode: 'sentinel', masterName: topology.masterName, ...facts, lastSwitch: request.lastSwitch ?? null, readAt: now(), ...clientErrors });
    } catch (error) {
      failures.push(`${describeAddress(sentinel)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return fail('CONNECTION_LOST', `None of the sentinels answered, so Labwire cannot show the master and replicas now. Data still flows while the master answers.`, {
    detail: failures.join('; '),
  });
}

/** SENTINEL replies list each node as flat [name, value, name, value, ...]. */
function fieldsOf(entry: unknown): Map<string, string> {
  const fields = new Map<string, string>();
  if (!Array.isArray(entry)) return fields;
  for (let index = 0; index + 1 < entry.length; index += 2) fields.set(String(entry[index]), String(entry[index + 1]));
  return fields;
}

function sentinelNode(entry: unknown): SentinelNodeFact {
  const fields = fieldsOf(entry);
  return {
    address: describeAddress({ host: fields.get('ip') ?? '?', port: Number(fields.get('port') ?? 0) }),
    flags: (fields.get('flags') ?? '').split(',').filter((flag) => flag !== ''),
    linkState: fields.get('master-link-status') ?? null,
  };
}

async function askSentinel(
  request: TopologyReadRequest,
  sentinel: { host: string; port: number },
  masterName: string,
): Promise<{ master: string | null; replicas: SentinelNodeFact[]; sentinels: SentinelNodeFact[] }> {
  const topology = request.endpoint.topology;
  const sentinelTls = topology?.mode === 'sentinel' ? topology.sentinelTls : undefined;
  const sentinelEndpoint: RedisEndpoint = {
    host: sentinel.host,
    port: sentinel.port,
    db: 0,
    ...(topology?.mode === 'sentinel' && topology.sentinelUsername ? { username: topology.sentinelUsername } : {}),
    ...(topology?.mode === 'sentinel' && topology.sentinelPassword ? { password: topology.sentinelPassword } : {}),
    ...(sentinelTls ? { tls: sentinelTls } : {}),
  };
  const options = redisOptionsFor(sentinelEndpoint, 'test', request.timing, { data: request.files.sentinels, sentinels: {} });
  // A sentinel has no databases: SELECT would fail.
  const client = createRedisClient({ ...options, db: undefined, enableReadyCheck: false });
  client.on('error', () => undefined);
  try {
    await withDeadline(client.connect(), request.timing.connectTimeoutMs);
    const ask = (...args: string[]): Promise<unknown> => withDeadline(client.call('SENTINEL', ...args), request.timing.commandTimeoutMs);
    const address = await ask('GET-MASTER-ADDR-BY-NAME', masterName);
    const replicas = await ask('REPLICAS', masterName);
    const others = await ask('SENTINELS', masterName);
    const master = Array.isArray(address) && address.length === 2 ? describeAddress({ host: String(address[0]), port: Number(address[1]) }) : null;
    const asked: SentinelNodeFact = { address: describeAddress(sentinel), flags: ['asked'], linkState: null };
    return {
      master,
      replicas: Array.isArray(replicas) ? replicas.map(sentinelNode) : [],
      sentinels: [asked, ...(Array.isArray(others) ? others.map(sentinelNode) : [])],
    };
  } finally {
    client.disconnect();
  }
}

/** CLUSTER NODES: "<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot> ...". */
export function parseClusterNodes(text: string): Omit<ClusterNodeFact, 'usedMemoryBytes' | 'roundTripMs' | 'mappedAddress'>[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [id = '', address = '', flagText = '', masterId = '-', , , , linkState = '', ...slotParts] = line.split(' ');
      const flags = flagText.split(',');
      const isMaster = flags.includes('master');
      // Importing/migrating entries ("[5461->-id]") are not owned slots.
      const slots = slotParts.filter((part) => !part.startsWith('['));
      return {
        id,
        address: address.split('@')[0] ?? address,
        role: isMaster ? 'master' : 'replica',
        masterId: isMaster || masterId === '-' ? null : masterId,
        slots,
        slotCount: slots.reduce((count, range) => count + slotsIn(range), 0),
        linkState,
        flags: flags.filter((flag) => flag !== 'master' && flag !== 'slave'),
      };
    });
}

function slotsIn(range: string): number {
  const [start, end] = range.split('-').map(Number);
  if (start === undefined || !Number.isInteger(start)) return 0;
  const last = end === undefined ? start : end;
  return Number.isInteger(last) && last >= start && last < SLOT_COUNT ? last - start + 1 : 0;
}

async function readClusterNodes(cluster: Cluster, timing: ConnectionTiming): Promise<ClusterNodeFact[]> {
  const listed = parseClusterNodes(String(await withDeadline(cluster.call('CLUSTER', 'NODES'), timing.commandTimeoutMs)));
  const facts = await Promise.all(
    listed.map(async (node): Promise<ClusterNodeFact> => {
      const mapped = mappedNodeOf(cluster, node.address);
      return { ...node, mappedAddress: mapped ? describeAddress(mapped) : null, ...(await measureNode(cluster, node.address, timing)) };
    }),
  );
  return facts.sort((left, right) => left.address.localeCompare(right.address, 'en', { numeric: true }));
}

/**
 * INFO memory and one timed PING over a short-lived connection of its own,
 * with the cluster's node options (auth, TLS, reply guard): the cluster's
 * pooled replica clients connect lazily and are not meant for this.
 */
/** Where the profile's address map sends an announced "host:port"; undefined when it is dialled as announced. */
function mappedNodeOf(cluster: Cluster, announced: string): { host: string; port: number } | undefined {
  const natMap = cluster.options.natMap;
  const mapped = natMap && typeof natMap === 'object' ? natMap[announced] : undefined;
  return mapped?.host !== undefined && mapped.port !== undefined ? { host: mapped.host, port: mapped.port } : undefined;
}

async function measureNode(cluster: Cluster, announced: string, timing: ConnectionTiming): Promise<Pick<ClusterNodeFact, 'usedMemoryBytes' | 'roundTripMs'>> {
  const mapped = mappedNodeOf(cluster, announced);
  const separator = announced.lastIndexOf(':');
  const host = mapped?.host ?? announced.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = mapped?.port ?? Number(announced.slice(separator + 1));
  const client = createRedisClient({ ...cluster.options.redisOptions, host, port, lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await withDeadline(client.connect(), timing.connectTimeoutMs);
    const memory = parseInfoFields(await withDeadline(client.info('memory'), timing.commandTimeoutMs)).get('used_memory');
    const startedAt = performance.now();
    await withDeadline(client.ping(), timing.commandTimeoutMs);
    const roundTripMs = Math.round((performance.now() - startedAt) * 100) / 100;
    return { usedMemoryBytes: memory === undefined ? null : Number(memory), roundTripMs };
  } catch {
    return { usedMemoryBytes: null, roundTripMs: null };
  } finally {
    client.disconnect();
  }
}
