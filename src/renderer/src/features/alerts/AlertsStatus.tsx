/**
 * The count of unacknowledged alerts in the status bar, always visible, and
 * (in serve mode) the browser notifications for critical alerts, since
 * the status bar is always mounted. The count adds up the watched
 * profiles' alert lists, the very snapshots the alerts panel shows
 * (alertListSnapshots.ts), so the two always say the same.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { HostKind } from '../../../../shared/contract';
import { callBus } from '../../api/callBus';
import { useLabwireApi } from '../../transport/transportContext';
import { alertListQuery, unacknowledgedInLists } from './alertListSnapshots';
import { alertsQueryKeys } from './alertsQueryKeys';
import { showBrowserNotification } from './browserNotifications';
import { unacknowledgedStatusText } from './alertWords';

export function AlertsStatus({ host }: { host: HostKind | undefined }) {
  const api = useLabwireApi();
  const watched = useQuery<{ profileIds: string[] }>({ queryKey: alertsQueryKeys.watched, queryFn: () => callBus(api, 'alerts:watched', {}) });
  const profileIds = watched.data?.profileIds ?? [];
  const unacknowledged = useQueries({
    queries: profileIds.map((profileId) => alertListQuery(api, profileId)),
    combine: (lists) => unacknowledgedInLists(lists.map((list) => list.data)),
  });

  useEffect(
    () =>
      api.onDidReceiveEvent((event) => {
        if (event.type === 'alerts:notify' && host === 'serve') showBrowserNotification(event.title, event.body);
      }),
    [api, host],
  );

  const count = watched.data && profileIds.length === 0 ? 0 : unacknowledged;
  const text = unacknowledgedStatusText(count, profileIds.length);
  return (
    <span className={`status-bar-alerts ${count ? 'status-bar-alerts-firing' : ''}`} data-testid="status-unacknowledged-alerts" title="Firing alerts nobody has acknowledged or silenced, on every connected profile">
      {text}
    </span>
  );
}
