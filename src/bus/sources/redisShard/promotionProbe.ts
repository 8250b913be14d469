/**
 * Watches a replica of a lost slot owner for its promotion: ROLE over a
 * connection already open to it, every PROMOTION_PROBE_INTERVAL_MS, one at
 * a time. A promoted replica owns its old master's slots the moment ROLE
 * says 'master', before the rest of the cluster (and the slot map Labwire
 * reads) has heard of it; the connection is ready for SSUBSCRIBE at once.
 *
 * ROLE is sent only while the connection is 'ready' and before any
 * SSUBSCRIBE on it (in subscriber mode only subscribe commands are allowed).
 */
import type { Redis } from 'ioredis';

/** Motivation: the slot map read every 50 ms alone left the lane about as late as bare ioredis (ratio 0.98–1.0, failover-recovery-cluster). */
export const PROMOTION_PROBE_INTERVAL_MS = 20;

export class PromotionProbe {
  private timer: NodeJS.Timeout | undefined;
  private isStopped = false;

  constructor(
    private readonly client: Redis,
    /** Whether to go on asking (the outage lasts, nothing subscribed on this connection yet). */
    private readonly isWanted: () => boolean,
    private readonly onDidPromote: () => void,
  ) {
    this.schedule();
  }

  stop(): void {
    this.isStopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.isStopped) return;
    this.timer = setTimeout(() => void this.ask(), PROMOTION_PROBE_INTERVAL_MS);
  }

  private async ask(): Promise<void> {
    this.timer = undefined;
    if (this.isStopped || !this.isWanted()) return;
    if (this.client.status === 'ready') {
      const role = await this.client.call('ROLE').catch(() => undefined);
      if (this.isStopped || !this.isWanted()) return;
      if (Array.isArray(role) && role[0] === 'master') {
        this.isStopped = true;
        this.onDidPromote();
        return;
      }
    }
    this.schedule();
  }
}
