/**
 * The dry run's word on Cluster hash slots. A replay runs as one script over the origin and the
 * dead-letter stream, which a Cluster allows only when both lie in one slot: the bus refuses the rest.
 * On one server or a Sentinel group every key is on the same node, so the note would only be noise.
 */
import type { BulkPlan } from '../../../../../shared/features/deadLettersContract';
import type { TopologyMode } from '../../../../../shared/profile';

/** What to tell the operator before a replay on this profile's topology, or null when slots do not matter. */
export function clusterSlotNote(plan: Pick<BulkPlan, 'action' | 'dlqKey' | 'perOrigin'>, topology: TopologyMode): string | null {
  if (topology !== 'cluster' || plan.action !== 'replay') return null;
  const split = plan.perOrigin.filter((origin) => !origin.isSameSlot).map((origin) => origin.origin);
  if (split.length === 0) return null;
  const first = split[0] ?? '';
  return (
    `This profile is a Redis Cluster, and ${split.join(', ')} and ${plan.dlqKey} lie in different hash slots: ` +
    `their entries will be refused and stay here as dead letters. Name the streams with a shared hash tag ` +
    `(for example {${first}} and {${first}}:dlq) so one script can reach both.`
  );
}
