/**
 * The EEG streams to offer: channels seen in traffic whose name has the EEG
 * role (user:*:raw) or whose messages look like multichannel samples, asked
 * of the bus every few seconds while the tab is open ('plots:streams';
 * the bus listens to the traffic itself, so a stream nobody else consumes
 * is offered too), and the ones the demo traffic publishes. A stream once
 * seen stays offered while the page is open, so a view never vanishes
 * because its sender paused.
 */
import { useEffect, useState } from 'react';
import type { StreamFinderScope } from '../../../../shared/plots';
import { useLabwireApi } from '../../transport/transportContext';
import { compareNatural } from './telemetrySources';

const ASK_INTERVAL_MS = 2000;
export const EEG_CHANNEL_PATTERN = 'user:*:raw';
export const EEG_FIELD_PATH = 'channels.*';
const EEG_CHANNEL = /^user:[^:]+:raw$/;

export function isEegChannel(channel: string): boolean {
  return EEG_CHANNEL.test(channel);
}

export interface EegStream {
  channel: string;
  /** Where the samples are in each message, e.g. "channels.*". */
  fieldPath: string;
}

export interface EegStreamFindings {
  streams: EegStream[];
  /** What the bus could listen to; null until it answered. */
  scope: StreamFinderScope | null;
}

export function useEegStreams(profileId: string, isReady: boolean, publishedChannels: readonly string[]): EegStreamFindings {
  const api = useLabwireApi();
  const [found, setFound] = useState<readonly EegStream[]>([]);
  const [scope, setScope] = useState<StreamFinderScope | null>(null);

  useEffect(() => {
    if (!isReady) return;
    let isActive = true;
    const ask = async (): Promise<void> => {
      const result = await api.request('plots:streams', { profileId });
      if (!isActive || !result.ok) return;
      setScope(result.value.scope);
      const offered = result.value.streams.map(({ channel, fieldPath }) => ({ channel, fieldPath }));
      setFound((previous) => mergeStreams(previous, offered));
    };
    void ask();
    const timer = setInterval(() => void ask(), ASK_INTERVAL_MS);
    return () => {
      isActive = false;
      clearInterval(timer);
    };
  }, [api, profileId, isReady]);

  // Streams the demo traffic published stay offered after it stops (state adjusted while rendering, as React recommends).
  const published = publishedChannels.filter(isEegChannel).map((channel) => ({ channel, fieldPath: EEG_FIELD_PATH }));
  const merged = mergeStreams(found, published);
  if (merged !== found) setFound(merged);
  return { streams: [...found].sort((a, b) => compareNatural(a.channel, b.channel)), scope };
}

/** `previous` itself when nothing is new (so React sees no change). */
export function mergeStreams(previous: readonly EegStream[], offered: readonly EegStream[]): readonly EegStream[] {
  const added = offered.filter((stream) => !previous.some((known) => known.channel === stream.channel));
  return added.length === 0 ? previous : [...previous, ...added];
}
