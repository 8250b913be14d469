import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ConnectionState } from '../../../shared/connectionState';
import type { BusEvent, HelloInfo } from '../../../shared/contract';
import { useLabwireApi, useLinkState } from '../transport/transportContext';
import { queryKeys } from './queryKeys';

function applyBusEvent(queryClient: QueryClient, event: BusEvent): void {
  switch (event.type) {
    case 'connection:state':
      queryClient.setQueryData<Record<string, ConnectionState>>(queryKeys.connectionStates, (states) => ({
        ...states,
        [event.profileId]: event.state,
      }));
      return;
    case 'connection:facts':
      queryClient.setQueryData(queryKeys.serverFacts(event.profileId), event.facts);
      return;
    case 'profiles:changed':
      queryClient.setQueryData(queryKeys.profiles, event.profiles);
      return;
    case 'simulator:status':
      queryClient.setQueryData(queryKeys.simulatorStatus(event.profileId), event.status);
      return;
    case 'localRedis:status':
      queryClient.setQueryData<HelloInfo>(queryKeys.hello, (hello) => (hello ? { ...hello, localRedis: event.status } : hello));
      return;
  }
}

/** Keeps the query cache in step with bus events, and refetches every snapshot after the link comes back. */
export function useBusEventsInCache(): void {
  const api = useLabwireApi();
  const queryClient = useQueryClient();
  const link = useLinkState();
  const wasDisconnected = useRef(false);

  useEffect(() => api.onDidReceiveEvent((event) => applyBusEvent(queryClient, event)), [api, queryClient]);

  useEffect(() => {
    if (link.state === 'reconnecting') wasDisconnected.current = true;
    if (link.state === 'connected' && wasDisconnected.current) {
      wasDisconnected.current = false;
      void queryClient.invalidateQueries();
    }
  }, [link, queryClient]);
}
