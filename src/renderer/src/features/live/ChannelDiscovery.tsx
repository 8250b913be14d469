import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { DiscoveredChannel, Lane } from '../../../../shared/liveChannels';
import { describeClusterNodesAsked } from '../../../../shared/clusterDiscovery';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { liveQueryKeys } from './liveQueryKeys';
import { useAddLane } from './useLaneActions';
import { useLabwireApi } from '../../transport/transportContext';
import { countWords, formatCount } from '../../../../shared/countWords';

interface ChannelDiscoveryProps {
  profileId: string;
  isReady: boolean;
  lanes: readonly Lane[];
}

/** PUBSUB CHANNELS with subscriber counts (on a Cluster: every node, summed; and sharded channels), and one click to listen to a channel. */
export function ChannelDiscovery({ profileId, isReady, lanes }: ChannelDiscoveryProps) {
  const api = useLabwireApi();
  const id = useId();
  const [pattern, setPattern] = useState('*');
  const [searched, setSearched] = useState<string | null>(null);
  const { mutation: add, addLane } = useAddLane(profileId);
  const discovery = useQuery({
    queryKey: liveQueryKeys.discovery(profileId, searched ?? ''),
    queryFn: () => callBus(api, 'channels:discover', { profileId, pattern: searched ?? '*' }),
    enabled: searched !== null && isReady,
    staleTime: 0,
  });

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const next = pattern === '' ? '*' : pattern;
    if (next === searched) void discovery.refetch();
    else setSearched(next);
  };

  const listenedChannels = new Set(lanes.flatMap((lane) => (lane.target.kind === 'channel' ? [lane.target.name] : [])));
  const listenedSharded = new Set(lanes.flatMap((lane) => (lane.target.kind === 'shard' ? [lane.target.channel] : [])));
  const result = discovery.data;

  return (
    <details className="discovery">
      <summary>
        <h3 id={`${id}-title`}>Find active channels</h3>
        <span className="muted"> on this server, with their subscriber counts</span>
      </summary>
      <div className="discovery-body">
        <form className="discovery-form" onSubmit={onSubmit} aria-label="Find active channels">
          <div className="field">
            <label htmlFor={`${id}-pattern`}>Channels matching</label>
            <input id={`${id}-pattern`} type="text" className="mono-input" value={pattern} spellCheck={false} autoComplete="off" onChange={(event) => setPattern(event.target.value)} />
          </div>
          <button type="submit" disabled={!isReady || discovery.isFetching}>
            {discovery.isFetching ? 'Looking…' : searched === null ? 'Find' : 'Find again'}
          </button>
        </form>
        <p className="field-hint">Lists channels that have at least one subscriber right now. A channel that is only published to, with nobody listening, does not appear.</p>
        {discovery.error && <Notice tone="error">{describeError(discovery.error)}</Notice>}
        {result && (
          <div role="status" aria-live="polite" className="discovery-summary">
            {result.channels.length === 0
              ? `No channel matching ${searched ?? '*'} has a subscriber right now.`
              : `${countWords(result.channels.length, 'channel')}${result.isTruncated ? ' (the first ones only: narrow the pattern to see the rest)' : ''}.`}{' '}
            {`${countWords(result.patternSubscriptions, 'pattern subscription')} (NUMPAT) on the server, not counted per channel.`}
            {result.clusterNodes &&
              ` ${describeClusterNodesAsked(result.clusterNodes)}`}
          </div>
        )}
        {result && result.channels.length > 0 && (
          <div className="discovery-table-wrap">
            <table className="discovery-table">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col" className="number">
                    Subscribers
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.channels.map((channel, index) => (
                  <DiscoveredRow
                    key={`${index}:${channel.name.text}`}
                    channel={channel}
                    isListening={channel.subscribeName !== null && (channel.isSharded === true ? listenedSharded : listenedChannels).has(channel.subscribeName)}
                    isBusy={add.isPending}
                    onListen={(name) => addLane(channel.isSharded === true ? { kind: 'shard', channel: name } : { kind: 'channel', name }, 'auto')}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {add.error && (
          <Notice tone="error" role="alert">
            {describeError(add.error)}
          </Notice>
        )}
      </div>
    </details>
  );
}

interface DiscoveredRowProps {
  channel: DiscoveredChannel;
  isListening: boolean;
  isBusy: boolean;
  onListen(name: string): void;
}

function DiscoveredRow({ channel, isListening, isBusy, onListen }: DiscoveredRowProps) {
  const subscribeName = channel.subscribeName;
  return (
    <tr>
      <td className="channel-cell" title={channel.name.text}>
        {channel.name.text}
        {channel.name.isTruncated && <span className="muted"> … ({formatCount(channel.name.byteLength)} bytes)</span>}
        {channel.isSharded === true && <span className="muted"> (sharded)</span>}
      </td>
      <td className="number">{formatCount(channel.subscribers)}</td>
      <td className="action-cell">
        {subscribeName === null ? (
          <span className="muted" title="This name is not valid UTF-8 text, so it cannot be typed as an exact channel. Use a pattern lane.">
            Use a pattern
          </span>
        ) : isListening ? (
          <span className="muted">Listening</span>
        ) : (
          <button
            type="button"
            className="compact"
            aria-label={`${channel.isSharded === true ? 'Add a sharded lane for' : 'Listen to'} ${channel.name.text}`}
            disabled={isBusy}
            onClick={() => onListen(subscribeName)}
          >
            {channel.isSharded === true ? 'Add sharded lane' : 'Listen'}
          </button>
        )}
      </td>
    </tr>
  );
}
