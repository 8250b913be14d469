/**
 * Where a tailed key is read. A single server (standalone or the master a
 * Sentinel group names) reads every key in one XREAD on the profile's
 * blocking connection: one read group, named ''. A Cluster refuses a
 * multi-key command across slots (CROSSSLOT) and a key is only on its slot's
 * owner, so there each slot in use is its own read group, read on a blocking
 * connection to that slot's owner: `<host:port>#<slot>`.
 */
import { Cluster } from 'ioredis';
import type { LabwireClient } from '../../connections/connectClient';
import { keySlot } from '../../streams/deadLetters/clusterSlots';

export interface ReadPlace {
  /** '' on a single server; `<owner address>#<slot>` on a Cluster. */
  group: string;
  /** The slot's owner on a Cluster; null on a single server. */
  node: { host: string; port: number } | null;
}

export const SINGLE_SERVER_GROUP: ReadPlace = { group: '', node: null };

/** Said when the Cluster names no owner for the key's slot (a failover under way); the tail asks again. */
export class NoSlotOwnerError extends Error {
  constructor(key: string) {
    super(`The cluster names no master for the slot of ${key} right now (a failover may be under way).`);
    this.name = 'NoSlotOwnerError';
  }
}

/**
 * The read group of `key`. `shouldRefresh`: ask the cluster for its slots
 * first (after an interruption the owner may have changed).
 */
export async function readPlaceOf(client: LabwireClient, key: string, shouldRefresh: boolean): Promise<ReadPlace> {
  if (!(client instanceof Cluster)) return SINGLE_SERVER_GROUP;
  if (shouldRefresh) await new Promise<void>((resolve) => client.refreshSlotsCache(() => resolve()));
  const slot = keySlot(key);
  const owner = client.slots[slot]?.[0];
  const colon = owner?.lastIndexOf(':') ?? -1;
  if (owner === undefined || colon < 0) throw new NoSlotOwnerError(key);
  return { group: `${owner}#${slot}`, node: { host: owner.slice(0, colon), port: Number(owner.slice(colon + 1)) } };
}

/** The Cluster's own connection to a node, for CLIENT UNBLOCK of a read blocked there. */
export function clusterNodeAt(client: LabwireClient, node: { host: string; port: number }): LabwireClient | undefined {
  if (!(client instanceof Cluster)) return undefined;
  return client.nodes('all').find((candidate) => candidate.options.host === node.host && candidate.options.port === node.port);
}
