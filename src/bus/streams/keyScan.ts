/**
 * One SCAN call on a profile's keyspace, whatever its topology. A Cluster
 * client would send SCAN to one node only, so on a Cluster each master is
 * scanned in turn with its own cursor, and the cursor handed back to the
 * caller names the master and where in it: `<master index>:<cursor>:<masters
 * fingerprint>`. A standalone or Sentinel cursor stays Redis's own number.
 */
import { createHash } from 'node:crypto';
import { Cluster, type Redis } from 'ioredis';
import type { LabwireClient } from '../connections/connectClient';

export interface ScanStepOptions {
  /** MATCH pattern; '*' when the caller has none. */
  match: string;
  count: number;
  type: 'stream';
}

export interface ScanStep {
  keys: Buffer[];
  /** '0' once every key (on a Cluster: of every master) was visited. */
  cursor: string;
  /** Cluster only: masters whose keys were all visited, of how many. */
  masters: { covered: number; total: number } | null;
}

/** Said when a page's cursor names masters that are no longer the Cluster's (a failover between pages). */
export class ClusterChangedError extends Error {
  constructor() {
    super("The Cluster's masters changed since the last page (a failover or a new shard). List again from the start.");
    this.name = 'ClusterChangedError';
  }
}

/** Upper bound on a node's own handshake before its first SCAN. */
const NODE_CONNECT_TIMEOUT_MS = 5_000;

export async function scanStep(client: LabwireClient, cursor: string, options: ScanStepOptions): Promise<ScanStep> {
  if (!(client instanceof Cluster)) {
    const [next, keys] = await client.scanBuffer(cursor, 'MATCH', options.match, 'COUNT', options.count, 'TYPE', options.type);
    return { keys, cursor: next.toString('latin1'), masters: null };
  }
  const masters = sortedMasters(client);
  const fingerprint = fingerprintOf(masters);
  const position = readClusterCursor(cursor, fingerprint, masters.length);
  const node = masters[position.index];
  if (!node) return { keys: [], cursor: '0', masters: { covered: masters.length, total: masters.length } };
  await whenNodeReady(node);
  const [next, keys] = await node.scanBuffer(position.cursor, 'MATCH', options.match, 'COUNT', options.count, 'TYPE', options.type);
  const nodeCursor = next.toString('latin1');
  const covered = nodeCursor === '0' ? position.index + 1 : position.index;
  const isDone = covered >= masters.length;
  return {
    keys,
    cursor: isDone ? '0' : `${covered}:${nodeCursor === '0' ? '0' : nodeCursor}:${fingerprint}`,
    masters: { covered, total: masters.length },
  };
}

/** Masters in a stable order (by address), so an index means the same node from page to page. */
function sortedMasters(cluster: Cluster): Redis[] {
  return cluster.nodes('master').sort((left, right) => addressOf(left).localeCompare(addressOf(right)));
}

function addressOf(node: Redis): string {
  return `${node.options.host ?? ''}:${node.options.port ?? 0}`;
}

function fingerprintOf(masters: readonly Redis[]): string {
  return createHash('sha1').update(masters.map(addressOf).join(',')).digest('hex').slice(0, 8);
}

function readClusterCursor(cursor: string, fingerprint: string, masterCount: number): { index: number; cursor: string } {
  if (cursor === '0' || cursor === '') return { index: 0, cursor: '0' };
  const match = /^(\d{1,4}):(\d{1,20}):([0-9a-f]{8})$/.exec(cursor);
  if (!match || match[3] !== fingerprint || Number(match[1]) >= masterCount) throw new ClusterChangedError();
  return { index: Number(match[1]), cursor: match[2] ?? '0' };
}

/** Cluster node clients connect lazily and queue nothing (our options), so the first command waits for the handshake here. */
async function whenNodeReady(node: Redis): Promise<void> {
  if (node.status === 'ready') return;
  if (node.status === 'wait') void node.connect().catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`The cluster node ${addressOf(node)} did not answer in time.`)), NODE_CONNECT_TIMEOUT_MS);
    const onReady = (): void => finish();
    const onEnd = (): void => finish(new Error(`The cluster node ${addressOf(node)} closed the connection.`));
    function finish(error?: Error): void {
      clearTimeout(timer);
      node.off('ready', onReady);
      node.off('end', onEnd);
      if (error) reject(error);
      else resolve();
    }
    node.once('ready', onReady);
    node.once('end', onEnd);
    if (node.status === 'ready') finish();
  });
}
