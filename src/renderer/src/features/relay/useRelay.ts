import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { RelayStatus } from '../../../../shared/features/relayContract';
import { callBus } from '../../api/callBus';
import { useBusMutation } from '../../api/useBusMutation';
import { useLabwireApi } from '../../transport/transportContext';

/** The client list's rates count whole seconds, so reading once a second shows each one. */
export const RELAY_STATUS_POLL_MS = 1000;
const RELAY_STATUS_KEY = ['relay', 'status'] as const;

export function useRelayStatus() {
  const api = useLabwireApi();
  return useQuery<RelayStatus>({
    queryKey: RELAY_STATUS_KEY,
    queryFn: () => callBus(api, 'relay:status', {}),
    refetchInterval: RELAY_STATUS_POLL_MS,
  });
}

/** Start and stop, each putting the answer straight into the status the panel shows. */
export function useRelayActions() {
  const queryClient = useQueryClient();
  const start = useBusMutation('relay:start');
  const stop = useBusMutation('relay:stop');
  const show = (status: RelayStatus): void => {
    queryClient.setQueryData(RELAY_STATUS_KEY, status);
  };
  return { start, stop, show };
}
