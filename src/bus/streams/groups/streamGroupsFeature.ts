/**
 * The consumer-groups feature: `groups:*` requests (the read side in
 * groupsReader.ts, the actions in groupActions.ts). It owns the streams
 * audit (StreamAuditRecorder) and exposes it as `audit`, so the dead-letter
 * feature writes to the same log and stream.
 */
import type { STREAM_GROUPS_REQUESTS } from '../../../shared/features/streamGroupsContract';
import { fail, ok } from '../../../shared/result';
import type { BusFeature, BusServices } from '../../busFeature';
import type { StreamAudit } from '../streamAudit';
import { StreamAuditRecorder } from '../streamAuditRecorder';
import { GroupActions } from './groupActions';
import { GroupsAccess } from './groupsAccess';
import { checkTrim, listGroups, readPending } from './groupsReader';

export type StreamGroupsFeature = BusFeature<keyof typeof STREAM_GROUPS_REQUESTS> & { readonly audit: StreamAudit };

export function createStreamGroupsFeature(services: BusServices): StreamGroupsFeature {
  const profileOf = (profileId: string) => services.profiles.get(profileId);
  const access = new GroupsAccess(services.connections, profileOf);
  const audit = new StreamAuditRecorder({
    dataDir: services.host.dataDir,
    profileOf,
    commandClient: (profileId) => services.connections.dataClient(profileId),
  });
  const actions = new GroupActions(access, audit);
  return {
    name: 'stream-groups',
    audit,
    handlers: {
      'groups:list': async ({ profileId, key }) => {
        const context = access.forRead(profileId);
        if (!context.ok) return context;
        return listGroups(context.value, key, await access.capabilitiesOf(context.value));
      },
      'groups:pending': async ({ profileId, ...query }) => {
        const context = access.forRead(profileId);
        return context.ok ? readPending(context.value, query) : context;
      },
      'groups:trimCheck': async ({ profileId, key, limit }) => {
        const context = access.forRead(profileId);
        if (!context.ok) return context;
        const plan = await checkTrim(context.value, key, limit);
        if (!plan.ok) return plan;
        const { cutoffId: _cutoffId, ...check } = plan.value;
        return { ok: true, value: check };
      },
      // Reading the local log back needs no connection: a read-only profile may read it too.
      'groups:audit': async ({ profileId, stream, limit }) =>
        services.profiles.get(profileId) ? ok(audit.recent(profileId, stream, limit)) : fail('NOT_FOUND', 'This connection profile no longer exists.'),
      'groups:ack': (request) => actions.ack(request),
      'groups:claim': (request) => actions.claim(request),
      'groups:autoclaim': (request) => actions.autoclaim(request),
      'groups:create': (request) => actions.create(request),
      'groups:setId': (request) => actions.setId(request),
      'groups:deleteConsumer': (request) => actions.deleteConsumer(request),
      'groups:destroy': (request) => actions.destroy(request),
      'groups:trim': (request) => actions.trim(request, async (context) => (await access.capabilitiesOf(context)).hasTrimReferencePolicy),
    },
    closeProfile: (profileId) => access.forget(profileId),
    dispose: () => audit.dispose(),
  };
}
