/** A lane as the bus keeps it, and the Lane the contract shows. */
import type { FeedFilter } from '../../shared/feedFilter';
import type { DecoderChoice, Lane, LaneTarget } from '../../shared/liveChannels';
import type { SourceSubscription } from '../sources/messageSource';
import type { LaneFilterRun } from './laneFilterScan';
import type { PauseBuffer } from './pauseBuffer';
import type { LaneSequenceCheck } from './sequenceCheck';

export interface LaneRecord {
  readonly id: string;
  readonly profileId: string;
  readonly target: LaneTarget;
  decoder: DecoderChoice;
  /** As the user typed it; '' for none. */
  filterText: string;
  filter: FeedFilter;
  /** The current filter's search of the messages held when it was set; null without a filter. */
  filterRun: LaneFilterRun | null;
  readonly subscription: SourceSubscription;
  isPaused: boolean;
  readonly pause: PauseBuffer;
  readonly counters: { received: number; shown: number; filteredOut: number };
  /** Sequence numbers per channel, counted on every message received (before the filter). */
  readonly sequence: LaneSequenceCheck;
  /** The user cleared the lane: its messages before this seq no longer show in 'feed:recent'. */
  clearedBeforeSeq: number;
  /** Kept out of frames and lists until the server answered the subscription (a refused lane is never shown). */
  isPending: boolean;
  isRemoved: boolean;
}

export function snapshotLane(lane: LaneRecord): Lane {
  return {
    id: lane.id,
    profileId: lane.profileId,
    target: lane.target,
    decoder: lane.decoder,
    filter: lane.filterText,
    subscription: lane.subscription.state(),
    isPaused: lane.isPaused,
    pauseBuffer: lane.pause.state(),
    counters: { ...lane.counters },
    filterScan: lane.filterRun?.state() ?? null,
    ...withSequence(lane.sequence),
  };
}

function withSequence(check: LaneSequenceCheck): Pick<Lane, 'sequenceField' | 'sequence'> {
  const sequence = check.state();
  const field = check.field;
  return { ...(field === undefined ? {} : { sequenceField: field }), ...(sequence ? { sequence } : {}) };
}
