/**
 * Dead letters as the bus offers them: the profile's checks first (exists,
 * connected, read-only refused, confirmation, typed confirmation), then the
 * Redis work (deadLetterOperations.ts), then an audit record of every change.
 * Never rejects: failures are Results with a sentence for the technician.
 */
import type { LabwireClient } from '../../connections/connectClient';
import { deadLetterOrigin, deadLetterTemplatesOf } from '../../../shared/deadLetterNames';
import type { BulkAction, BulkPlan, BulkSelection, DeadLetterList, DeadLetterPage, MoveOutcome, ReplayOutcome } from '../../../shared/features/deadLettersContract';
import type { Profile } from '../../../shared/profile';
import { fail, ok, type Result } from '../../../shared/result';
import type { SentinelSwitch } from '../../../shared/topologyFacts';
import { MasterGuard } from '../masterGuard';
import type { StreamAudit } from '../streamAudit';
import { slotRefusalOf } from './clusterSlots';
import { describeDeadLetterFailure, type DeadLetterAction } from './deadLetterFailures';
import { discardEntries, listDeadLetterStreams, moveEntries, readDeadLetterPage, readEntries, replayEntries, type ReplayItem } from './deadLetterOperations';
import { planBulk } from './bulkPlan';
import { countWords } from '../../../shared/countWords';

export interface DeadLetterServiceOptions {
  profileOf(profileId: string): Profile | undefined;
  /** The profile's ready command connection, or undefined. */
  clientOf(profileId: string): LabwireClient | undefined;
  /** Sentinel profiles: the last master switch followed, so the next write asks ROLE first (masterGuard.ts). */
  masterSwitchOf?(profileId: string): SentinelSwitch | undefined;
  audit: StreamAudit;
}

/** Ids an audit record lists; the count is kept beside them. */
const MAX_AUDITED_IDS = 1_000;

export interface Gate {
  profile: Profile;
  client: LabwireClient;
  templates: readonly string[];
}

export class DeadLetterService {
  private readonly masterGuard: MasterGuard;

  constructor(private readonly options: DeadLetterServiceOptions) {
    this.masterGuard = new MasterGuard((profileId) => options.masterSwitchOf?.(profileId));
  }

  async list(profileId: string, origin?: string): Promise<Result<DeadLetterList>> {
    const gate = this.gate(profileId, 'read');
    if (!gate.ok) return gate;
    return this.attempt('read', origin ?? 'this server', () => listDeadLetterStreams(gate.value.client, gate.value.templates, origin));
  }

  async entries(profileId: string, dlqKey: string, beforeId: string | null, count: number): Promise<Result<DeadLetterPage>> {
    const gate = this.gate(profileId, 'read');
    if (!gate.ok) return gate;
    return this.attempt('read', dlqKey, () => readDeadLetterPage(gate.value.client, dlqKey, gate.value.templates, beforeId, count));
  }

  async move(request: { profileId: string; origin: string; group: string; dlqKey: string; ids: string[]; reason: string; isConfirmed: boolean }): Promise<Result<{ outcomes: MoveOutcome[] }>> {
    const gate = await this.writeGate(request.profileId, 'move', request.isConfirmed, `move ${countWords(request.ids.length, 'entry', 'entries')} of ${request.origin} to ${request.dlqKey}`);
    if (!gate.ok) return gate;
    // Only a name the profile's templates tie to this origin: a dead letter elsewhere would not be found again.
    if (deadLetterOrigin(request.dlqKey, gate.value.templates) !== request.origin) {
      return fail('INVALID', `${request.dlqKey} is not a dead-letter stream of ${request.origin} by this profile's naming (${gate.value.templates.join(', ')}), so nothing was moved.`, { field: 'dlqKey' });
    }
    const slotRefusal = slotRefusalOf(gate.value.client, request.origin, request.dlqKey);
    if (slotRefusal !== null) {
      await this.audit(request.profileId, 'dlq-move', request.origin, request.ids, `Refused: ${slotRefusal}`, { group: request.group });
      return fail('INVALID', `${slotRefusal} Nothing was moved.`, { field: 'dlqKey' });
    }
    const reason = request.reason.trim() === '' ? 'moved by an operator' : request.reason;
    const outcomes = await this.attempt('move', request.origin, () => moveEntries(gate.value.client, { ...request, reason }));
    if (!outcomes.ok) {
      await this.audit(request.profileId, 'dlq-move', request.origin, request.ids, `Refused: ${outcomes.error.message}`, { group: request.group });
      return outcomes;
    }
    const moved = outcomes.value.filter((outcome) => outcome.state === 'moved');
    await this.audit(request.profileId, 'dlq-move', request.origin, moved.map((outcome) => outcome.id), summarizeMoves(outcomes.value, request.dlqKey), {
      group: request.group,
      target: request.dlqKey,
      deadLetterIds: moved.map((outcome) => (outcome.state === 'moved' ? outcome.deadLetterId : '')).slice(0, MAX_AUDITED_IDS),
    });
    return ok({ outcomes: outcomes.value });
  }

