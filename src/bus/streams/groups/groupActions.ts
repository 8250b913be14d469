/**
 * The operator's changes to consumer groups: ack, claim, autoclaim, create,
 * set id, delete a consumer, destroy (typed name), and the guarded trim.
 * Each passes GroupsAccess.forAction (confirmed, not read-only), runs one
 * command (two for the checks that must read first), and is audited with
 * what Redis answered, including the ids it reports deleted: entries trimmed
 * while pending, data the operator has lost and must see.
 */
import type { ActionAudit, TrimLimit } from '../../../shared/features/streamGroupsContract';
import { fail, ok, type Result } from '../../../shared/result';
import type { StreamAudit, StreamActionRecord } from '../streamAudit';
import { describeCommandError } from './groupCommandError';
import type { GroupsAccess, GroupsContext } from './groupsAccess';
import { checkTrim } from './groupsReader';
import { idProblem, isEntryId } from './streamIds';
import { text } from './xinfoReplies';

interface Target {
  profileId: string;
  key: string;
  isConfirmed: boolean;
}

export class GroupActions {
  constructor(
    private readonly access: GroupsAccess,
    private readonly audit: StreamAudit,
  ) {}

  async ack(request: Target & { group: string; ids: string[] }): Promise<Result<{ acknowledged: number; requested: number; audit: ActionAudit }>> {
    const doing = `acknowledge ${request.ids.length} entries of ${request.key} for group "${request.group}"`;
    const gate = await this.gate(request, doing, request.ids);
    if (!gate.ok) return gate;
    const { client, profile } = gate.value;
    let acknowledged: number;
    try {
      acknowledged = Number(await client.xack(request.key, request.group, ...request.ids));
    } catch (error) {
      return this.refusedByRedis(describeCommandError(error, { command: 'XACK', key: request.key, group: request.group, username: profile.username }), { action: 'ack', profileId: profile.id, stream: request.key, group: request.group, ids: request.ids }, doing);
    }
    const summary = `Acknowledged ${acknowledged} of ${request.ids.length} entries in ${request.key} for group ${request.group}${acknowledged < request.ids.length ? ` (${request.ids.length - acknowledged} were no longer pending)` : ''}.`;
    const audit = await this.record({ action: 'ack', profileId: profile.id, stream: request.key, group: request.group, ids: request.ids, summary });
    return ok({ acknowledged, requested: request.ids.length, audit });
  }

  async claim(
    request: Target & { group: string; consumer: string; minIdleMs: number; ids: string[] },
  ): Promise<Result<{ claimed: string[]; notClaimed: string[]; deleted: string[]; audit: ActionAudit }>> {
    const doing = `give ${request.ids.length} pending entries of ${request.key} to consumer "${request.consumer}"`;
    const gate = await this.gate(request, doing, request.ids);
    if (!gate.ok) return gate;
    const { client, profile } = gate.value;
    if (request.consumer === '') return fail('INVALID', 'Name the consumer that should take the entries.', { field: 'consumer' });
    let claimed: string[];
    let deleted: string[];
    try {
      // Which of them are gone from the stream: XCLAIM drops those from the pending list and says nothing, so they are looked up first.
      const pipeline = client.pipeline();
      for (const id of request.ids) pipeline.xrange(request.key, id, id);
      const exists = ((await pipeline.exec()) ?? []).map(([error, reply]) => !error && Array.isArray(reply) && reply.length > 0);
      deleted = request.ids.filter((_, index) => !exists[index]);
      const reply = await client.xclaim(request.key, request.group, request.consumer, request.minIdleMs, ...request.ids, 'JUSTID');
      claimed = (reply as unknown[]).map((id) => text(id)).filter((id) => !deleted.includes(id));
    } catch (error) {
      return this.refusedByRedis(describeCommandError(error, { command: 'XCLAIM', key: request.key, group: request.group, username: profile.username }), { action: 'claim', profileId: profile.id, stream: request.key, group: request.group, ids: request.ids }, doing);
    }
    const notClaimed = request.ids.filter((id) => !claimed.includes(id) && !deleted.includes(id));
    const summary =
      `Gave ${claimed.length} of ${request.ids.length} entries of ${request.key} (group ${request.group}) to ${request.consumer}` +
      (notClaimed.length > 0 ? `; ${notClaimed.length} were not pending or not idle for ${request.minIdleMs} ms` : '') +
      (deleted.length > 0 ? `; ${deleted.length} were deleted from the stream while pending (their data is lost)` : '') +
      '.';
    const audit = await this.record({
      action: 'claim',
      profileId: profile.id,
      stream: request.key,
      group: request.group,
      ids: request.ids,
      summary,
      detail: { consumer: request.consumer, minIdleMs: request.minIdleMs, claimed: claimed.slice(0, 100), deleted: deleted.slice(0, 100) },
    });
    return ok({ claimed, notClaimed, deleted, audit });
  }

