/**
 * Bulk replay or discard, paced: one chunk at a time, yielding to the event
 * loop between chunks so the bus keeps answering, with progress events and
 * a stop that takes effect after the chunk in flight.
 *
 * Ownership: a run is NOT a client resource. Closing the window that
 * started it does not stop it: a silent stop would leave half a replay with
 * no summary. It runs to its end (or a stop from any client, or the
 * profile closing) and its final status stays readable (dlq:bulkStatus) and
 * audited.
 */
import { randomUUID } from 'node:crypto';
import type { BulkRunRequest, BulkRunStatus, DeadLettersEvent, ReplayOutcome } from '../../../shared/features/deadLettersContract';
import { fail, ok, type Result } from '../../../shared/result';
import { describeDeadLetterFailure } from './deadLetterFailures';
import type { ReplayItem } from './deadLetterOperations';
import { checkTyped, type DeadLetterService, type Gate } from './deadLetterService';
import { countWords } from '../../../shared/countWords';

/**
 * Entries per chunk: one pipeline of reads and one of scripts.
 * Motivation: bench dlq-bulk-replay (20,000 entries, quick): 100 per chunk gave 0.73 of the bare rate, 500 gave 0.40
 * (bigger pipelines wait longer on the single-threaded server and churn more garbage at once).
 */
export const BULK_CHUNK = 100;
/** Failures kept with their reasons; the count goes on. */
export const MAX_FAILURES_KEPT = 50;
/** Finished runs whose status stays readable. */
export const MAX_RUNS_KEPT = 20;
/** Progress events at most this often (the last one always). */
const PROGRESS_INTERVAL_MS = 100;

type RawEntry = [Buffer, Buffer[]];

interface Run {
  status: BulkRunStatus;
  finished: Promise<void>;
  isStopRequested: boolean;
}

