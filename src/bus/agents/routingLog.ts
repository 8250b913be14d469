/**
 * The routing decisions the board heard: the latest ones for the feed, each
 * agent's share of the last SHARE_WINDOW, and how many went to each agent in
 * the last minute. Bounded rings: decisions and receipts are overwritten
 * oldest first.
 */
import type { RoutingDecision, RoutingShare } from '../../shared/features/agentsContract';

export const MAX_KEPT_DECISIONS = 200;
export const MAX_SHOWN_DECISIONS = 50;
export const SHARE_WINDOW = 100;
const MINUTE_MS = 60_000;
/** Receipts kept to count routes per agent in the last minute: enough for 160 decisions a second. */
const MAX_RECEIPTS = 10_000;

export class RoutingLog {
  private readonly decisions: RoutingDecision[] = [];
  private readonly receiptAgents: Array<string | null> = new Array<string | null>(MAX_RECEIPTS).fill(null);
  private readonly receiptTimes = new Float64Array(MAX_RECEIPTS);
  private nextReceipt = 0;

  add(decision: RoutingDecision): void {
    this.decisions.push(decision);
    if (this.decisions.length > MAX_KEPT_DECISIONS) this.decisions.shift();
    if (decision.agentId === null) return;
    this.receiptAgents[this.nextReceipt] = decision.agentId;
    this.receiptTimes[this.nextReceipt] = decision.receivedAtMs;
    this.nextReceipt = (this.nextReceipt + 1) % MAX_RECEIPTS;
  }

  latest(): RoutingDecision[] {
    return this.decisions.slice(-MAX_SHOWN_DECISIONS).reverse();
  }

  /** Shares of the last SHARE_WINDOW decisions that named an agent; `window` is how many those were. */
  shares(): { shares: RoutingShare[]; window: number } {
    const counts = new Map<string, RoutingShare>();
    let window = 0;
    for (let index = this.decisions.length - 1; index >= 0 && window < SHARE_WINDOW; index--) {
      const decision = this.decisions[index]!;
      if (decision.agentId === null) continue;
      window++;
      const share = counts.get(decision.agentId) ?? { agentId: decision.agentId, name: decision.agentName ?? decision.agentId, count: 0 };
      share.count++;
      counts.set(decision.agentId, share);
    }
    return { shares: [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)), window };
  }

  /** Routes per agent received in the minute before `nowMs`. */
  routedLastMinute(nowMs: number): Map<string, number> {
    const counts = new Map<string, number>();
    for (let index = 0; index < MAX_RECEIPTS; index++) {
      const agentId = this.receiptAgents[index];
      if (agentId === null || agentId === undefined) continue;
      const age = nowMs - this.receiptTimes[index]!;
      if (age >= 0 && age < MINUTE_MS) counts.set(agentId, (counts.get(agentId) ?? 0) + 1);
    }
    return counts;
  }
}
