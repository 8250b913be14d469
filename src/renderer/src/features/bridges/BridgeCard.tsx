/** One bridge: where it reads, its state in words, its counters, the last error and record, and its buttons. */
import { useState } from 'react';
import type { BridgeView } from '../../../../shared/bridges';
import { describeError } from '../../api/requestError';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Notice } from '../../components/Notice';
import { StatusDot } from '../../components/StatusDot';
import {
  bridgeEndpointText,
  bridgeKindText,
  counterLines,
  describeBridgeState,
  formatText,
  framingText,
  isBridgeActive,
  lastErrorText,
  publishingNote,
} from './bridgeStatusText';
import { useAddLane } from '../live/useLaneActions';
import { useBridgeActions } from './useBridges';

interface BridgeCardProps {
  profileId: string;
  view: BridgeView;
  isConnected: boolean;
  onEdit(): void;
}

export function BridgeCard({ profileId, view, isConnected, onEdit }: BridgeCardProps) {
  const { config, status } = view;
  const actions = useBridgeActions(profileId);
  const lane = useAddLane(profileId);
  const [isLaneAdded, setIsLaneAdded] = useState(false);
  const [isConfirmingRemove, setIsConfirmingRemove] = useState(false);
  const state = describeBridgeState(status);
  const isActive = isBridgeActive(status);
  const note = isActive ? publishingNote(status.receiveOnlyReason, isConnected, status.buffered.maxCount) : null;
  const errorText = lastErrorText(status);
  const titleId = `bridge-${config.id}-title`;

  return (
    <article className="card bridge-card" aria-labelledby={titleId} data-testid="bridge-card">
      <header className="bridge-card-header">
        <h3 id={titleId}>{config.name}</h3>
        <span className="bridge-kind">{bridgeKindText(config)}</span>
        <span className="bridge-state" data-testid="bridge-state">
          <StatusDot tone={state.tone} label={state.label} />
        </span>
      </header>
      <p className="bridge-route muted">
        {bridgeEndpointText(config, status)} · {framingText(config.framing)} · {formatText(config.format)} → <code>{config.routing.channelTemplate}</code>
        {config.routing.commandChannel !== '' && (
          <>
            {' '}
            · commands from <code>{config.routing.commandChannel}</code>
          </>
        )}
      </p>
      {note !== null && <p className="bridge-note">{note}</p>}
      <dl className="bridge-counters" data-testid="bridge-counters">
        {counterLines(status.counters, status, config.kind).map((line) => (
          <div key={line.label} className={line.isProblem ? 'bridge-counter is-problem' : 'bridge-counter'}>
            <dt>{line.label}</dt>
            <dd>{line.text}</dd>
          </div>
        ))}
      </dl>
      {errorText !== null && (
        <p className="bridge-last-error">
          <span className="bridge-label">Last error:</span> {errorText}
        </p>
      )}
      <div className="bridge-preview">
        <span className="bridge-label">Last record:</span>
        {status.lastRecordPreview === null ? <span className="muted"> none read since it started</span> : <pre data-testid="bridge-last-record">{status.lastRecordPreview}</pre>}
      </div>
      <div className="button-row">
        {isActive ? (
          <>
            {status.state === 'paused' ? (
              <button type="button" className="primary" disabled={actions.isPending} onClick={() => actions.setPaused(config.id, false)}>
                Resume
              </button>
            ) : (
              <button type="button" disabled={actions.isPending} onClick={() => actions.setPaused(config.id, true)}>
                Pause
              </button>
            )}
            <button type="button" disabled={actions.isPending} onClick={() => actions.stop(config.id)}>
              Stop
            </button>
          </>
        ) : (
          <button type="button" className="primary" disabled={actions.isPending} onClick={() => actions.start(config.id)}>
            Start
          </button>
        )}
        <button type="button" onClick={onEdit}>
          Edit
        </button>
        <button
          type="button"
          title="A lane on the bridge itself: its records as they would be published, also while Redis is away or the profile is read-only."
          disabled={lane.mutation.isPending || isLaneAdded}
          onClick={() => {
            lane.mutation.reset();
            lane.addLane({ kind: 'bridge', bridgeId: config.id }, 'auto', () => setIsLaneAdded(true));
          }}
        >
          Show in live channels
        </button>
        <button type="button" className="danger" onClick={() => setIsConfirmingRemove(true)}>
          Remove
        </button>
      </div>
      {isLaneAdded && (
        <p className="field-hint" role="status">
          A lane on this bridge is on the Live channels tab.
        </p>
      )}
      {lane.mutation.error && (
        <Notice tone="error" role="alert">
          {describeError(lane.mutation.error)}
        </Notice>
      )}
      {actions.error && (
        <Notice tone="error" role="alert">
          {describeError(actions.error)}
        </Notice>
      )}
      <ConfirmDialog
        isOpen={isConfirmingRemove}
        title={`Remove the bridge "${config.name}"?`}
        message="The bridge stops and its settings are deleted from this profile. The device itself is not changed."
        confirmLabel="Remove bridge"
        isDangerous
        onCancel={() => setIsConfirmingRemove(false)}
        onConfirm={() => {
          setIsConfirmingRemove(false);
          actions.reset();
          actions.remove(config.id);
        }}
      />
    </article>
  );
}
