import type { SimulatorStatus } from '../../../../shared/simulator';
import { countWords, formatCount } from '../../../../shared/countWords';
import { formatClockTime } from '../../format/formatClockTime';

/** Each skip count says what it counts: messages the server was too slow to take, or EEG samples never made. */
function describeSkips(status: Extract<SimulatorStatus, { state: 'running' }>): string {
  const parts: string[] = [];
  if (status.skippedMessages > 0) parts.push(`${countWords(status.skippedMessages, 'message')} not sent because too many publishes were waiting for the server`);
  if (status.skippedEegSamples > 0) parts.push(`${countWords(status.skippedEegSamples, 'EEG sample')} not made because the generator was held up`);
  return parts.map((part) => `, ${part}`).join('');
}

function describeRunning(status: Extract<SimulatorStatus, { state: 'running' }>): string {
  const counts = `${formatCount(status.published)} published, ${formatCount(status.failed)} failed`;
  return `Publishing since ${formatClockTime(status.since)}: ${counts}${describeSkips(status)}.`;
}

/** With no server nothing is published: the count is of messages made here (handed to lanes and plots, if any listen). */
function describeGenerating(status: Extract<SimulatorStatus, { state: 'running' }>): string {
  return `Generating on this computer since ${formatClockTime(status.since)}: ${countWords(status.published, 'message')} made${describeSkips(status)}. No server receives them.`;
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
