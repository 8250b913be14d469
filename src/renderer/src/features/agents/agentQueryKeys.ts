/** React Query keys of the agents feature, one place so invalidation matches. */
export const agentQueryKeys = {
  all: (profileId: string) => ['agents', profileId] as const,
  board: (profileId: string, nameFilter: string, pinnedIds: readonly string[]) => ['agents', profileId, 'board', nameFilter, pinnedIds.join('\n')] as const,
  message: (profileId: string, agentId: string) => ['agents', profileId, 'message', agentId] as const,
  mapping: (profileId: string) => ['agents', profileId, 'mapping'] as const,
  paths: (profileId: string, channel: string) => ['agents', profileId, 'paths', channel] as const,
};
