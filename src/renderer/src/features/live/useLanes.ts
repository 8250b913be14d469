/** The profile's lanes: listed by the bus, kept fresh by feed frames and by the answers to lane actions. */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ConnectionStateName } from '../../../../shared/connectionState';
import type { Lane } from '../../../../shared/liveChannels';
import { callBus } from '../../api/callBus';
import { useLabwireApi } from '../../transport/transportContext';
import { liveQueryKeys } from './liveQueryKeys';

export function useLanes(profileId: string, connectionState: ConnectionStateName) {
  const api = useLabwireApi();
  const queryClient = useQueryClient();
  const query = useQuery<Lane[]>({
    queryKey: liveQueryKeys.lanes(profileId),
    queryFn: () => callBus(api, 'lanes:list', { profileId }),
    staleTime: 0,
  });
  // Closing the connection ends its lanes in the bus; reconnecting restores the ones that were interrupted.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: liveQueryKeys.lanes(profileId) });
  }, [queryClient, profileId, connectionState]);
  return query;
}

/** Puts lanes (new or changed) into the cached list, keeping the order they were added in. */
export function mergeLanes(queryClient: QueryClient, profileId: string, lanes: readonly Lane[]): void {
  queryClient.setQueryData<Lane[]>(liveQueryKeys.lanes(profileId), (current = []) => {
    const next = [...current];
    for (const lane of lanes) {
      const index = next.findIndex((candidate) => candidate.id === lane.id);
      if (index >= 0) next[index] = lane;
      else next.push(lane);
    }
    return next;
  });
}

export function dropLaneFromCache(queryClient: QueryClient, profileId: string, laneId: string): void {
  queryClient.setQueryData<Lane[]>(liveQueryKeys.lanes(profileId), (current = []) => current.filter((lane) => lane.id !== laneId));
}