  async autoclaim(
    request: Target & { group: string; consumer: string; minIdleMs: number; start: string; count: number },
  ): Promise<Result<{ claimed: string[]; deleted: string[]; nextStart: string; audit: ActionAudit }>> {
    const doing = `give entries of ${request.key} idle for ${request.minIdleMs} ms or more to consumer "${request.consumer}"`;
    const gate = await this.gate(request, doing, []);
    if (!gate.ok) return gate;
    const { client, profile } = gate.value;
    if (request.consumer === '') return fail('INVALID', 'Name the consumer that should take the entries.', { field: 'consumer' });
    const startProblem = request.start === '0' || request.start === '-' ? null : idProblem(request.start, 'The start');
    if (startProblem) return fail('INVALID', startProblem, { field: 'start' });
    let reply: unknown[];
    try {
      reply = (await client.call('XAUTOCLAIM', request.key, request.group, request.consumer, request.minIdleMs, request.start, 'COUNT', request.count, 'JUSTID')) as unknown[];
    } catch (error) {
      return this.refusedByRedis(describeCommandError(error, { command: 'XAUTOCLAIM', key: request.key, group: request.group, username: profile.username }), { action: 'autoclaim', profileId: profile.id, stream: request.key, group: request.group, ids: [] }, doing);
    }
    const nextStart = text(reply[0], '0-0');
    const claimed = (Array.isArray(reply[1]) ? reply[1] : []).map((id) => text(id));
    // Redis 7.0+: the ids it found in the pending list but no longer in the stream, and removed from the list.
    const deleted = (Array.isArray(reply[2]) ? reply[2] : []).map((id) => text(id));
    const summary =
      `Autoclaimed ${claimed.length} entries of ${request.key} (group ${request.group}) for ${request.consumer}` +
      (deleted.length > 0 ? `; ${deleted.length} pending entries had been deleted from the stream and were dropped: their data is lost` : '') +
      '.';
    const audit = await this.record({
      action: 'autoclaim',
      profileId: profile.id,
      stream: request.key,
      group: request.group,
      ids: [...claimed, ...deleted],
      summary,
      detail: { consumer: request.consumer, minIdleMs: request.minIdleMs, claimed, deleted, nextStart },
    });
    return ok({ claimed, deleted, nextStart, audit });
  }

  async create(request: Target & { group: string; startId: string; isStreamMade: boolean }): Promise<Result<{ audit: ActionAudit }>> {
    const doing = `create group "${request.group}" on ${request.key}`;
    const gate = await this.gate(request, doing, []);
    if (!gate.ok) return gate;
    const { client, profile } = gate.value;
    if (request.group === '') return fail('INVALID', 'Give the group a name.', { field: 'group' });
    const startProblem = request.startId === '$' || request.startId === '0' ? null : idProblem(request.startId, 'The start');
    if (startProblem) return fail('INVALID', `${startProblem} Or use $ (only new entries) or 0 (everything in the stream).`, { field: 'startId' });
    try {
      if (request.isStreamMade) await client.xgroup('CREATE', request.key, request.group, request.startId, 'MKSTREAM');
      else await client.xgroup('CREATE', request.key, request.group, request.startId);
    } catch (error) {
      return this.refusedByRedis(describeCommandError(error, { command: 'XGROUP CREATE', key: request.key, group: request.group, username: profile.username }), { action: 'group-create', profileId: profile.id, stream: request.key, group: request.group, ids: [] }, doing);
    }
    const from = request.startId === '$' ? 'new entries only' : request.startId === '0' ? 'the start of the stream' : `after ${request.startId}`;
    const summary = `Created group ${request.group} on ${request.key}, reading from ${from}.`;
    return ok({ audit: await this.record({ action: 'group-create', profileId: profile.id, stream: request.key, group: request.group, ids: [], summary, detail: { startId: request.startId } }) });
  }

