/** React Query keys of the publish feature (the shared ones live in api/queryKeys.ts); live imports publish, never the reverse. */
export const publishQueryKeys = {
  history: (profileId: string) => ['publish', 'history', profileId] as const,
};
