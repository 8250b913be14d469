import { useId } from 'react';
import type { FeedMessage, Lane } from '../../../../shared/liveChannels';
import { feedCountsText, feedEmptyText } from './feedFormatting';
import { FeedList } from './FeedList';
import { feedRows } from './feedRows';
import type { FeedStore } from './feedStore';
import { laneShortName } from './laneDescriptions';
import { useFeedVersion } from './useLiveFeed';
import { ALL_LANES, feedViewOptions } from './feedViewOptions';

interface FeedPanelProps {
  store: FeedStore;
  lanes: readonly Lane[];
  /** The lane whose messages are shown, or null for every lane. */
  laneView: string | null;
  onLaneView(laneId: string | null): void;
  selectedSeq: number | null;
  onSelect(seq: number): void;
}

/** The messages received, newest first, for every lane or one. */
export function FeedPanel({ store, lanes, laneView, onLaneView, selectedSeq, onSelect }: FeedPanelProps) {
  const id = useId();
  useFeedVersion(store);
  const viewedLane = laneView === null ? undefined : lanes.find((lane) => lane.id === laneView);
  const laneId = viewedLane?.id ?? null;
  const messages = store.messages(laneId);
  const rows = feedRows(messages, store.gaps());
  const counts = store.counts();
  const names = new Map(lanes.map((lane) => [lane.id, laneShortName(lane)]));
  const laneNamesOf = (message: FeedMessage): string | null =>
    laneId === null && lanes.length > 1 ? message.laneIds.map((laneIdOfMessage) => names.get(laneIdOfMessage) ?? 'removed lane').join(', ') : null;

  return (
    <section className="card feed-panel" aria-labelledby={`${id}-title`}>
      <div className="card-header feed-header">
        <h2 id={`${id}-title`}>Feed</h2>
        <div className="feed-view-select">
          <label htmlFor={`${id}-lane`}>Show</label>
          <select id={`${id}-lane`} value={laneId ?? ALL_LANES} onChange={(event) => onLaneView(event.target.value === ALL_LANES ? null : event.target.value)}>
            {feedViewOptions(store, lanes).map((option) => (
              <option key={option.value} value={option.value}>
                {option.text}
              </option>
            ))}
          </select>
        </div>
      </div>
      {rows.length === 0 ? (
        <div className="feed-empty">
          <p>{feedEmptyText(lanes.length, store.isCatchingUp)}</p>
        </div>
      ) : (
        <FeedList
          key={laneId ?? ALL_LANES}
          rows={rows}
          newestSeq={messages.last()?.seq ?? 0}
          selectedSeq={selectedSeq}
          label={viewedLane ? `Messages of ${laneShortName(viewedLane)}, newest first` : 'Messages of all lanes, newest first'}
          laneNamesOf={laneNamesOf}
          onSelect={onSelect}
        />
      )}
      <p className="feed-footnote" data-testid="feed-counts">
        {feedCountsText(messages.length, counts, store.busDropped)}
      </p>
    </section>
  );
}
