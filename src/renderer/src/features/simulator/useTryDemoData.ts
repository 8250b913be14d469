import { useQueryClient } from '@tanstack/react-query';
import { DEFAULT_SIMULATOR_OPTIONS } from '../../../../shared/simulator';
import { queryKeys } from '../../api/queryKeys';
import { useBusMutation } from '../../api/useBusMutation';

/**
 * Starts demo data with no server (the bus's demo profile) and hands its
 * profile id on, so the caller can show it. The profile list and states are
 * read again: the demo profile may be new.
 */
export function useTryDemoData(onUseProfile: (profileId: string) => void) {
  const queryClient = useQueryClient();
  const start = useBusMutation('simulator:startOffline');
  const tryDemo = (): void =>
    start.mutate(
      { options: DEFAULT_SIMULATOR_OPTIONS },
      {
        onSuccess: ({ profile, status }) => {
          queryClient.setQueryData(queryKeys.simulatorStatus(profile.id), status);
          void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
          void queryClient.invalidateQueries({ queryKey: queryKeys.connectionStates });
          onUseProfile(profile.id);
        },
      },
    );
  return { tryDemo, isPending: start.isPending, error: start.error };
}
