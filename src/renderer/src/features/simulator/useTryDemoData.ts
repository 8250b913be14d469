import { useQueryClient } from '@tanstack/react-query';
import { DEFAULT_SIMULATOR_OPTIONS } from '../../../../shared/simulator';
import { queryKeys } from '../../api/queryKeys';
import { useBusMutation } from '../../api/useBusMutation';
import { useLabwireApi } from '../../transport/transportContext';

/**
 * Starts demo data with no server (the bus's demo profile) and hands its
 * profile id on, so the caller can show it. The profile list and states are
 * read again: the demo profile may be new. `stopConnecting` names a Redis
 * profile whose connection attempts end when the demo starts: it would
 * otherwise keep retrying out of sight.
 */
export function useTryDemoData(onUseProfile: (profileId: string) => void, stopConnecting?: string) {
  const queryClient = useQueryClient();
  const api = useLabwireApi();
  const start = useBusMutation('simulator:startOffline');
  // mutateAsync, not mutate's own callbacks: those are skipped when this component unmounts first, and the
  // demo profile appearing (profiles:changed) can re-render the page before the reply: the retrying profile
  // was then left retrying out of sight (seen as a CI e2e failure).
  const tryDemo = async (): Promise<void> => {
    let started;
    try {
      started = await start.mutateAsync({ options: DEFAULT_SIMULATOR_OPTIONS });
    } catch {
      return; // start.error says what went wrong
    }
    const { profile, status } = started;
    // Closed before the switch; a close that fails leaves the profile as it was, and its page says so.
    if (stopConnecting !== undefined) await api.request('connection:close', { profileId: stopConnecting });
    queryClient.setQueryData(queryKeys.simulatorStatus(profile.id), status);
    void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
    void queryClient.invalidateQueries({ queryKey: queryKeys.connectionStates });
    onUseProfile(profile.id);
  };
  return { tryDemo, isPending: start.isPending, error: start.error };
}
