import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgentMapping } from '../../../../shared/features/agentsContract';
import { callBus } from '../../api/callBus';
import { useLabwireApi } from '../../transport/transportContext';
import { agentQueryKeys } from './agentQueryKeys';

export function useAgentMapping(profileId: string) {
  const api = useLabwireApi();
  const queryClient = useQueryClient();
  const mapping = useQuery<AgentMapping>({
    queryKey: agentQueryKeys.mapping(profileId),
    queryFn: () => callBus(api, 'agents:mapping:get', { profileId }),
  });
  const afterChange = (saved: AgentMapping): void => {
    queryClient.setQueryData(agentQueryKeys.mapping(profileId), saved);
    void queryClient.invalidateQueries({ queryKey: agentQueryKeys.all(profileId) });
  };
  const save = useMutation({
    mutationFn: (next: AgentMapping) => callBus(api, 'agents:mapping:set', { profileId, mapping: next }),
    onSuccess: afterChange,
  });
  const reset = useMutation({
    mutationFn: () => callBus(api, 'agents:mapping:reset', { profileId }),
    onSuccess: afterChange,
  });
  return { mapping, save, reset };
}

/** Field paths seen on a channel the board listens to, offered while typing a path. */
export function useOfferedPaths(profileId: string, channel: string) {
  const api = useLabwireApi();
  return useQuery<string[]>({
    queryKey: agentQueryKeys.paths(profileId, channel),
    queryFn: () => callBus(api, 'agents:paths', { profileId, channel }),
    enabled: channel.trim() !== '',
    refetchInterval: 5000,
  });
}
