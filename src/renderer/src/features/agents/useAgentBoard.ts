import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AgentBoardSnapshot } from '../../../../shared/features/agentsContract';
import { callBus } from '../../api/callBus';
import { useLabwireApi } from '../../transport/transportContext';
import { agentQueryKeys } from './agentQueryKeys';

/**
 * The board asked for once a second: agents report every few seconds, and
 * the ages ("12 s ago") the bus computes at each snapshot must tick on
 * screen. A snapshot is small (capped agents, decisions and tasks).
 */
export const BOARD_REFRESH_MS = 1000;

export function useAgentBoard(profileId: string, nameFilter: string, pinnedIds: readonly string[]) {
  const api = useLabwireApi();
  return useQuery<AgentBoardSnapshot>({
    queryKey: agentQueryKeys.board(profileId, nameFilter, pinnedIds),
    queryFn: () => callBus(api, 'agents:board', { profileId, nameFilter, pinnedIds: [...pinnedIds] }),
    refetchInterval: BOARD_REFRESH_MS,
    // Typing in the filter keeps the last board on screen instead of flashing empty.
    placeholderData: keepPreviousData,
  });
}