  async setId(request: Target & { group: string; id: string }): Promise<Result<{ audit: ActionAudit }>> {
    const doing = `move group "${request.group}" of ${request.key} to ${request.id}`;
    const gate = await this.gate(request, doing, []);
    if (!gate.ok) return gate;
    const { client, profile } = gate.value;
    const problem = request.id === '$' || request.id === '0' ? null : idProblem(request.id, 'The id');
    if (problem) return fail('INVALID', problem, { field: 'id' });
    let before: string;
    try {
      before = await this.lastDeliveredId(gate.value, request.key, request.group);
      await client.xgroup('SETID', request.key, request.group, request.id);
    } catch (error) {
      return this.refusedByRedis(describeCommandError(error, { command: 'XGROUP SETID', key: request.key, group: request.group, username: profile.username }), { action: 'group-set-id', profileId: profile.id, stream: request.key, group: request.group, ids: [] }, doing);
    }
    const summary = `Moved group ${request.group} of ${request.key} from ${before || 'an unknown position'} to ${request.id}.`;
    return ok({ audit: await this.record({ action: 'group-set-id', profileId: profile.id, stream: request.key, group: request.group, ids: [], summary, detail: { from: before, to: request.id } }) });
  }

  async deleteConsumer(request: Target & { group: string; consumer: string }): Promise<Result<{ pendingDropped: number; audit: ActionAudit }>> {
    const doing = `delete consumer "${request.consumer}" of group "${request.group}" and drop its pending entries`;
    const gate = await this.gate(request, doing, []);
    if (!gate.ok) return gate;
    const { client, profile } = gate.value;
    let pendingDropped: number;
    try {
      pendingDropped = Number(await client.xgroup('DELCONSUMER', request.key, request.group, request.consumer));
    } catch (error) {
      return this.refusedByRedis(describeCommandError(error, { command: 'XGROUP DELCONSUMER', key: request.key, group: request.group, username: profile.username }), { action: 'consumer-delete', profileId: profile.id, stream: request.key, group: request.group, ids: [] }, doing);
    }
    const summary = `Deleted consumer ${request.consumer} of group ${request.group} on ${request.key}; ${pendingDropped} pending entries went with it (no longer pending for anyone: they will not be redelivered).`;
    const audit = await this.record({ action: 'consumer-delete', profileId: profile.id, stream: request.key, group: request.group, ids: [], summary, detail: { consumer: request.consumer, pendingDropped } });
    return ok({ pendingDropped, audit });
  }

  async destroy(request: Target & { group: string; typedName: string }): Promise<Result<{ audit: ActionAudit }>> {
    const doing = `destroy group "${request.group}" of ${request.key}`;
    const gate = await this.gate(request, doing, []);
    if (!gate.ok) return gate;
    const { client, profile } = gate.value;
    if (request.typedName !== request.group) {
      return fail('INVALID', `The typed name "${request.typedName.slice(0, 80)}" is not the group's name "${request.group}", so nothing was destroyed. Type it exactly.`, { field: 'typedName' });
    }
    let pending: number;
    try {
      const summary = (await client.call('XPENDING', request.key, request.group)) as unknown[];
      pending = Number(summary?.[0] ?? 0);
      const destroyed = Number(await client.xgroup('DESTROY', request.key, request.group));
      if (destroyed === 0) return fail('NOT_FOUND', `Stream ${request.key} has no group "${request.group}" any more: nothing was destroyed.`);
    } catch (error) {
      return this.refusedByRedis(describeCommandError(error, { command: 'XGROUP DESTROY', key: request.key, group: request.group, username: profile.username }), { action: 'group-destroy', profileId: profile.id, stream: request.key, group: request.group, ids: [] }, doing);
    }
    const summary = `Destroyed group ${request.group} of ${request.key}, with its ${pending} pending entries (the entries stay in the stream).`;
    return ok({ audit: await this.record({ action: 'group-destroy', profileId: profile.id, stream: request.key, group: request.group, ids: [], summary, detail: { pending } }) });
  }

