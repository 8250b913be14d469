import { Fragment, useId } from 'react';
import { useNow } from '../../components/useNow';
import { describeDrops, describeDropsBriefly, formatBytesPerSecond, formatLastSeen, formatRate, totalDrops } from './feedFormatting';
import type { FeedStore } from './feedStore';
import { useFeedVersion } from './useLiveFeed';
import { formatCount } from '../../../../shared/countWords';

/** Every channel the lanes heard, busiest first: how much arrives, and what was lost and why. */
export function ChannelStatsTable({ store }: { store: FeedStore }) {
  const id = useId();
  useFeedVersion(store);
  const channels = store.channels;
  const now = useNow(channels.length > 0);
  return (
    <section className="card channel-stats" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Channels</h2>
      {channels.length === 0 ? (
        <p className="muted">No messages on your lanes yet. Each channel a lane hears is listed here with its rate and anything dropped.</p>
      ) : (
        <div className="stats-table-wrap">
          <table className="stats-table">
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col" className="number">
                  <abbr title="Messages per second, over the last few seconds">Msg/s</abbr>
                </th>
                <th scope="col" className="number">
                  <abbr title="Bytes per second, over the last few seconds">Bytes/s</abbr>
                </th>
                <th scope="col" className="number">
                  Total
                </th>
                <th scope="col">Dropped</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((channel) => (
                <tr key={channel.key}>
                  <th scope="row" className="channel-cell" title={channel.channel.text}>
                    <ChannelName text={channel.channel.text} />
                  </th>
                  <td className="number">{formatRate(channel.messagesPerSecond)}</td>
                  <td className="number">{formatBytesPerSecond(channel.bytesPerSecond)}</td>
                  <td className="number">{formatCount(channel.total)}</td>
                  <td className={totalDrops(channel.dropped) > 0 ? 'dropped-cell has-drops' : 'dropped-cell'} title={describeDrops(channel.dropped)}>
                    {describeDropsBriefly(channel.dropped)}
                  </td>
                  <td className="last-seen-cell">{formatLastSeen(channel.lastSeenAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * A long channel name wraps after its colons instead of being cut: in a
 * narrow column user:demo1:raw and user:demo1:predictions, or agent:status
 * and agents:status, must stay told apart.
 */
function ChannelName({ text }: { text: string }) {
  const parts = text.split(':');
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 ? ':' : null}
          {index < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </>
  );
}