  async replay(request: { profileId: string; dlqKey: string; ids: string[]; isConfirmed: boolean }): Promise<Result<{ outcomes: ReplayOutcome[] }>> {
    const gate = await this.writeGate(request.profileId, 'replay', request.isConfirmed, `replay ${countWords(request.ids.length, 'dead letter')} from ${request.dlqKey}`);
    if (!gate.ok) return gate;
    const outcomes = await this.replayWith(gate.value, request.dlqKey, request.ids);
    if (!outcomes.ok) {
      await this.audit(request.profileId, 'dlq-replay', request.dlqKey, request.ids, `Refused: ${outcomes.error.message}`);
      return outcomes;
    }
    await this.auditReplays(request.profileId, request.dlqKey, outcomes.value);
    return ok({ outcomes: outcomes.value });
  }

  async discard(request: { profileId: string; dlqKey: string; ids: string[]; isConfirmed: boolean; typedConfirmation: string }): Promise<Result<{ deleted: number }>> {
    const typed = checkTyped(request.dlqKey, request.typedConfirmation);
    if (!typed.ok) return typed;
    const gate = await this.writeGate(request.profileId, 'discard', request.isConfirmed, `discard ${countWords(request.ids.length, 'dead letter')} of ${request.dlqKey}`);
    if (!gate.ok) return gate;
    const deleted = await this.attempt('discard', request.dlqKey, () => discardEntries(gate.value.client, request.dlqKey, request.ids));
    const summary = deleted.ok ? `Discarded ${countWords(deleted.value, 'dead letter')} of ${request.dlqKey}` : `Refused: ${deleted.error.message}`;
    await this.audit(request.profileId, 'dlq-discard', request.dlqKey, request.ids, summary);
    return deleted.ok ? ok({ deleted: deleted.value }) : deleted;
  }

  async plan(profileId: string, dlqKey: string, action: BulkAction, selection: BulkSelection): Promise<Result<BulkPlan>> {
    const gate = this.gate(profileId, 'read');
    if (!gate.ok) return gate;
    return this.attempt('read', dlqKey, () => planBulk(gate.value.client, dlqKey, deadLetterOrigin(dlqKey, gate.value.templates), action, selection));
  }

  /** For bulk runs: the same checks as a single request, ROLE last (masterGuard.ts). */
  async writeGate(profileId: string, action: DeadLetterAction, isConfirmed: boolean, what: string): Promise<Result<Gate>> {
    const gate = this.gate(profileId, action);
    if (!gate.ok) return gate;
    const { profile } = gate.value;
    if (profile.isReadOnly) {
      return fail('READ_ONLY', `"${profile.name}" is read-only, so Labwire will not ${what}. Turn off "read-only" in the profile to change dead letters.`);
    }
    if (!isConfirmed) return fail('NEEDS_CONFIRMATION', `Confirm to ${what}.`);
    const master = await this.masterGuard.confirmMaster(profileId, gate.value.client);
    return master.ok ? gate : master;
  }

  /** Replays on a gated client; a connection failure fails the whole batch (outcomes unknown). */
  async replayWith(gate: Gate, dlqKey: string, ids: readonly string[]): Promise<Result<ReplayOutcome[]>> {
    return this.attempt('replay', dlqKey, async () => {
      const raws = await readEntries(gate.client, dlqKey, ids);
      return replayEntries(gate.client, dlqKey, ids.map((id, index) => ({ id, raw: raws[index] ?? null })), deadLetterOrigin(dlqKey, gate.templates));
    });
  }

