import type { SimulatorStatus } from '../../../../shared/simulator';
import { formatClockTime } from '../../format/formatClockTime';

const counterFormat = new Intl.NumberFormat('en');

function describeRunning(status: Extract<SimulatorStatus, { state: 'running' }>): string {
  const counts = `${counterFormat.format(status.published)} published, ${counterFormat.format(status.failed)} failed`;
  const skipped = status.skipped > 0 ? `, ${counterFormat.format(status.skipped)} skipped because publishing fell behind` : '';
  return `Publishing since ${formatClockTime(status.since)}: ${counts}${skipped}.`;
}

export function SimulatorStatusLine({ status }: { status: SimulatorStatus | undefined }) {
  return (
    <p className="simulator-status" role="status" aria-live="polite" data-testid="simulator-status">
      {status?.state === 'running' ? describeRunning(status) : 'Not publishing.'}
    </p>
  );
}
