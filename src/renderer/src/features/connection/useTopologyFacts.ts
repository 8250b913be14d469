import { useQuery } from '@tanstack/react-query';
import type { TopologyFacts } from '../../../../shared/topologyFacts';
import { callBus } from '../../api/callBus';
import { useLabwireApi } from '../../transport/transportContext';

/** Read again this often while shown, so a switch or a failed node appears without a click. */
const TOPOLOGY_REFRESH_MS = 5_000;

/**
 * The profile's Sentinel group or Cluster as the bus reads it now
 * ('connection:topology'). The topology card and the profile header share
 * this one query (same key), so they never disagree about the master.
 */
export function useTopologyFacts(profileId: string, isEnabled: boolean) {
  const api = useLabwireApi();
  return useQuery<TopologyFacts>({
    queryKey: ['connectionTopology', profileId],
    queryFn: () => callBus(api, 'connection:topology', { profileId }),
    refetchInterval: TOPOLOGY_REFRESH_MS,
    staleTime: 0,
    enabled: isEnabled,
  });
}
