/** The dead-letters feature's bus part: `dlq:*` requests and bulk-run progress events. */
import type { DEAD_LETTERS_REQUESTS } from '../../../shared/features/deadLettersContract';
import type { BusFeature, BusServices } from '../../busFeature';
import type { StreamAudit } from '../streamAudit';
import { BulkRuns } from './bulkRuns';
import { DeadLetterService } from './deadLetterService';

export function createDeadLettersFeature(services: BusServices, audit: StreamAudit): BusFeature<keyof typeof DEAD_LETTERS_REQUESTS> {
  const service = new DeadLetterService({
    profileOf: (profileId) => services.profiles.get(profileId),
    clientOf: (profileId) => services.connections.dataClient(profileId),
    masterSwitchOf: (profileId) => services.connections.masterSwitchOf(profileId),
    audit,
  });
  const runs = new BulkRuns(service, (event) => services.emitEvent(event));
  return {
    name: 'deadLetters',
    handlers: {
      'dlq:list': async ({ profileId, origin }) => service.list(profileId, origin),
      'dlq:entries': async ({ profileId, dlqKey, beforeId, count }) => service.entries(profileId, dlqKey, beforeId, count),
      'dlq:move': async (request) => service.move(request),
      'dlq:replay': async (request) => service.replay(request),
      'dlq:discard': async (request) => service.discard(request),
      'dlq:bulkPlan': async ({ profileId, dlqKey, action, selection }) => service.plan(profileId, dlqKey, action, selection),
      'dlq:bulkRun': async (request) => runs.start(request),
      'dlq:bulkStop': async ({ runId }) => runs.stop(runId),
      'dlq:bulkStatus': async ({ runId }) => runs.status(runId),
    },
    closeProfile: (profileId) => void runs.closeProfile(profileId),
    dispose: () => runs.dispose(),
  };
}
