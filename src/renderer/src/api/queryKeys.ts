/** React Query keys, written here only, so bus events and queries meet in one place. */
export const queryKeys = {
  hello: ['system', 'hello'] as const,
  profiles: ['profiles'] as const,
  connectionStates: ['connection', 'states'] as const,
  serverFacts: (profileId: string) => ['connection', 'facts', profileId] as const,
  simulatorStatus: (profileId: string) => ['simulator', 'status', profileId] as const,
};
