/**
 * Replay or discard dead letters in bulk, always in three steps: a dry run
 * that says what would go where, a confirmation (for discard: the stream's
 * name typed), then the paced run with a progress bar, Stop, and a summary.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { BulkAction, BulkPlan, BulkRunStatus, BulkSelection } from '../../../../../shared/features/deadLettersContract';
import type { Profile } from '../../../../../shared/profile';
import { formatCount } from '../../../../../shared/countWords';
import { callBus } from '../../../api/callBus';
import { describeError } from '../../../api/requestError';
import { Notice } from '../../../components/Notice';
import { useLabwireApi } from '../../../transport/transportContext';
import { clusterSlotNote } from './clusterSlotNote';
import { deadLetterKeys, useBulkRunStatus } from './useDeadLetters';

interface BulkActionBarProps {
  profile: Profile;
  dlqKey: string;
  selectedIds: readonly string[];
  /** All dead letters in the stream (XLEN), as last read by the page or the stream list, whichever is newer: what "all" means. */
  total: number;
  onDidFinish(): void;
}

type Step = { step: 'idle' } | { step: 'planned'; plan: BulkPlan; selection: BulkSelection } | { step: 'running'; started: BulkRunStatus };

export function BulkActionBar({ profile, dlqKey, selectedIds, total, onDidFinish }: BulkActionBarProps) {
  const api = useLabwireApi();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ step: 'idle' });
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isWaiting, setIsWaiting] = useState(false);
  const status = useBulkRunStatus(step.step === 'running' ? step.started : null);
  const isOver = status !== null && status.state !== 'running' && status.state !== 'stopping';
  // Once a run ends the page and counts are stale: read them again so the numbers agree with the summary.
  useEffect(() => {
    if (isOver) void queryClient.invalidateQueries({ queryKey: deadLetterKeys.all(profile.id) });
  }, [isOver, queryClient, profile.id]);

  const dryRun = async (action: BulkAction, selection: BulkSelection): Promise<void> => {
    setError(null);
    setTyped('');
    setIsWaiting(true);
    try {
      setStep({ step: 'planned', plan: await callBus(api, 'dlq:bulkPlan', { profileId: profile.id, dlqKey, action, selection }), selection });
    } catch (caught) {
      setError(caught);
    } finally {
      setIsWaiting(false);
    }
  };

  const run = async (plan: BulkPlan, selection: BulkSelection): Promise<void> => {
    setError(null);
    setIsWaiting(true);
    try {
      const started = await callBus(api, 'dlq:bulkRun', {
        profileId: profile.id,
        dlqKey,
        action: plan.action,
        selection,
        isConfirmed: true,
        ...(plan.action === 'discard' ? { typedConfirmation: typed } : {}),
      });
      setStep({ step: 'running', started });
    } catch (caught) {
      setError(caught);
    } finally {
      setIsWaiting(false);
    }
  };

  const close = (): void => {
    setStep({ step: 'idle' });
    void queryClient.invalidateQueries({ queryKey: deadLetterKeys.all(profile.id) });
    onDidFinish();
  };

  const selection: BulkSelection = { kind: 'ids', ids: [...selectedIds] };
  const isIdle = step.step === 'idle';
  const slotNote = step.step === 'planned' ? clusterSlotNote(step.plan, profile.topology.mode) : null;
  return (
    <div className="dlq-actions">
      {profile.isReadOnly ? (
        <p className="muted">This profile is read-only: dead letters can be looked at, not replayed or discarded.</p>
      ) : (
        <div className="button-row">
          <button type="button" className="primary" disabled={!isIdle || selectedIds.length === 0 || isWaiting} onClick={() => void dryRun('replay', selection)}>
            Replay selected ({formatCount(selectedIds.length)})…
          </button>
          <button type="button" disabled={!isIdle || total === 0 || isWaiting} onClick={() => void dryRun('replay', { kind: 'all' })}>
            Replay all {formatCount(total)}…
          </button>
          <button type="button" className="danger" disabled={!isIdle || selectedIds.length === 0 || isWaiting} onClick={() => void dryRun('discard', selection)}>
            Discard selected ({formatCount(selectedIds.length)})…
          </button>
        </div>
      )}
      {step.step === 'planned' && (
        <section className="dlq-plan" aria-label="Dry run">
          <h4>Dry run: nothing has changed yet</h4>
          <p data-testid="dlq-plan-summary">{step.plan.summary}</p>
          {slotNote !== null && <Notice tone="warning">{slotNote}</Notice>}
          {step.plan.action === 'discard' && (
            <label className="dlq-typed">
              Type <code>{dlqKey}</code> to discard for good
              <input value={typed} onChange={(event) => setTyped(event.target.value)} aria-label="Type the dead-letter stream's name to confirm" />
            </label>
          )}
          <div className="button-row">
            <button type="button" onClick={() => setStep({ step: 'idle' })}>
              Cancel
            </button>
            <button
              type="button"
              className={step.plan.action === 'discard' ? 'danger' : 'primary'}
              disabled={step.plan.total === 0 || isWaiting || (step.plan.action === 'discard' && typed !== dlqKey)}
              onClick={() => void run(step.plan, step.selection)}
            >
              {step.plan.action === 'replay' ? `Replay ${formatCount(step.plan.total)}` : `Discard ${formatCount(step.plan.total)}`}
            </button>
          </div>
        </section>
      )}
      {step.step === 'running' && status && <RunProgress status={status} onStop={() => void callBus(api, 'dlq:bulkStop', { runId: status.runId }).catch(setError)} />}
      {isOver && (
        <div className="button-row">
          <button type="button" onClick={close}>
            Done
          </button>
        </div>
      )}
      {error !== null && (
        <Notice tone="error" role="alert">
          {describeError(error)}
        </Notice>
      )}
    </div>
  );
}

function RunProgress({ status, onStop }: { status: BulkRunStatus; onStop(): void }) {
  const handled = status.done + status.already + status.failed;
  const verb = status.action === 'replay' ? 'replayed' : 'discarded';
  const isActive = status.state === 'running' || status.state === 'stopping';
  return (
    <section className="dlq-run" aria-label="Bulk run">
      <progress max={Math.max(status.planned, handled, 1)} value={handled} aria-label="Bulk run progress" />
      <p data-testid="dlq-run-summary" role="status">
        {runHeadline(status)}: {formatCount(status.done)} {verb}, {formatCount(status.already)} already done, {formatCount(status.failed)} failed
        {status.planned > 0 ? ` (of ${formatCount(status.planned)} planned)` : ''}.
      </p>
      {status.problem && <Notice tone="error">{status.problem}</Notice>}
      {status.failures.length > 0 && (
        <details>
          <summary>Why {status.failed === 1 ? 'one failed' : `${status.failed} failed`}</summary>
          <ul>
            {status.failures.map((failure) => (
              <li key={failure.id}>
                <code>{failure.id}</code>: {failure.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {isActive && (
        <button type="button" onClick={onStop} disabled={status.state === 'stopping'}>
          {status.state === 'stopping' ? 'Stopping…' : 'Stop'}
        </button>
      )}
    </section>
  );
}

function runHeadline(status: BulkRunStatus): string {
  switch (status.state) {
    case 'running':
      return 'Running';
    case 'stopping':
      return 'Stopping after this chunk';
    case 'stopped':
      return 'Stopped';
    case 'finished':
      return 'Finished';
    case 'failed':
      return 'Ended early';
  }
}
