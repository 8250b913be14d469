import { useState, type FormEvent } from 'react';
import type { TrimCheck, TrimLimit } from '../../../../../shared/features/streamGroupsContract';
import { callBus } from '../../../api/callBus';
import { describeError } from '../../../api/requestError';
import { Notice } from '../../../components/Notice';
import { useLabwireApi } from '../../../transport/transportContext';
import { auditSentence } from './actionOutcome';

interface TrimGuardProps {
  profileId: string;
  streamKey: string;
  lockedBecause: string | null;
  onDone(): void;
}

type TrimState =
  | { step: 'idle' }
  | { step: 'checked'; limit: TrimLimit; check: TrimCheck }
  | { step: 'done'; text: string; tone: 'success' | 'warning' }
  | { step: 'failed'; text: string };

/** Trim with a guard: first what would go and how much of it is still pending, then the trim, with the loss accepted explicitly. */
export function TrimGuard({ profileId, streamKey, lockedBecause, onDone }: TrimGuardProps) {
  const api = useLabwireApi();
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<TrimState>({ step: 'idle' });
  const [isLossAccepted, setIsLossAccepted] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const limit = parseLimit(typed);

  const check = (event: FormEvent): void => {
    event.preventDefault();
    if (!limit) return;
    setIsBusy(true);
    setIsLossAccepted(false);
    callBus(api, 'groups:trimCheck', { profileId, key: streamKey, limit })
      .then((answer) => setState({ step: 'checked', limit, check: answer }), (error: unknown) => setState({ step: 'failed', text: describeError(error) }))
      .finally(() => setIsBusy(false));
  };
  const trim = (checked: Extract<TrimState, { step: 'checked' }>): void => {
    setIsBusy(true);
    callBus(api, 'groups:trim', { profileId, key: streamKey, limit: checked.limit, isConfirmed: true, isLossAccepted })
      .then(
        (answer) => {
          const auditProblem = auditSentence(answer.audit);
          setState({ step: 'done', tone: auditProblem || answer.pendingCut > 0 ? 'warning' : 'success', text: `Removed ${answer.removed} entries.${auditProblem ? ` ${auditProblem}` : ''}` });
          onDone();
        },
        (error: unknown) => setState({ step: 'failed', text: describeError(error) }),
      )
      .finally(() => setIsBusy(false));
  };

  return (
    <details className="trim-guard">
      <summary>Trim this stream…</summary>
      <form className="pending-filters" onSubmit={check}>
        <label>
          Keep the newest (entries) or from id on
          <input value={typed} placeholder="e.g. 10000 or 1712345678901-0" onChange={(event) => setTyped(event.target.value)} />
        </label>
        <button type="submit" disabled={!limit || isBusy}>
          Check what would go
        </button>
      </form>
      {state.step === 'checked' && (
        <Notice tone={state.check.totalPendingCut > 0 ? 'warning' : 'info'}>
          <p>{state.check.warning}</p>
          {state.check.totalPendingCut > 0 && (
            <label className="checkbox-label">
              <input type="checkbox" checked={isLossAccepted} onChange={(event) => setIsLossAccepted(event.target.checked)} /> I accept losing {state.check.totalPendingCut} pending entries
            </label>
          )}
          <div className="button-row">
            <button
              type="button"
              className="danger"
              disabled={lockedBecause !== null || isBusy || state.check.wouldRemove === 0 || (state.check.totalPendingCut > 0 && !isLossAccepted)}
              title={lockedBecause ?? undefined}
              onClick={() => trim(state)}
            >
              Trim {state.check.wouldRemove} entries
            </button>
          </div>
        </Notice>
      )}
      {state.step === 'done' && <Notice tone={state.tone}>{state.text}</Notice>}
      {state.step === 'failed' && (
        <Notice tone="error" role="alert">
          {state.text}
        </Notice>
      )}
    </details>
  );
}

/** "10000" keeps that many newest entries; an entry id keeps that id and newer. */
function parseLimit(text: string): TrimLimit | null {
  const trimmed = text.trim();
  if (/^\d{1,15}$/.test(trimmed)) return { kind: 'maxLen', maxLen: Number(trimmed) };
  if (/^\d{1,20}-\d{1,20}$/.test(trimmed)) return { kind: 'minId', minId: trimmed };
  return null;
}
