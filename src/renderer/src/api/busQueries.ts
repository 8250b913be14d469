/** Queries for the bus's lists and snapshots; bus events keep their cache fresh (see useBusEventsInCache). */
import { useQuery } from '@tanstack/react-query';
import type { ConnectionState, ServerFacts } from '../../../shared/connectionState';
import type { HelloInfo } from '../../../shared/contract';
import type { Profile } from '../../../shared/profile';
import type { SimulatorStatus } from '../../../shared/simulator';
import { useLabwireApi } from '../transport/transportContext';
import { callBus } from './callBus';
import { queryKeys } from './queryKeys';

const IDLE: ConnectionState = { state: 'idle' };

export function useHello() {
  const api = useLabwireApi();
  return useQuery<HelloInfo>({ queryKey: queryKeys.hello, queryFn: () => callBus(api, 'system:hello', {}) });
}

export function useProfiles() {
  const api = useLabwireApi();
  return useQuery<Profile[]>({ queryKey: queryKeys.profiles, queryFn: () => callBus(api, 'profiles:list', {}) });
}

export function useConnectionStates() {
  const api = useLabwireApi();
  return useQuery<Record<string, ConnectionState>>({
    queryKey: queryKeys.connectionStates,
    queryFn: () => callBus(api, 'connection:states', {}),
  });
}

export function useConnectionState(profileId: string): ConnectionState {
  return useConnectionStates().data?.[profileId] ?? IDLE;
}

export function useServerFacts(profileId: string, isReady: boolean) {
  const api = useLabwireApi();
  return useQuery<ServerFacts>({
    queryKey: queryKeys.serverFacts(profileId),
    queryFn: () => callBus(api, 'connection:facts', { profileId }),
    enabled: isReady,
    // Facts from an earlier connection are history: read fresh ones whenever the card appears.
    staleTime: 0,
  });
}

export function useSimulatorStatus(profileId: string) {
  const api = useLabwireApi();
  return useQuery<SimulatorStatus>({
    queryKey: queryKeys.simulatorStatus(profileId),
    queryFn: () => callBus(api, 'simulator:status', { profileId }),
    staleTime: 0,
  });
}