  /** Replays entries just read (a bulk run's chunk), without reading them again. */
  async replayRead(gate: Gate, dlqKey: string, items: readonly ReplayItem[]): Promise<Result<ReplayOutcome[]>> {
    return this.attempt('replay', dlqKey, () => replayEntries(gate.client, dlqKey, items, deadLetterOrigin(dlqKey, gate.templates)));
  }

  async auditReplays(profileId: string, dlqKey: string, outcomes: readonly ReplayOutcome[]): Promise<void> {
    const replayed = outcomes.filter((outcome) => outcome.state === 'replayed');
    await this.audit(profileId, 'dlq-replay', dlqKey, outcomes.map((outcome) => outcome.id), summarizeReplays(outcomes, dlqKey), {
      newIds: replayed.map((outcome) => (outcome.state === 'replayed' ? outcome.newId : '')).slice(0, MAX_AUDITED_IDS),
      targets: [...new Set(replayed.map((outcome) => (outcome.state === 'replayed' ? outcome.origin : '')))].slice(0, 20),
    });
  }

  async audit(profileId: string, action: 'dlq-move' | 'dlq-replay' | 'dlq-discard', stream: string, ids: readonly string[], summary: string, detail?: Record<string, string | number | boolean | readonly string[]>): Promise<void> {
    await this.options.audit.record({
      action,
      profileId,
      stream,
      ids: ids.slice(0, MAX_AUDITED_IDS),
      summary,
      detail: { ...detail, idCount: ids.length },
    });
  }

  private gate(profileId: string, action: DeadLetterAction): Result<Gate> {
    const profile = this.options.profileOf(profileId);
    if (!profile) return fail('NOT_FOUND', 'That connection profile no longer exists.');
    const client = this.options.clientOf(profileId);
    if (!client || client.status !== 'ready') return fail('NOT_CONNECTED', `"${profile.name}" is not connected, so Labwire cannot ${action} dead letters. Connect first.`);
    return ok({ profile, client, templates: deadLetterTemplatesOf(profile) });
  }

  private async attempt<T>(action: DeadLetterAction, key: string, run: () => Promise<T>): Promise<Result<T>> {
    try {
      return ok(await run());
    } catch (error) {
      const message = describeDeadLetterFailure(error, action, key);
      return fail(/NOPERM|no permissions|can't run/i.test(String(error)) ? 'NOPERM' : 'REDIS_ERROR', message, { detail: error instanceof Error ? error.message.slice(0, 500) : undefined });
    }
  }
}

export function checkTyped(dlqKey: string, typed: string | undefined): Result<true> {
  if (typed === dlqKey) return ok(true);
  return fail('NEEDS_CONFIRMATION', `Type the dead-letter stream's name, ${dlqKey}, to discard its entries. Nothing was discarded.`, { field: 'typedConfirmation' });
}

function summarizeMoves(outcomes: readonly MoveOutcome[], dlqKey: string): string {
  const moved = outcomes.filter((outcome) => outcome.state === 'moved').length;
  const notPending = outcomes.filter((outcome) => outcome.state === 'not-pending').length;
  const failed = outcomes.length - moved - notPending;
  return `Moved ${countWords(moved, 'entry', 'entries')} to ${dlqKey}` + (notPending ? `, ${notPending} no longer pending` : '') + (failed ? `, ${failed} failed` : '');
}

export function summarizeReplays(outcomes: readonly ReplayOutcome[], dlqKey: string): string {
  const tally = { replayed: 0, already: 0, missing: 0, failed: 0 };
  for (const outcome of outcomes) tally[outcome.state]++;
  return (
    `Replayed ${countWords(tally.replayed, 'dead letter')} from ${dlqKey}` +
    (tally.already ? `, ${tally.already} already replayed` : '') +
    (tally.missing ? `, ${tally.missing} not found` : '') +
    (tally.failed ? `, ${tally.failed} failed` : '')
  );
}
