/** React Query keys of the alerts feature. */
export const alertsQueryKeys = {
  all: ['alerts'] as const,
  list: (profileId: string) => ['alerts', 'list', profileId] as const,
  watched: ['alerts', 'watched'] as const,
  settings: (profileId: string) => ['alerts', 'settings', profileId] as const,
  history: (profileId: string) => ['alerts', 'history', profileId] as const,
};
