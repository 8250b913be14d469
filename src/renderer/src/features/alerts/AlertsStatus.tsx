/**
 * The count of unacknowledged alerts in the status bar, always visible, and
 * (in serve mode) the browser notifications for critical alerts, since
 * the status bar is always mounted.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { HostKind } from '../../../../shared/contract';
import { callBus } from '../../api/callBus';
import { useLabwireApi } from '../../transport/transportContext';
import { alertsQueryKeys } from './alertsQueryKeys';
import { showBrowserNotification } from './browserNotifications';
import { countWords } from '../../../../shared/countWords';

export function AlertsStatus({ host }: { host: HostKind | undefined }) {
  const api = useLabwireApi();
  const queryClient = useQueryClient();
  const count = useQuery<{ unacknowledged: number }>({ queryKey: alertsQueryKeys.count, queryFn: () => callBus(api, 'alerts:count', {}) });

  useEffect(
    () =>
      api.onDidReceiveEvent((event) => {
        if (event.type === 'alerts:changed') queryClient.setQueryData(alertsQueryKeys.count, { unacknowledged: event.unacknowledged });
        if (event.type === 'alerts:notify' && host === 'serve') showBrowserNotification(event.title, event.body);
      }),
    [api, queryClient, host],
  );

  const unacknowledged = count.data?.unacknowledged;
  const text = unacknowledged === undefined ? 'Alerts: …' : unacknowledged === 0 ? 'No unacknowledged alerts' : countWords(unacknowledged, 'unacknowledged alert');
  return (
    <span className={`status-bar-alerts ${unacknowledged ? 'status-bar-alerts-firing' : ''}`} data-testid="status-unacknowledged-alerts" title="Firing alerts nobody has acknowledged or silenced, on every connected profile">
      {text}
    </span>
  );
}
