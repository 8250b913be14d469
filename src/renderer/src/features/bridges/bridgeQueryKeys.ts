/** React Query keys of the bridges feature, one place so updates and invalidation match. */
export const bridgeQueryKeys = {
  list: (profileId: string) => ['bridges', profileId, 'list'] as const,
  ports: ['bridges', 'ports'] as const,
};
