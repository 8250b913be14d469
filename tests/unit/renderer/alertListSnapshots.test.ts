import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import type { BusEvent, BusFrame, LabwireApi, RequestMethod, RequestParams, RequestResult } from '../../../src/shared/contract';
import type { AlertList } from '../../../src/shared/features/alertsContract';
import { fail, ok, type Result } from '../../../src/shared/result';
import { AlertListRefresh, alertListQuery, unacknowledgedInLists, type SettleTimers } from '../../../src/renderer/src/features/alerts/alertListSnapshots';
import { alertsQueryKeys } from '../../../src/renderer/src/features/alerts/alertsQueryKeys';

/** Stands in for the bus: each watched profile's unacknowledged count, and the requests it was asked. */
class FakeAlertsApi implements LabwireApi {
  readonly counts = new Map<string, number>();
  readonly asked: string[] = [];

  async request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<Result<RequestResult<M>>> {
    const profileId = (params as { profileId?: string }).profileId ?? '';
    this.asked.push(`${method} ${profileId}`.trim());
    const list: AlertList = { alerts: [], unacknowledged: this.counts.get(profileId) ?? 0, forgotten: 0, mutes: [] };
    if (method === 'alerts:list') return ok(list) as Result<RequestResult<M>>;
    if (method === 'alerts:watched') return ok({ profileIds: [...this.counts.keys()] }) as Result<RequestResult<M>>;
    return fail('INTERNAL', `unexpected ${method}`) as Result<RequestResult<M>>;
  }

  onDidReceiveEvent(_listener: (event: BusEvent) => void): () => void {
    return () => undefined;
  }

  onDidReceiveFrame(_listener: (frame: BusFrame) => void): () => void {
    return () => undefined;
  }
}

/** The settle delay, run when the test says. */
class FakeSettleTimers implements SettleTimers {
  private waiting: (() => void)[] = [];
  set(callback: () => void): unknown {
    this.waiting.push(callback);
    return callback;
  }
  clear(handle: unknown): void {
    this.waiting = this.waiting.filter((callback) => callback !== handle);
  }
  runAll(): void {
    const due = this.waiting;
    this.waiting = [];
    for (const callback of due) callback();
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/** What the status bar and the alerts panel of `profileId` show, from the cache as the components read it. */
function onScreen(queryClient: QueryClient, profileId: string): { bar: number | undefined; panel: number | undefined } {
  const watched = queryClient.getQueryData<{ profileIds: string[] }>(alertsQueryKeys.watched)?.profileIds ?? [];
  return {
    bar: unacknowledgedInLists(watched.map((id) => queryClient.getQueryData<AlertList>(alertsQueryKeys.list(id)))),
    panel: queryClient.getQueryData<AlertList>(alertsQueryKeys.list(profileId))?.unacknowledged,
  };
}

async function setUp() {
  const api = new FakeAlertsApi();
  api.counts.set('lab', 0);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const timers = new FakeSettleTimers();
  const refresh = new AlertListRefresh(queryClient, timers);
  // The panel's list and the status bar's watched set, observed as mounted components observe them.
  const stops = [
    new QueryObserver(queryClient, { queryKey: alertsQueryKeys.watched, queryFn: () => api.request('alerts:watched', {}).then((result) => (result.ok ? result.value : { profileIds: [] })) }).subscribe(() => undefined),
    new QueryObserver(queryClient, alertListQuery(api, 'lab')).subscribe(() => undefined),
  ];
  await settle();
  return { api, queryClient, timers, refresh, stop: () => stops.forEach((stop) => stop()) };
}

test('an alert firing changes the status bar and the panel in the same step: both read the list, never the event', async () => {
  const { api, queryClient, timers, refresh, stop } = await setUp();
  const seen = [onScreen(queryClient, 'lab')];
  api.counts.set('lab', 1);
  refresh.handle({ type: 'alerts:changed', profileId: 'lab', isWatched: true, unacknowledged: 1 });
  seen.push(onScreen(queryClient, 'lab'));
  timers.runAll();
  await settle();
  seen.push(onScreen(queryClient, 'lab'));
  stop();
  assert.deepStrictEqual(seen, [
    { bar: 0, panel: 0 },
    { bar: 0, panel: 0 },
    { bar: 1, panel: 1 },
  ]);
});

test('a profile the bus stops watching leaves the count at once, and its list is not read again (that would watch it again)', async () => {
  const { api, queryClient, timers, refresh, stop } = await setUp();
  api.counts.set('lab', 2);
  refresh.handle({ type: 'alerts:changed', profileId: 'lab', isWatched: true, unacknowledged: 2 });
  timers.runAll();
  await settle();
  api.asked.length = 0;
  refresh.handle({ type: 'alerts:changed', profileId: 'lab', isWatched: false, unacknowledged: 0 });
  refresh.handle({ type: 'alerts:changed', profileId: 'freezers', isWatched: true, unacknowledged: 0 });
  timers.runAll();
  await settle();
  const watched = queryClient.getQueryData<{ profileIds: string[] }>(alertsQueryKeys.watched);
  stop();
  refresh.dispose();
  assert.deepStrictEqual({ watched, asked: api.asked, bar: onScreen(queryClient, 'lab').bar }, { watched: { profileIds: ['freezers'] }, asked: [], bar: undefined });
});

test('the count adds up the lists read so far', () => {
  const list = (unacknowledged: number): AlertList => ({ alerts: [], unacknowledged, forgotten: 0, mutes: [] });
  assert.deepStrictEqual([unacknowledgedInLists([]), unacknowledgedInLists([undefined]), unacknowledgedInLists([list(2), undefined, list(3)])], [undefined, undefined, 5]);
});
