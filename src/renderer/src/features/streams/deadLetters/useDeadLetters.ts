/** Queries of the dead-letters panel, and a bulk run's status kept fresh by its progress events. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { BulkRunStatus, DeadLetterList, DeadLetterPage } from '../../../../../shared/features/deadLettersContract';
import { callBus } from '../../../api/callBus';
import { useLabwireApi } from '../../../transport/transportContext';

/** Dead letters shown per page. */
export const DEAD_LETTER_PAGE_SIZE = 50;
const MAX_RUNS_REMEMBERED = 20;

export const deadLetterKeys = {
  all: (profileId: string) => ['dlq', profileId] as const,
  list: (profileId: string, origin: string) => ['dlq', profileId, 'list', origin] as const,
  page: (profileId: string, dlqKey: string, beforeId: string | null) => ['dlq', profileId, 'page', dlqKey, beforeId] as const,
};

export function useDeadLetterStreamsOf(profileId: string, origin: string) {
  const api = useLabwireApi();
  return useQuery<DeadLetterList>({
    queryKey: deadLetterKeys.list(profileId, origin),
    queryFn: () => callBus(api, 'dlq:list', { profileId, origin }),
    staleTime: 0,
  });
}

export function useDeadLetterPage(profileId: string, dlqKey: string, beforeId: string | null) {
  const api = useLabwireApi();
  return useQuery<DeadLetterPage>({
    queryKey: deadLetterKeys.page(profileId, dlqKey, beforeId),
    queryFn: () => callBus(api, 'dlq:entries', { profileId, dlqKey, beforeId, count: DEAD_LETTER_PAGE_SIZE }),
    staleTime: 0,
  });
}

/**
 * The run's newest status: its progress events, else the answer that started
 * it. Listens before any run starts, so a short run's last event, which can
 * arrive before the answer is rendered, is not missed.
 */
export function useBulkRunStatus(started: BulkRunStatus | null): BulkRunStatus | null {
  const api = useLabwireApi();
  const [latest, setLatest] = useState<ReadonlyMap<string, BulkRunStatus>>(new Map());
  useEffect(
    () =>
      api.onDidReceiveEvent((event) => {
        if (event.type !== 'dlq:bulkProgress') return;
        setLatest((known) => {
          const next = new Map(known).set(event.status.runId, event.status);
          // Runs of other windows arrive too: keep the newest few.
          for (const runId of next.keys()) if (next.size > MAX_RUNS_REMEMBERED) next.delete(runId);
          return next;
        });
      }),
    [api],
  );
  if (!started) return null;
  return latest.get(started.runId) ?? started;
}
