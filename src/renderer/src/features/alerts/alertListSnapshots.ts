/**
 * Every alert number on screen comes from one place: each watched
 * profile's `alerts:list` snapshot in the query cache. The status bar adds
 * up the snapshots' counts and the panel shows one snapshot; both read the
 * same cache entries, so they change in the same render. `alerts:changed`
 * only says whose list to read again; it carries no count that could run
 * ahead of the list (it did: the bar showed the event's count while the
 * list waited for its refetch, up to a second apart).
 */
import type { QueryClient } from '@tanstack/react-query';
import type { BusEvent, LabwireApi } from '../../../../shared/contract';
import type { AlertList } from '../../../../shared/features/alertsContract';
import { callBus } from '../../api/callBus';
import { alertsQueryKeys } from './alertsQueryKeys';

/** A flood of changes reads a profile's list at most this often. */
export const REFETCH_SETTLE_MS = 250;

/** The one query of a profile's alert list, shared by the panel and the status bar. */
export function alertListQuery(api: LabwireApi, profileId: string) {
  return { queryKey: alertsQueryKeys.list(profileId), queryFn: (): Promise<AlertList> => callBus(api, 'alerts:list', { profileId }) };
}

/** Unacknowledged alerts in the lists read so far (a list not read yet adds nothing, as its panel shows nothing yet); undefined before any. */
export function unacknowledgedInLists(lists: readonly (AlertList | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const list of lists) if (list) total = (total ?? 0) + list.unacknowledged;
  return total;
}

export interface SettleTimers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: SettleTimers = { set: (callback, delayMs) => setTimeout(callback, delayMs), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

/** Turns `alerts:changed` into reads of the lists (and histories) in the cache: the watched set at once, a list at most every REFETCH_SETTLE_MS. */
export class AlertListRefresh {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly queryClient: QueryClient,
    private readonly timers: SettleTimers = realTimers,
  ) {}

  handle(event: BusEvent): void {
    if (event.type !== 'alerts:changed') return;
    const { profileId, isWatched } = event;
    this.queryClient.setQueryData<{ profileIds: string[] }>(alertsQueryKeys.watched, (watched) => {
      if (!watched || watched.profileIds.includes(profileId) === isWatched) return watched;
      return { profileIds: isWatched ? [...watched.profileIds, profileId] : watched.profileIds.filter((id) => id !== profileId) };
    });
    // A closed profile's list is not read again: reading it would have the bus watch it again.
    if (!isWatched || this.pending.has(profileId)) return;
    const handle = this.timers.set(() => {
      this.pending.delete(profileId);
      void this.queryClient.invalidateQueries({ queryKey: alertsQueryKeys.list(profileId) });
      void this.queryClient.invalidateQueries({ queryKey: alertsQueryKeys.history(profileId) });
    }, REFETCH_SETTLE_MS);
    this.pending.set(profileId, handle);
  }

  dispose(): void {
    for (const handle of this.pending.values()) this.timers.clear(handle);
    this.pending.clear();
  }
}
