import { useState } from 'react';
import { canReceive } from '../../../../shared/connectionState';
import type { Lane } from '../../../../shared/liveChannels';
import type { Profile } from '../../../../shared/profile';
import { useConnectionState } from '../../api/busQueries';
import { Notice } from '../../components/Notice';
import { PublishPanel } from '../publish/PublishPanel';
import { usePublishHistory } from '../publish/usePublishHistory';
import { ChannelStatsTable } from './ChannelStatsTable';
import { FeedPanel } from './FeedPanel';
import { LanesBar } from './LanesBar';
import { MessageInspector } from './MessageInspector';
import { useLiveSelection } from './liveSelection';
import { useLanes } from './useLanes';
import { useFeedGeneration, useLiveFeed, useSeenChannelNames } from './useLiveFeed';

const NO_LANES: readonly Lane[] = [];
const MAX_CHANNEL_SUGGESTIONS = 200;

/** Watch what flows on the server's channels, look into any message, and publish commands. */
export function LiveChannelsSection({ profile }: { profile: Profile }) {
  // Another profile is another feed: selection and lane view start afresh.
  return <LiveChannels key={profile.id} profile={profile} />;
}

function LiveChannels({ profile }: { profile: Profile }) {
  const connection = useConnectionState(profile.id);
  const store = useLiveFeed(profile.id, connection.state);
  const lanesQuery = useLanes(profile.id, connection.state);
  const history = usePublishHistory(profile.id);
  const [selection, changeSelection] = useLiveSelection(profile.id);
  const generation = useFeedGeneration(store);
  // A seq names a message only within one feed generation: a restarted feed forgets the selection.
  const [selectionGeneration, setSelectionGeneration] = useState(generation);
  const selectedSeq = selectionGeneration === generation ? selection.selectedSeq : null;
  const isReady = canReceive(connection.state);
  const lanes = lanesQuery.data ?? NO_LANES;
  const seenChannels = useSeenChannelNames(store);
  const suggestions = channelSuggestions(lanes, seenChannels, (history.data ?? []).map((record) => record.channel));

  return (
    <div className="live-section">
      {!isReady && (
        <Notice tone="info">
          {connection.state === 'reconnecting'
            ? 'The connection to this server is interrupted. Lanes resume by themselves when it is back; the feed marks the gap.'
            : 'Connect to this server on the Connection tab to listen to its channels and publish.'}
        </Notice>
      )}
      <div className="live-top">
        <LanesBar profileId={profile.id} isReady={isReady} isCluster={profile.topology.mode === 'cluster'} lanes={lanes} lanesError={lanesQuery.error} store={store} />
        <ChannelStatsTable store={store} />
      </div>
      <div className="live-main">
        <FeedPanel
          store={store}
          lanes={lanes}
          laneView={selection.laneView}
          onLaneView={(laneView) => changeSelection({ laneView })}
          selectedSeq={selectedSeq}
          onSelect={(seq) => {
            setSelectionGeneration(generation);
            changeSelection({ selectedSeq: seq });
          }}
        />
        <MessageInspector profileId={profile.id} generation={generation} seq={selectedSeq} lanes={lanes} />
      </div>
      {profile.isDemo === true ? (
        <Notice tone="info">Demo data has no server to publish to: it is generated on this computer. Publish on a profile for a Redis server.</Notice>
      ) : (
        <PublishPanel profile={profile} isReady={isReady} channelSuggestions={suggestions} />
      )}
    </div>
  );
}

/** Exact names the user has met: lanes, channels in the feed (one per line), earlier publishes. */
function channelSuggestions(lanes: readonly Lane[], seenChannels: string, published: readonly string[]): string[] {
  const names = new Set<string>();
  for (const lane of lanes) if (lane.target.kind === 'channel') names.add(lane.target.name);
  for (const channel of seenChannels.split('\n')) if (channel !== '') names.add(channel);
  for (const channel of published) names.add(channel);
  return [...names].slice(0, MAX_CHANNEL_SUGGESTIONS).sort();
}
