import type { Lane } from '../../../../shared/liveChannels';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { AddLaneForm } from './AddLaneForm';
import { ChannelDiscovery } from './ChannelDiscovery';
import type { FeedStore } from './feedStore';
import { LaneCard } from './LaneCard';
import { ListenToAllButton } from './ListenToAllButton';
import { countWords } from '../../../../shared/countWords';

interface LanesBarProps {
  profileId: string;
  isReady: boolean;
  isCluster: boolean;
  lanes: readonly Lane[];
  lanesError: Error | null;
  store: FeedStore;
}

/** The subscriptions of this connection: add one, and each lane as a card. */
export function LanesBar({ profileId, isReady, isCluster, lanes, lanesError, store }: LanesBarProps) {
  return (
    <section className="card lanes-bar" aria-labelledby="lanes-title">
      <div className="card-header">
        <h2 id="lanes-title">Lanes</h2>
        <span className="muted">{countWords(lanes.length, 'lane')}</span>
      </div>
      <AddLaneForm profileId={profileId} isReady={isReady} isCluster={isCluster} />
      <ChannelDiscovery profileId={profileId} isReady={isReady} lanes={lanes} />
      {lanesError && <Notice tone="error">{describeError(lanesError)}</Notice>}
      {lanes.length === 0 ? (
        <div className="lanes-empty">
          <p className="muted">
            No lanes yet. Add a channel or a pattern above, pick one from the active channels, or start with everything. Each lane is one
            subscription; a message that several lanes match shows once in each.
          </p>
          <ListenToAllButton profileId={profileId} isReady={isReady} />
        </div>
      ) : (
        <div className="lane-cards">
          {lanes.map((lane) => (
            <LaneCard key={lane.id} profileId={profileId} lane={lane} store={store} />
          ))}
        </div>
      )}
    </section>
  );
}
