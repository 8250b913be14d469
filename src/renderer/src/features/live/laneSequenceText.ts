/** What a lane's sequence checks and a gap's lost numbers say, in the words the lane card and the feed show. */
import { DEFAULT_SEQUENCE_FIELDS, type FeedGap, type Lane } from '../../../../shared/liveChannels';
import { countWords, formatCount } from '../../../../shared/countWords';

/** "Sequence (seq): 12 missing · 3 out of order", with a tooltip saying what each counts; null until a number was checked. */
export function laneSequenceLine(lane: Lane): { text: string; title: string } | null {
  const sequence = lane.sequence;
  if (!sequence || sequence.checked === 0) return null;
  const parts = [`${formatCount(sequence.missing)} missing`, `${formatCount(sequence.outOfOrder)} out of order`];
  if (sequence.duplicates > 0) parts.push(countWords(sequence.duplicates, 'repeat'));
  if (sequence.restarts > 0) parts.push(countWords(sequence.restarts, 'restart'));
  if (sequence.channelsUntracked > 0) parts.push(`${countWords(sequence.channelsUntracked, 'channel')} not checked`);
  const title = [
    `Each channel's messages carry a number in "${sequence.field}"; ${countWords(sequence.checked, 'message was', 'messages were')} checked.`,
    'Missing: numbers skipped and never received (lost while the lane listened).',
    'Out of order: messages that arrived after a higher number had.',
    'Repeats: numbers received more than once.',
    'Restarts: a sender started counting again (back to its start, or a jump no loss explains); not counted as missing.',
    sequence.channelsUntracked > 0 ? 'Channels not checked: a lane follows the numbers of at most 1,000 channels.' : '',
  ].filter((line) => line !== '');
  return { text: `Sequence (${sequence.field}): ${parts.join(' · ')}`, title: title.join('\n') };
}

/** The hint under the lane's sequence field. */
export function sequenceFieldHint(setting: string | undefined): string {
  if (setting === '') return 'Sequence numbers are not checked on this lane.';
  if (setting === undefined) return `Looks for a number in ${DEFAULT_SEQUENCE_FIELDS.join(', ')}; the first found on each channel is used.`;
  return `Reads sequence numbers from "${setting}".`;
}

/** " 17 messages lost during this gap, by their sequence numbers." when known; '' otherwise. */
export function gapLostText(gap: FeedGap): string {
  const lost = gap.lostBySequence;
  if (lost === undefined) return '';
  return ` ${countWords(lost, 'message')} lost during this gap, by their sequence numbers.`;
}