  async trim(request: Target & { limit: TrimLimit; isLossAccepted: boolean }, hasAckedTrim: (context: GroupsContext) => Promise<boolean>): Promise<Result<{ removed: number; pendingCut: number; audit: ActionAudit }>> {
    const bound = request.limit.kind === 'maxLen' ? `${request.limit.maxLen} entries` : `entries from ${request.limit.minId} on`;
    const doing = `trim ${request.key} to ${bound}`;
    const gate = await this.gate(request, doing, []);
    if (!gate.ok) return gate;
    const { client, profile } = gate.value;
    const check = await checkTrim(gate.value, request.key, request.limit);
    if (!check.ok) return check;
    if (check.value.totalPendingCut > 0 && !request.isLossAccepted) {
      return fail('NEEDS_CONFIRMATION', `${check.value.warning} Nothing was trimmed: accept the loss explicitly to trim anyway.`);
    }
    // Where the server can, it guards against entries that became pending since the check (XTRIM ... ACKED, Redis 8.2).
    const guard = !request.isLossAccepted && (await hasAckedTrim(gate.value)) ? ['ACKED'] : [];
    const strategy = request.limit.kind === 'maxLen' ? ['MAXLEN', '=', request.limit.maxLen] : ['MINID', '=', request.limit.minId];
    let removed: number;
    try {
      removed = Number(await client.call('XTRIM', request.key, ...strategy, ...guard));
    } catch (error) {
      return this.refusedByRedis(describeCommandError(error, { command: 'XTRIM', key: request.key, username: profile.username }), { action: 'trim', profileId: profile.id, stream: request.key, ids: [] }, doing);
    }
    const summary = `Trimmed ${request.key} to ${bound}: ${removed} entries removed${check.value.totalPendingCut > 0 ? `, ${check.value.totalPendingCut} of them still pending (loss accepted by the operator)` : ''}.`;
    const audit = await this.record({
      action: 'trim',
      profileId: profile.id,
      stream: request.key,
      ids: [],
      summary,
      detail: { removed, pendingCut: check.value.totalPendingCut, isLossAccepted: request.isLossAccepted, ...(request.limit.kind === 'maxLen' ? { maxLen: request.limit.maxLen } : { minId: request.limit.minId }) },
    });
    return ok({ removed, pendingCut: check.value.totalPendingCut, audit });
  }

  private async gate(request: Target, doing: string, ids: readonly string[]): Promise<Result<GroupsContext>> {
    const bad = ids.find((id) => !isEntryId(id));
    if (bad !== undefined) return fail('INVALID', idProblem(bad, 'Each id') ?? 'An id is not valid.', { field: 'ids' });
    return this.access.forAction(request.profileId, request.isConfirmed, { doing });
  }

  private async lastDeliveredId(context: GroupsContext, key: string, group: string): Promise<string> {
    const groups = (await context.client.call('XINFO', 'GROUPS', key)) as unknown[][];
    for (const item of groups) {
      const index = item.findIndex((value) => text(value) === 'name');
      if (index >= 0 && text(item[index + 1]) === group) {
        const at = item.findIndex((value) => text(value) === 'last-delivered-id');
        return at >= 0 ? text(item[at + 1]) : '';
      }
    }
    return '';
  }

  /**
   * An action Redis refused is audited too (who tried what, and the reason
   * Redis gave), then answered with the same failure: a refused ack or claim
   * is part of the story an operator reads back.
   */
  private async refusedByRedis<T>(failure: Result<T>, entry: Omit<StreamActionRecord, 'summary' | 'refusal'>, doing: string): Promise<Result<T>> {
    if (failure.ok) return failure;
    await this.record({ ...entry, summary: `Refused by Redis: could not ${doing}. ${failure.error.message}`, refusal: failure.error.message });
    return failure;
  }

  private async record(entry: StreamActionRecord): Promise<ActionAudit> {
    try {
      return await this.audit.record(entry);
    } catch (error) {
      // StreamAudit promises never to reject; a broken one must not turn a done action into a failure.
      return { isLocalWritten: false, isRedisWritten: false, problem: `The audit could not be written (${error instanceof Error ? error.message : String(error)}).` };
    }
  }
}
