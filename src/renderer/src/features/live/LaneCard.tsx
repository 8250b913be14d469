import { useId } from 'react';
import type { Lane } from '../../../../shared/liveChannels';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { StatusDot } from '../../components/StatusDot';
import { DecoderSelect } from './DecoderSelect';
import type { FeedStore } from './feedStore';
import { filterScanText, laneShortName, laneTargetKindText, laneTargetText, pauseBufferFill, pauseBufferText, summarizeLaneState } from './laneDescriptions';
import { laneCountersFromFeed } from './laneCountersFromFeed';
import { LaneFilterField } from './LaneFilterField';
import { LaneSequenceField } from './LaneSequenceField';
import { laneSequenceLine } from './laneSequenceText';
import { useAddLane, useRemoveLane, useUpdateLane } from './useLaneActions';
import { useFeedVersion } from './useLiveFeed';

interface LaneCardProps {
  profileId: string;
  lane: Lane;
  store: FeedStore;
}

/** One subscription: what it listens to, how it is doing, and what the user can do with it. */
export function LaneCard({ profileId, lane, store }: LaneCardProps) {
  const id = useId();
  const { mutation: update, updateLane } = useUpdateLane(profileId, store);
  const { mutation: remove, removeLane } = useRemoveLane(profileId, store);
  const { mutation: resubscribe, addLane } = useAddLane(profileId);
  const state = summarizeLaneState(lane);
  const name = laneShortName(lane);
  const isRefused = lane.subscription.state === 'refused';
  const error = update.error ?? remove.error ?? resubscribe.error;
  const scanText = filterScanText(lane);
  const sequenceLine = laneSequenceLine(lane);

  // The bus keeps no lane it was refused: subscribing again is a new lane with the same settings, then the old one goes.
  const onSubscribeAgain = (): void => {
    addLane(lane.target, lane.decoder, (added) => {
      if (lane.filter !== '') updateLane(added.id, { filter: lane.filter });
      removeLane(lane.id);
    });
  };

  return (
    <section className={`lane-card tone-${state.tone}`} aria-labelledby={`${id}-title`}>
      <header className="lane-card-header">
        <span className="lane-kind-chip">{laneTargetKindText(lane.target)}</span>
        <h3 id={`${id}-title`} className="lane-title" title={laneTargetText(lane.target)}>
          <span className="visually-hidden">Lane </span>
          {laneTargetText(lane.target)}
        </h3>
        <div className="lane-state" role="status" aria-live="polite">
          <StatusDot tone={state.tone} label={state.label} />
        </div>
      </header>
      {state.detail && <Notice tone="error">{state.detail}</Notice>}
      {state.note && (
        <p className="lane-resume-note" data-testid="lane-resume-note" role="status">
          {state.note}
        </p>
      )}
      <LaneCounters lane={lane} store={store} />
      {sequenceLine && (
        <p className="lane-sequence" data-testid="lane-sequence" title={sequenceLine.title}>
          {sequenceLine.text}
        </p>
      )}
      {scanText !== null && (
        <p className="lane-filter-scan" data-testid="filter-scan" role="status">
          {scanText}
          {lane.filterScan?.state === 'searching' && (
            <button type="button" className="compact" disabled={update.isPending} onClick={() => updateLane(lane.id, { shouldStopFilterScan: true })}>
              Stop
            </button>
          )}
        </p>
      )}
      {lane.isPaused && (
        <div className="pause-buffer">
          <meter min={0} max={1} high={0.8} optimum={0} value={pauseBufferFill(lane)} aria-label={`Pause buffer of ${name}`} />
          <span data-testid="pause-buffer">{pauseBufferText(lane)}</span>
        </div>
      )}
      <div className="lane-controls">
        <DecoderSelect
          id={`${id}-decoder`}
          label={`Decoder for ${name}`}
          isLabelHidden
          value={lane.decoder}
          isDisabled={update.isPending || isRefused}
          onChange={(decoder) => updateLane(lane.id, { decoder })}
        />
        <span className="lane-controls-spacer" />
        {!isRefused && (
          <button type="button" aria-label={`${lane.isPaused ? 'Resume' : 'Pause'} ${name}`} disabled={update.isPending} onClick={() => updateLane(lane.id, { isPaused: !lane.isPaused })}>
            {lane.isPaused ? 'Resume' : 'Pause'}
          </button>
        )}
        {!isRefused && (
          <button type="button" aria-label={`Clear ${name}`} title="Remove this lane's messages from the feed" disabled={update.isPending} onClick={() => updateLane(lane.id, { shouldClear: true })}>
            Clear
          </button>
        )}
        {isRefused && (
          <button type="button" onClick={onSubscribeAgain} disabled={resubscribe.isPending}>
            Subscribe again
          </button>
        )}
        <button type="button" className="danger" aria-label={`Remove ${name}`} disabled={remove.isPending} onClick={() => removeLane(lane.id)}>
          Remove
        </button>
      </div>
      {!isRefused && (
        <LaneFilterField key={lane.id} laneName={name} appliedFilter={lane.filter} isBusy={update.isPending} onApply={(filter) => updateLane(lane.id, { filter })} />
      )}
      {!isRefused && (
        <LaneSequenceField
          key={`${lane.id}-sequence`}
          laneName={name}
          appliedField={lane.sequenceField}
          isBusy={update.isPending}
          onApply={(sequenceField) => updateLane(lane.id, { sequenceField })}
        />
      )}
      {error && (
        <Notice tone="error" role="alert">
          {describeError(error)}
        </Notice>
      )}
    </section>
  );
}

/** Its own component: it follows the feed (a frame each 33 ms under a flood) without re-rendering the lane's controls. */
function LaneCounters({ lane, store }: { lane: Lane; store: FeedStore }) {
  useFeedVersion(store);
  return <p className="lane-counters">{laneCountersFromFeed(lane, store)}</p>;
}
