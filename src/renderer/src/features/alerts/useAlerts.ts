/** The alerts queries of one profile, refetched when the bus says the profile's alerts changed. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AlertHistoryEntry, AlertList, AlertSettings } from '../../../../shared/features/alertsContract';
import { callBus } from '../../api/callBus';
import { useLabwireApi } from '../../transport/transportContext';
import { alertsQueryKeys } from './alertsQueryKeys';

/** A flood of changes refetches at most this often. */
const REFETCH_SETTLE_MS = 250;

export function useAlertList(profileId: string) {
  const api = useLabwireApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = api.onDidReceiveEvent((event) => {
      if (event.type !== 'alerts:changed' || event.profileId !== profileId || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: alertsQueryKeys.list(profileId) });
        void queryClient.invalidateQueries({ queryKey: alertsQueryKeys.history(profileId) });
      }, REFETCH_SETTLE_MS);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [api, queryClient, profileId]);
  return useQuery<AlertList>({ queryKey: alertsQueryKeys.list(profileId), queryFn: () => callBus(api, 'alerts:list', { profileId }) });
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
