/** The profile's bridges, read about once a second (the bus sends no bridge events), and the actions on them. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { BridgeView, SerialPortInfo } from '../../../../shared/bridges';
import { callBus } from '../../api/callBus';
import { useBusMutation } from '../../api/useBusMutation';
import { useLabwireApi } from '../../transport/transportContext';
import { bridgeQueryKeys } from './bridgeQueryKeys';

const LIST_INTERVAL_MS = 1000;

export function useBridgeList(profileId: string) {
  const api = useLabwireApi();
  return useQuery<BridgeView[]>({
    queryKey: bridgeQueryKeys.list(profileId),
    queryFn: () => callBus(api, 'bridges:list', { profileId }),
    refetchInterval: LIST_INTERVAL_MS,
    staleTime: 0,
  });
}

/** The system's serial ports, listed when the editor opens and on "List again". */
export function useSerialPorts(isEnabled: boolean) {
  const api = useLabwireApi();
  return useQuery<{ ports: SerialPortInfo[]; note: string | null }>({
    queryKey: bridgeQueryKeys.ports,
    queryFn: () => callBus(api, 'bridges:ports', {}),
    enabled: isEnabled,
    staleTime: 0,
  });
}

/** Writes one bridge's fresh view into the cached list, so a button's answer shows before the next poll. */
export function useRememberBridge(profileId: string): (view: BridgeView) => void {
  const queryClient = useQueryClient();
  return (view) =>
    queryClient.setQueryData<BridgeView[]>(bridgeQueryKeys.list(profileId), (views = []) =>
      views.some((known) => known.config.id === view.config.id) ? views.map((known) => (known.config.id === view.config.id ? view : known)) : [...views, view],
    );
}

export function useForgetBridge(profileId: string): (bridgeId: string) => void {
  const queryClient = useQueryClient();
  return (bridgeId) => queryClient.setQueryData<BridgeView[]>(bridgeQueryKeys.list(profileId), (views = []) => views.filter((view) => view.config.id !== bridgeId));
}

/** Start, stop, pause/resume and remove, each answer written into the list. */
export function useBridgeActions(profileId: string) {
  const remember = useRememberBridge(profileId);
  const forget = useForgetBridge(profileId);
  const start = useBusMutation('bridges:start');
  const stop = useBusMutation('bridges:stop');
  const pause = useBusMutation('bridges:pause');
  const remove = useBusMutation('bridges:remove');
  const mutations = [start, stop, pause, remove];
  return {
    isPending: mutations.some((mutation) => mutation.isPending),
    error: mutations.find((mutation) => mutation.error !== null)?.error ?? null,
    reset: () => mutations.forEach((mutation) => mutation.reset()),
    start: (bridgeId: string) => start.mutate({ profileId, bridgeId }, { onSuccess: remember }),
    stop: (bridgeId: string) => stop.mutate({ profileId, bridgeId }, { onSuccess: remember }),
    setPaused: (bridgeId: string, isPaused: boolean) => pause.mutate({ profileId, bridgeId, isPaused }, { onSuccess: remember }),
    remove: (bridgeId: string) => remove.mutate({ profileId, bridgeId }, { onSuccess: ({ bridgeId: removed }) => forget(removed) }),
  };
}
