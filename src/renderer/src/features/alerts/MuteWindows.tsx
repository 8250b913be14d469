/** Scheduled mute windows (maintenance): listed while not over, and a form to add one. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MuteWindow } from '../../../../shared/features/alertsContract';
import { useBusMutation } from '../../api/useBusMutation';
import { formatClockMinutes, formatLocalDate } from '../../format/formatClockTime';
import { alertsQueryKeys } from './alertsQueryKeys';
import { dateTime } from './alertWords';
import { useOperatorName } from './useOperatorName';

export function MuteWindows({ profileId, mutes }: { profileId: string; mutes: readonly MuteWindow[] }) {
  const [isAdding, setIsAdding] = useState(false);
  return (
    <div className="mute-windows">
      {mutes.map((mute) => (
        <p key={`${mute.from}-${mute.until}-${mute.operator}`} className="mute-window" data-testid="mute-window">
          All alerts muted {dateTime(mute.from)} to {dateTime(mute.until)} by {mute.operator}
          {mute.reason ? `: ${mute.reason}` : ''}
        </p>
      ))}
      {isAdding ? (
        <MuteForm profileId={profileId} onDone={() => setIsAdding(false)} />
      ) : (
        <button type="button" className="button" onClick={() => setIsAdding(true)}>
          Schedule a mute window
        </button>
      )}
    </div>
  );
}

/** `datetime-local` text for an epoch ms, in the browser's time zone. */
function localInputValue(epochMs: number): string {
  return `${formatLocalDate(epochMs)}T${formatClockMinutes(epochMs)}`;
}

function MuteForm({ profileId, onDone }: { profileId: string; onDone(): void }) {
  const queryClient = useQueryClient();
  const [operator, setOperator] = useOperatorName();
  const [times] = useState(() => ({ from: Date.now(), until: Date.now() + 3_600_000 }));
  const [from, setFrom] = useState(() => localInputValue(times.from));
  const [until, setUntil] = useState(() => localInputValue(times.until));
  const [reason, setReason] = useState('');
  const schedule = useBusMutation('alerts:scheduleMute');
  const fromMs = new Date(from).getTime();
  const untilMs = new Date(until).getTime();
  const problem = Number.isNaN(fromMs) || Number.isNaN(untilMs) ? 'Enter both times.' : untilMs <= fromMs ? 'The end must come after the start.' : null;
  const submit = (): void => {
    if (problem) return;
    schedule.mutate(
      { profileId, from: fromMs, until: untilMs, operator, reason },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: alertsQueryKeys.all });
          onDone();
        },
      },
    );
  };
  return (
    <form className="alert-form" onSubmit={(event) => (event.preventDefault(), submit())} aria-label="Schedule a mute window">
      <label>
        From <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} required />
      </label>
      <label>
        until <input type="datetime-local" value={until} onChange={(event) => setUntil(event.target.value)} required />
      </label>
      <label>
        Your name <input value={operator} onChange={(event) => setOperator(event.target.value)} maxLength={200} required />
      </label>
      <label className="alert-form-wide">
        Reason <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={2000} placeholder="e.g. pump maintenance" />
      </label>
      <button type="submit" className="button primary" disabled={schedule.isPending || operator.trim() === '' || problem !== null}>
        Mute all alerts
      </button>
      <button type="button" className="button" onClick={onDone}>
        Cancel
      </button>
      {(problem ?? schedule.error) && <span className="field-problem">{problem ?? schedule.error?.message}</span>}
    </form>
  );
}
