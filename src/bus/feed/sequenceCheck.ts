/**
 * A lane's sequence checks: for each channel it receives (a pattern lane
 * holds many) the numbers its messages carry are followed by one
 * SequenceTracker (decode/sequenceGaps.ts, the device bridges' mechanism).
 *
 * Without a field set, each channel tries DEFAULT_SEQUENCE_FIELDS on its
 * first messages and keeps the first one found; a channel whose first
 * DETECT_MESSAGES carry none is left alone, so a lane of unnumbered
 * messages decodes only those few for this. Bounded: MAX_SEQUENCE_CHANNELS
 * channels per lane, further ones counted (up to MAX_UNTRACKED_COUNTED).
 */
import { parseSingleFieldPath, type FieldPathStep } from '../../shared/fieldPath';
import { DEFAULT_SEQUENCE_FIELDS, MAX_SEQUENCE_CHANNELS, type LaneSequence } from '../../shared/liveChannels';
import { fail, ok, type Result } from '../../shared/result';
import { readSequence, SequenceTracker } from '../decode/sequenceGaps';

/** A channel with no number at any default field in this many messages is not checked. */
const DETECT_MESSAGES = 16;
/** Untracked channels are remembered by name to count them once; past this many they are not counted further. */
const MAX_UNTRACKED_COUNTED = 10_000;
/** Field names listed in LaneSequence.field. */
const MAX_FIELDS_LISTED = 3;

interface PathChoice {
  text: string;
  steps: FieldPathStep[];
}

const DEFAULT_PATHS: readonly PathChoice[] = DEFAULT_SEQUENCE_FIELDS.map((text) => {
  const steps = parseSingleFieldPath(text);
  if (!steps.ok) throw new Error(`Labwire's default sequence field ${text} does not parse.`);
  return { text, steps: steps.value };
});

/** One channel's numbers, as one lane sees them. */
export interface ChannelSequence {
  /** The field found (or set); null while still looking. */
  path: PathChoice | null;
  /** Messages left to look at for a field; 0 with no path: the channel is not checked. */
  probesLeft: number;
  readonly tracker: SequenceTracker;
  /** The feed's closed-gap count when this channel last had a number: a higher count means its next number spans a gap. */
  gapsSeen: number;
}

export class LaneSequenceCheck {
  private readonly channels = new Map<string, ChannelSequence>();
  private readonly untracked = new Set<string>();
  private readonly fieldsFound = new Set<string>();
  private readonly counts = { checked: 0, missing: 0, outOfOrder: 0, duplicates: 0, restarts: 0 };
  private fixedPath: PathChoice | null = null;

  /** undefined: the default fields; '' for none; or a field path (setField). */
  private setting: string | undefined = undefined;

  get field(): string | undefined {
    return this.setting;
  }

  /** A new field (or '' for none, undefined for the defaults) starts the counts again; a path that cannot be read is refused in words. */
  setField(setting: string | undefined): Result<void> {
    let fixed: PathChoice | null = null;
    const text = setting?.trim();
    if (text !== undefined && text !== '') {
      const steps = parseSingleFieldPath(text);
      if (!steps.ok) return fail('INVALID', `The sequence field: ${steps.error.message}`, { field: 'sequenceField' });
      fixed = { text, steps: steps.value };
    }
    this.setting = text;
    this.fixedPath = fixed;
    this.channels.clear();
    this.untracked.clear();
    this.fieldsFound.clear();
    if (fixed) this.fieldsFound.add(fixed.text);
    Object.assign(this.counts, { checked: 0, missing: 0, outOfOrder: 0, duplicates: 0, restarts: 0 });
    return ok(undefined);
  }

  /** The channel's check when it wants this message's decoded value; null when the message is not checked (off, not numbered, untracked). */
  channelFor(channelKey: string): ChannelSequence | null {
    if (this.setting === '') return null;
    let channel = this.channels.get(channelKey);
    if (!channel) {
      if (this.channels.size >= MAX_SEQUENCE_CHANNELS) {
        if (this.untracked.size < MAX_UNTRACKED_COUNTED) this.untracked.add(channelKey);
        return null;
      }
      channel = { path: this.fixedPath, probesLeft: DETECT_MESSAGES, tracker: new SequenceTracker(), gapsSeen: -1 };
      this.channels.set(channelKey, channel);
    }
    return channel.path !== null || channel.probesLeft > 0 ? channel : null;
  }

  /**
   * Counts the number in `value` (the message decoded). `closedGaps`: how
   * many feed gaps have closed. Returns the numbers missing across the most
   * recent gap that this message is the first to show (0 mostly).
   */
  observe(channel: ChannelSequence, value: unknown, closedGaps: number): number {
    const sequence = this.read(channel, value);
    if (sequence === null) return 0;
    const counts = this.counts;
    counts.checked++;
    const isFirstAfterGap = channel.gapsSeen >= 0 && channel.gapsSeen < closedGaps;
    channel.gapsSeen = closedGaps;
    const seen = channel.tracker.observe(sequence);
    switch (seen.kind) {
      case 'next':
        counts.missing += seen.missing;
        return isFirstAfterGap ? seen.missing : 0;
      case 'late':
        counts.outOfOrder++;
        // It was counted missing when a higher number passed it: it was not lost after all.
        if (seen.wasCountedMissing) counts.missing--;
        return 0;
      case 'duplicate':
        counts.duplicates++;
        return 0;
      case 'restart':
        counts.restarts++;
        return 0;
      case 'none':
        return 0;
    }
  }

  /** What the lane shows; undefined until a number was read. */
  state(): LaneSequence | undefined {
    if (this.counts.checked === 0 && this.untracked.size === 0) return undefined;
    return { field: [...this.fieldsFound].join(', '), ...this.counts, channelsUntracked: this.untracked.size };
  }

  private read(channel: ChannelSequence, value: unknown): number | null {
    if (channel.path !== null) return readSequence(value, channel.path.steps);
    channel.probesLeft--;
    for (const path of DEFAULT_PATHS) {
      const sequence = readSequence(value, path.steps);
      if (sequence === null) continue;
      channel.path = path;
      if (this.fieldsFound.size < MAX_FIELDS_LISTED) this.fieldsFound.add(path.text);
      return sequence;
    }
    return null;
  }
}
