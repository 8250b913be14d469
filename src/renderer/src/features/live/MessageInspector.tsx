import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { hasBidiControls, toVisibleText } from '../../../../shared/displayText';
import type { FeedMessage, FeedMessageDetail, Lane } from '../../../../shared/liveChannels';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { formatBytes } from '../../format/formatBytes';
import { formatDateAndTime } from '../../format/formatClockTime';
import { useLabwireApi } from '../../transport/transportContext';
import { CopyAsJsonButton } from './CopyAsJsonButton';
import { formatLatency, formatPublishTime, latencyNote } from './feedFormatting';
import { jsonForCopy } from './inspectorJson';
import { JsonTree } from './JsonTree';
import { KindBadge } from './KindBadge';
import { laneShortName } from './laneDescriptions';
import { liveQueryKeys } from './liveQueryKeys';
import { formatCount } from '../../../../shared/countWords';

interface MessageInspectorProps {
  profileId: string;
  /** The feed store's generation: the same seq in another generation is another message. */
  generation: number;
  seq: number | null;
  lanes: readonly Lane[];
}

/** One message in full, fetched from the bus history on demand (frames carry only previews). */
export function MessageInspector({ profileId, generation, seq, lanes }: MessageInspectorProps) {
  const api = useLabwireApi();
  const id = useId();
  const detail = useQuery({
    queryKey: liveQueryKeys.message(profileId, generation, seq ?? 0),
    queryFn: () => callBus(api, 'feed:message', { profileId, seq: seq ?? 0 }),
    enabled: seq !== null,
    staleTime: Infinity,
  });

  return (
    <section className="card inspector" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Message</h2>
      {seq === null ? (
        <p className="muted">Select a message in the feed to see all of it: the decoded value, its bytes, and where it came from.</p>
      ) : detail.isPending ? (
        <p className="muted" role="status">
          Loading the message…
        </p>
      ) : detail.error ? (
        <Notice tone="error">{describeError(detail.error)}</Notice>
      ) : (
        <MessageDetailView detail={detail.data} lanes={lanes} />
      )}
    </section>
  );
}

/** A bidi control as the display helpers write it in an already-escaped channel name. */
const ESCAPED_BIDI_CONTROL = /\\u(?:202[A-E]|206[6-9]|200[EF]|061C)/;

function MessageDetailView({ detail, lanes }: { detail: FeedMessageDetail; lanes: readonly Lane[] }) {
  const message = detail.message;
  // The inspector re-renders with every lane update; a large tree is scanned once per message.
  const hasHiddenDirection = useMemo(
    () => hasBidiControls(JSON.stringify(detail.tree ?? '')) || ESCAPED_BIDI_CONTROL.test(detail.message.channel.text),
    [detail],
  );
  return (
    <div className="inspector-body" data-testid="inspector">
      <MessageFacts message={message} lanes={lanes} />
      {detail.streamEntryId !== undefined && (
        <p className="inspector-entry-id" data-testid="stream-entry-id">
          Stream entry <code>{detail.streamEntryId}</code>
        </p>
      )}
      {message.kind === 'error' && (
        <Notice tone="error" title="Could not decode this payload">
          {message.decodeError ?? 'The payload did not match the chosen decoder.'} The bytes are shown as hex below.
        </Notice>
      )}
      {hasHiddenDirection && (
        <Notice tone="warning">
          This message contains right-to-left control characters, shown here as \u202E and similar. They can make text read differently from
          what it holds.
        </Notice>
      )}
      {(message.kind === 'json' || message.kind === 'msgpack') && detail.tree !== undefined && (
        <div className="inspector-section">
          <h3>Decoded value</h3>
          <JsonTree value={detail.tree} />
        </div>
      )}
      {message.kind === 'text' && typeof detail.tree === 'string' && (
        <div className="inspector-section">
          <h3>Text</h3>
          <pre className="inspector-text">{toVisibleText(detail.tree, { shouldKeepLineBreaks: true })}</pre>
        </div>
      )}
      <CopyAsJsonButton json={() => jsonForCopy(detail)} />
      <details className="inspector-section" open={message.kind === 'binary' || message.kind === 'error'}>
        <summary>
          <h3>Bytes (hex)</h3>
        </summary>
        <pre className="hex-dump" data-testid="hex-dump">
          {detail.hexDump.join('\n')}
        </pre>
        {detail.isPayloadTruncated && <p className="field-hint">Only the start of this payload is held for display.</p>}
      </details>
    </div>
  );
}

function MessageFacts({ message, lanes }: { message: FeedMessage; lanes: readonly Lane[] }) {
  const envelope = message.envelope;
  const laneNames = message.laneIds.map((laneId) => {
    const lane = lanes.find((candidate) => candidate.id === laneId);
    return lane ? laneShortName(lane) : 'a removed lane';
  });
  return (
    <dl className="facts inspector-facts">
      <dt>Channel</dt>
      <dd className="inspector-channel">
        {message.channel.text}
        {message.channel.isTruncated && <span className="muted"> … (cut for display; the name is {formatCount(message.channel.byteLength)} bytes)</span>}
      </dd>
      <dt>Decoded as</dt>
      <dd>
        <KindBadge kind={message.kind} />
      </dd>
      <dt>Received</dt>
      <dd>{formatDateAndTime(message.receivedAt)}</dd>
      <dt>Size</dt>
      <dd>
        {formatCount(message.sizeBytes)} bytes{message.sizeBytes >= 1024 ? ` (${formatBytes(message.sizeBytes)})` : ''}
      </dd>
      {envelope?.type !== undefined && (
        <>
          <dt>Type</dt>
          <dd>{toVisibleText(envelope.type)}</dd>
        </>
      )}
      {envelope?.source !== undefined && (
        <>
          <dt>Source</dt>
          <dd>{toVisibleText(envelope.source)}</dd>
        </>
      )}
      {envelope?.publishedAt !== undefined && (
        <>
          <dt>Published</dt>
          <dd>{formatPublishTime(envelope.publishedAt, message.receivedAt)}</dd>
        </>
      )}
      {message.latencyMs !== undefined && (
        <>
          <dt>Latency</dt>
          <dd>
            {formatLatency(message.latencyMs)}
            {latencyNote(message.latencyMs) !== null && <span className="inspector-note"> {latencyNote(message.latencyMs)}</span>}
          </dd>
        </>
      )}
      <dt>{laneNames.length === 1 ? 'Lane' : 'Lanes'}</dt>
      <dd>{laneNames.join(', ')}</dd>
    </dl>
  );
}
