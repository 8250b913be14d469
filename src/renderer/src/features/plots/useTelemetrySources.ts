/**
 * Which senders publish on the offered telemetry channels: the bus keeps the
 * short text values it sees at each path ('plots:paths' textValues), so the
 * tab asks every few seconds and offers one chart per device or experiment id.
 */
import { useEffect, useState } from 'react';
import { useLabwireApi } from '../../transport/transportContext';
import { compareNatural, MAX_CHARTS_PER_SOURCE, TELEMETRY_SOURCES, type TelemetrySource } from './telemetrySources';

/** The bus starts listening on the first ask; later asks read what it saw. */
const ASK_INTERVAL_MS = 1500;

export interface SourceFindings {
  source: TelemetrySource;
  hasMessages: boolean;
  /** Natural order, at most MAX_CHARTS_PER_SOURCE. */
  ids: string[];
}

export function useTelemetrySources(profileId: string, isReady: boolean, lookAgainCount: number): SourceFindings[] {
  const api = useLabwireApi();
  const [findings, setFindings] = useState<Record<string, SourceFindings>>({});

  useEffect(() => {
    if (!isReady) return;
    let isActive = true;
    const ask = async (): Promise<void> => {
      for (const source of TELEMETRY_SOURCES) {
        const result = await api.request('plots:paths', { profileId, channel: source.channel });
        if (!isActive || !result.ok) continue;
        const found = result.value.textValues[source.idPath] ?? [];
        if (found.length === 0) continue;
        setFindings((previous) => {
          const known = previous[source.channel]?.ids ?? [];
          const ids = [...new Set([...known, ...found])].sort(compareNatural).slice(0, MAX_CHARTS_PER_SOURCE);
          if (ids.length === known.length) return previous;
          return { ...previous, [source.channel]: { source, hasMessages: true, ids } };
        });
      }
    };
    void ask();
    const timer = setInterval(() => void ask(), ASK_INTERVAL_MS);
    return () => {
      isActive = false;
      clearInterval(timer);
    };
  }, [api, profileId, isReady, lookAgainCount]);

  return TELEMETRY_SOURCES.map((source) => findings[source.channel]).filter((found): found is SourceFindings => found !== undefined);
}