export class BulkRuns {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly service: DeadLetterService,
    private readonly emitEvent: (event: DeadLettersEvent) => void,
  ) {}

  async start(request: BulkRunRequest): Promise<Result<BulkRunStatus>> {
    if (request.action === 'discard') {
      const typed = checkTyped(request.dlqKey, request.typedConfirmation);
      if (!typed.ok) return typed;
    }
    const what = `${request.action} ${request.selection.kind === 'all' ? 'every entry' : countWords(request.selection.ids.length, 'entry', 'entries')} of ${request.dlqKey}`;
    const gate = await this.service.writeGate(request.profileId, request.action, request.isConfirmed, what);
    if (!gate.ok) return gate;
    for (const run of this.runs.values()) {
      if (run.status.profileId === request.profileId && run.status.dlqKey === request.dlqKey && isActive(run.status)) {
        return fail('INVALID', `A bulk ${run.status.action} of ${request.dlqKey} is already running; stop it or wait for it to end.`);
      }
    }
    // A whole stream counts by XLEN: the dry run already read it, and reading 100,000 entries twice costs seconds.
    const plan =
      request.selection.kind === 'all'
        ? { ok: true as const, value: { total: await gate.value.client.xlen(request.dlqKey).catch(() => 0), alreadyReplayed: 0 } }
        : await this.service.plan(request.profileId, request.dlqKey, request.action, request.selection);
    if (!plan.ok) return plan;
    const status: BulkRunStatus = {
      runId: randomUUID(),
      profileId: request.profileId,
      dlqKey: request.dlqKey,
      action: request.action,
      state: 'running',
      planned: plan.value.total + (request.action === 'replay' ? plan.value.alreadyReplayed : 0),
      done: 0,
      already: 0,
      failed: 0,
      failures: [],
    };
    const run: Run = { status, isStopRequested: false, finished: Promise.resolve() };
    run.finished = this.execute(run, gate.value, request);
    this.runs.set(status.runId, run);
    this.forgetOldRuns();
    return ok({ ...status, failures: [...status.failures] });
  }

  stop(runId: string): Result<BulkRunStatus> {
    const run = this.runs.get(runId);
    if (!run) return fail('NOT_FOUND', 'That bulk run is not known (it ended long ago, or Labwire restarted).');
    if (run.status.state === 'running') {
      run.isStopRequested = true;
      run.status.state = 'stopping';
      this.emit(run);
    }
    return ok(snapshot(run.status));
  }

  status(runId: string): Result<BulkRunStatus> {
    const run = this.runs.get(runId);
    return run ? ok(snapshot(run.status)) : fail('NOT_FOUND', 'That bulk run is not known (it ended long ago, or Labwire restarted).');
  }

  /** Stops the profile's runs (its connection is closing) and waits for their chunk in flight. */
  async closeProfile(profileId: string): Promise<void> {
    const ending = [...this.runs.values()].filter((run) => run.status.profileId === profileId && isActive(run.status));
    for (const run of ending) run.isStopRequested = true;
    await Promise.all(ending.map((run) => run.finished));
  }

  async dispose(): Promise<void> {
    for (const run of this.runs.values()) run.isStopRequested = true;
    await Promise.all([...this.runs.values()].map((run) => run.finished));
  }

  private async execute(run: Run, gate: Gate, request: BulkRunRequest): Promise<void> {
    const { status } = run;
    let lastEmitMs = 0;
    let cursor = '-';
    let offset = 0;
    try {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (run.isStopRequested) break;
        let ids: string[];
        let read: ReplayItem[] | null = null;
        if (request.selection.kind === 'ids') {
          ids = request.selection.ids.slice(offset, offset + BULK_CHUNK);
          offset += ids.length;
        } else {
          const chunk = (await gate.client.xrangeBuffer(request.dlqKey, cursor, '+', 'COUNT', BULK_CHUNK)) as unknown as RawEntry[];
          read = chunk.map(([id, raw]) => ({ id: id.toString('latin1'), raw }));
          ids = read.map((item) => item.id);
          // Exclusive from the last id seen: entries that failed stay behind and are not met again.
          if (ids.length > 0) cursor = `(${ids[ids.length - 1]!}`;
        }
        if (ids.length === 0) break;
        if (request.action === 'replay') await this.replayChunk(run, gate, request.dlqKey, ids, read);
        else await this.discardChunk(run, gate, request.dlqKey, ids);
        if (Date.now() - lastEmitMs >= PROGRESS_INTERVAL_MS) {
          lastEmitMs = Date.now();
          this.emit(run);
        }
      }
      status.state = run.isStopRequested ? 'stopped' : 'finished';
    } catch (error) {
      status.state = 'failed';
      status.problem = describeDeadLetterFailure(error, request.action, request.dlqKey);
    }
    this.emit(run);
    const verb = request.action === 'replay' ? 'Replayed' : 'Discarded';
    await this.service.audit(
      request.profileId,
      request.action === 'replay' ? 'dlq-replay' : 'dlq-discard',
      request.dlqKey,
      request.selection.kind === 'ids' ? request.selection.ids : [],
      `Bulk run ${status.state}: ${verb} ${countWords(status.done, 'dead letter')} of ${request.dlqKey}` +
        (status.already ? `, ${status.already} already done` : '') +
        (status.failed ? `, ${status.failed} failed` : '') +
        (status.problem ? ` (${status.problem})` : ''),
      { runId: status.runId, selection: request.selection.kind, done: status.done, already: status.already, failed: status.failed },
    );
  }

  /** `read`: the chunk's entries when the run read them itself (a whole-stream run), else they are read by id. */
  private async replayChunk(run: Run, gate: Gate, dlqKey: string, ids: readonly string[], read: readonly ReplayItem[] | null): Promise<void> {
    const outcomes = read ? await this.service.replayRead(gate, dlqKey, read) : await this.service.replayWith(gate, dlqKey, ids);
    if (!outcomes.ok) throw new Error(outcomes.error.detail ?? outcomes.error.message);
    for (const outcome of outcomes.value) tally(run.status, outcome);
  }

  private async discardChunk(run: Run, gate: Gate, dlqKey: string, ids: readonly string[]): Promise<void> {
    const deleted = await gate.client.xdel(dlqKey, ...ids);
    run.status.done += deleted;
    run.status.already += ids.length - deleted;
  }

  private emit(run: Run): void {
    this.emitEvent({ type: 'dlq:bulkProgress', status: snapshot(run.status) });
  }

  private forgetOldRuns(): void {
    const ended = [...this.runs.values()].filter((run) => !isActive(run.status));
    for (const run of ended.slice(0, Math.max(0, this.runs.size - MAX_RUNS_KEPT))) this.runs.delete(run.status.runId);
  }
}

function tally(status: BulkRunStatus, outcome: ReplayOutcome): void {
  switch (outcome.state) {
    case 'replayed':
      status.done++;
      return;
    case 'already':
    case 'missing':
      // Missing in a run: another operator or an earlier run took it already; nothing was added.
      status.already++;
      return;
    case 'failed':
      status.failed++;
      if (status.failures.length < MAX_FAILURES_KEPT) status.failures.push({ id: outcome.id, message: outcome.message });
  }
}

function isActive(status: BulkRunStatus): boolean {
  return status.state === 'running' || status.state === 'stopping';
}

function snapshot(status: BulkRunStatus): BulkRunStatus {
  return { ...status, failures: [...status.failures] };
}
