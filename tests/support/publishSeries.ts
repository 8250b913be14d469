/** Sorting publish results for the failover series tests (clusterPublish, sentinelPublish). */
import type { PublishedRecord } from '../../src/bus/publish/commandPublisher';
import type { Result } from '../../src/shared/result';

/** A record's outcome, or 'not sent' for a refusal before anything was written (a fail() result). */
export type SeriesOutcome = PublishedRecord['outcome'] | 'not sent';

export function publishOutcomeOf(result: Result<PublishedRecord>): SeriesOutcome {
  return result.ok ? result.value.outcome : 'not sent';
}
