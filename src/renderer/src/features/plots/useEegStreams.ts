/**
 * The EEG streams to offer: `user:*:raw` channels someone listens on
 * (PUBSUB CHANNELS, asked every few seconds while the tab is open) and the
 * ones the demo traffic publishes. A stream once seen stays offered while
 * the tab is open, so a view never vanishes because a consumer left.
 */
import { useEffect, useState } from 'react';
import { useLabwireApi } from '../../transport/transportContext';
import { compareNatural } from './telemetrySources';

const DISCOVERY_INTERVAL_MS = 4000;
export const EEG_CHANNEL_PATTERN = 'user:*:raw';
const EEG_CHANNEL = /^user:[^:]+:raw$/;

export function isEegChannel(channel: string): boolean {
  return EEG_CHANNEL.test(channel);
}

export function useEegStreams(profileId: string, isReady: boolean, publishedChannels: readonly string[]): string[] {
  const api = useLabwireApi();
  const [discovered, setDiscovered] = useState<readonly string[]>([]);

  useEffect(() => {
    if (!isReady) return;
    let isActive = true;
    const discover = async (): Promise<void> => {
      const result = await api.request('channels:discover', { profileId, pattern: EEG_CHANNEL_PATTERN });
      if (!isActive || !result.ok) return;
      const names = result.value.channels.map((channel) => channel.subscribeName).filter((name): name is string => name !== null && isEegChannel(name));
      setDiscovered((previous) => (names.every((name) => previous.includes(name)) ? previous : [...new Set([...previous, ...names])]));
    };
    void discover();
    const timer = setInterval(() => void discover(), DISCOVERY_INTERVAL_MS);
    return () => {
      isActive = false;
      clearInterval(timer);
    };
  }, [api, profileId, isReady]);

  // Streams the demo traffic published stay offered after it stops (state adjusted while rendering, as React recommends).
  const newlyPublished = publishedChannels.filter((channel) => isEegChannel(channel) && !discovered.includes(channel));
  if (newlyPublished.length > 0) setDiscovered([...discovered, ...newlyPublished]);
  return [...discovered].sort(compareNatural);
}
