/**
 * Numeric field paths seen on a channel, for autocomplete. The bus starts
 * listening on the first ask, so the hook asks again a moment later and
 * then every few seconds while the channel stays the same. Only paths the
 * shared field-path module reads are offered, so picking a suggestion can
 * never be refused by the bus for its syntax.
 */
import { useEffect, useState } from 'react';
import { parseFieldPath } from '../../../../shared/fieldPath';
import { useLabwireApi } from '../../transport/transportContext';

const TYPING_SETTLE_MS = 500;
const SECOND_ASK_MS = 1500;
const REPEAT_ASK_MS = 5000;

export function usePathSuggestions(profileId: string, channel: string): { channel: string; paths: string[] } {
  const api = useLabwireApi();
  const [found, setFound] = useState<{ channel: string; paths: string[] }>({ channel: '', paths: [] });
  const trimmed = channel.trim();

  useEffect(() => {
    if (trimmed === '') return;
    let isActive = true;
    const ask = async (): Promise<void> => {
      const result = await api.request('plots:paths', { profileId, channel: trimmed });
      if (isActive && result.ok) setFound({ channel: trimmed, paths: result.value.paths.filter((path) => parseFieldPath(path).ok) });
    };
    const timers = [setTimeout(() => void ask(), TYPING_SETTLE_MS), setTimeout(() => void ask(), TYPING_SETTLE_MS + SECOND_ASK_MS)];
    const repeat = setInterval(() => void ask(), REPEAT_ASK_MS);
    return () => {
      isActive = false;
      timers.forEach(clearTimeout);
      clearInterval(repeat);
    };
  }, [api, profileId, trimmed]);

  return found.channel === trimmed ? found : { channel: trimmed, paths: [] };
}
