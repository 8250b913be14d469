import type { SimulatorStatus } from '../../../../shared/simulator';
import { formatClockTime } from '../../format/formatClockTime';

const counterFormat = new Intl.NumberFormat('en');

function describeRunning(status: Extract<SimulatorStatus, { state: 'running' }>): string {
  const counts = `${counterFormat.format(status.published)} published, ${counterFormat.format(status.failed)} failed`;
  const skipped = status.skipped > 0 ? `, ${counterFormat.format(status.skipped)} skipped because publishing fell behind` : '';
  return `Publishing since ${formatClockTime(status.since)}: ${counts}${skipped}.`;
}

/** With no server nothing is published: the count is of messages made here (handed to lanes and plots, if any listen). */
function describeGenerating(status: Extract<SimulatorStatus, { state: 'running' }>): string {
  const skipped = status.skipped > 0 ? `, ${counterFormat.format(status.skipped)} skipped because the generator fell behind` : '';
  return `Generating on this computer since ${formatClockTime(status.since)}: ${counterFormat.format(status.published)} messages made${skipped}. No server receives them.`;
}

export function SimulatorStatusLine({ status, hasNoServer }: { status: SimulatorStatus | undefined; hasNoServer: boolean }) {
  let text = hasNoServer ? 'Not generating.' : 'Not publishing.';
  if (status?.state === 'running') text = hasNoServer ? describeGenerating(status) : describeRunning(status);
  return (
    <p className="simulator-status" role="status" aria-live="polite" data-testid="simulator-status">
      {text}
    </p>
  );
}
