/**
 * ROLE before a stream write after a switch. A Sentinel profile follows a
 * failover by reconnecting, and a standalone server can be turned into a
 * replica behind the console's back (REPLICAOF); a replay, a move to dead
 * letters, an ack or a group change must then not be sent on the strength of
 * an old answer. So the first write on each new connection, and the first
 * after the profile saw a master switch, asks ROLE first and is refused in
 * words when the server is a replica. A Cluster client routes each key to
 * its slot's current master (MOVED), so it is not asked.
 */
import { Cluster } from 'ioredis';
import { fail, ok, type Result } from '../../shared/result';
import type { SentinelSwitch } from '../../shared/topologyFacts';
import type { LabwireClient } from '../connections/connectClient';

export const REPLICA_REFUSAL = 'This server is now a replica: the master moved. Nothing was written.';

export class MasterGuard {
  /** Per connection: the switch (its time) it was checked after; a new connection is a new key. */
  private readonly checked = new WeakMap<LabwireClient, number>();

  constructor(private readonly switchOf: (profileId: string) => SentinelSwitch | undefined) {}

  async confirmMaster(profileId: string, client: LabwireClient): Promise<Result<true>> {
    if (client instanceof Cluster) return ok(true);
    const switchAt = this.switchOf(profileId)?.at ?? 0;
    if (this.checked.get(client) === switchAt) return ok(true);
    let role: unknown;
    try {
      role = await client.call('ROLE');
    } catch {
      // No answer (or no +role in the ACL): the write itself meets READONLY on a replica, which says the same words.
      return ok(true);
    }
    if (Array.isArray(role) && role[0] === 'master') {
      this.checked.set(client, switchAt);
      return ok(true);
    }
    return fail('REDIS_ERROR', REPLICA_REFUSAL);
  }
}
