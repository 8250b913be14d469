/** React Query keys of the live channels feature (the shared ones live in api/queryKeys.ts). */
export const liveQueryKeys = {
  lanes: (profileId: string) => ['live', 'lanes', profileId] as const,
  message: (profileId: string, generation: number, seq: number) => ['live', 'message', profileId, generation, seq] as const,
  discovery: (profileId: string, pattern: string) => ['live', 'discovery', profileId, pattern] as const,
};
