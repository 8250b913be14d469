/** The alerts queries of one profile, and the one refresh that keeps every profile's list current (alertListSnapshots.ts). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AlertHistoryEntry, AlertList, AlertSettings } from '../../../../shared/features/alertsContract';
import { callBus } from '../../api/callBus';
import { useLabwireApi } from '../../transport/transportContext';
import { alertsQueryKeys } from './alertsQueryKeys';
import { AlertListRefresh, alertListQuery } from './alertListSnapshots';

/** Mounted once, in the app shell: reads the lists (and histories) again when the bus says they changed. */
export function useAlertListRefresh(): void {
  const api = useLabwireApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = new AlertListRefresh(queryClient);
    const stop = api.onDidReceiveEvent((event) => refresh.handle(event));
    return () => {
      stop();
      refresh.dispose();
    };
  }, [api, queryClient]);
}

export function useAlertList(profileId: string) {
  const api = useLabwireApi();
  return useQuery<AlertList>(alertListQuery(api, profileId));
}

export function useAlertSettings(profileId: string) {
  const api = useLabwireApi();
  return useQuery<AlertSettings>({ queryKey: alertsQueryKeys.settings(profileId), queryFn: () => callBus(api, 'alerts:settings', { profileId }) });
}

export function useAlertHistory(profileId: string, isShown: boolean) {
  const api = useLabwireApi();
  return useQuery<AlertHistoryEntry[]>({
    queryKey: alertsQueryKeys.history(profileId),
    queryFn: () => callBus(api, 'alerts:history', { profileId, limit: 200 }),
    enabled: isShown,
  });
}
