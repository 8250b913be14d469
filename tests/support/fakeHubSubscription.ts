import type { SourceSubscription } from '../../src/bus/sources/messageSource';
import type { LaneRecord } from '../../src/bus/feed/laneRecord';
import { PauseBuffer } from '../../src/bus/feed/pauseBuffer';
import { LaneSequenceCheck } from '../../src/bus/feed/sequenceCheck';
import type { LaneSubscription } from '../../src/shared/liveChannels';

/** Stands in for the hub's handle (not Redis): a feed only reads its state. */
export class FakeHubSubscription implements SourceSubscription {
  readonly id = 'fake';
  state(): LaneSubscription {
    return { state: 'active', since: 0 };
  }
  whenSettled(): Promise<LaneSubscription> {
    return Promise.resolve(this.state());
  }
  onDidChangeState(): () => void {
    return () => undefined;
  }
  unsubscribe(): Promise<void> {
    return Promise.resolve();
  }
}

/** A lane as LiveChannels keeps it, active and unpaused, for feeding a ProfileFeed directly. */
export function newLaneRecord(fields: Pick<LaneRecord, 'id' | 'target'> & Partial<LaneRecord>): LaneRecord {
  return {
    profileId: 'lab',
    decoder: 'auto',
    filterText: '',
    filter: { kind: 'none' },
    filterRun: null,
    subscription: new FakeHubSubscription(),
    isPaused: false,
    pause: new PauseBuffer(100, 1_000_000),
    counters: { received: 0, shown: 0, filteredOut: 0 },
    sequence: new LaneSequenceCheck(),
    clearedBeforeSeq: 0,
    isPending: false,
    isRemoved: false,
    ...fields,
  };
}
