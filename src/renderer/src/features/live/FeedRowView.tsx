import type { FeedMessage } from '../../../../shared/liveChannels';
import { toVisibleText } from '../../../../shared/displayText';
import { formatBytes } from '../../format/formatBytes';
import { formatClockMilliseconds } from '../../format/formatClockTime';
import { envelopeText, formatRowLatency, gapText, latencyTitle } from './feedFormatting';
import type { FeedRow } from './feedRows';
import { KindBadge } from './KindBadge';

interface FeedRowViewProps {
  row: FeedRow;
  index: number;
  rowCount: number;
  top: number;
  isSelected: boolean;
  /** Lane names shown in the row when the feed shows every lane. */
  laneNames: string | null;
  onSelect(seq: number): void;
}

export function feedRowId(seq: number): string {
  return `feed-message-${seq}`;
}

/**
 * One row of the feed, two fixed lines: what arrived (time, kind, channel,
 * envelope, latency, size), then the payload preview. Everything from the
 * payload is a text node, with invisible characters made visible.
 */
export function FeedRowView({ row, index, rowCount, top, isSelected, laneNames, onSelect }: FeedRowViewProps) {
  if (row.kind === 'gap') {
    return (
      <div className="feed-row feed-gap" role="option" aria-selected={false} aria-disabled="true" aria-posinset={index + 1} aria-setsize={rowCount} style={{ top }}>
        <span aria-hidden="true">⚠</span> {gapText(row.gap)}
      </div>
    );
  }
  const message = row.message;
  return (
    <div
      id={feedRowId(message.seq)}
      className={`feed-row${isSelected ? ' is-selected' : ''}${message.kind === 'error' ? ' is-error' : ''}`}
      role="option"
      aria-selected={isSelected}
      aria-posinset={index + 1}
      aria-setsize={rowCount}
      data-seq={message.seq}
      style={{ top }}
      onClick={() => onSelect(message.seq)}
    >
      <div className="feed-row-line">
        <span className="feed-time">{formatClockMilliseconds(message.receivedAt)}</span>
        <KindBadge kind={message.kind} />
        <span className="feed-channel" title={message.channel.text}>
          {message.channel.text}
        </span>
        <MessageFacts message={message} laneNames={laneNames} />
      </div>
      <PreviewLine message={message} />
    </div>
  );
}

function MessageFacts({ message, laneNames }: { message: FeedMessage; laneNames: string | null }) {
  const envelope = toVisibleText(envelopeText(message));
  // Both give way to the channel name and are cut first: the title keeps their whole text.
  return (
    <>
      {envelope !== '' && (
        <span className="feed-envelope" title={envelope}>
          {envelope}
        </span>
      )}
      {laneNames !== null && (
        <span className="feed-lanes" title={`Lanes: ${laneNames}`}>
          {laneNames}
        </span>
      )}
      {message.latencyMs === undefined ? (
        <span className="feed-latency" />
      ) : (
        <span className="feed-latency" title={latencyTitle(message.latencyMs)}>
          {formatRowLatency(message.latencyMs)}
        </span>
      )}
      <span className="feed-size">{formatBytes(message.sizeBytes)}</span>
    </>
  );
}

function PreviewLine({ message }: { message: FeedMessage }) {
  const preview = message.kind === 'error' && message.decodeError ? `${message.decodeError} · ${visiblePreview(message)}` : visiblePreview(message);
  // The title shows the whole capped preview where the row cuts it.
  return (
    <div className="feed-preview" title={preview}>
      {preview}
    </div>
  );
}

function visiblePreview(message: FeedMessage): string {
  if (message.sizeBytes === 0) return '(empty payload)';
  return message.preview === '' ? '(no preview)' : toVisibleText(message.preview);
}
