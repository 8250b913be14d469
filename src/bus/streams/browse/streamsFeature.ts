/** The streams browser's bus part: the list of streams, pages of entries, one entry in full, and searches. */
import type { ClientId } from '../../../shared/contract';
import type { STREAMS_REQUESTS, StreamSearchProgress } from '../../../shared/features/streamsContract';
import { fail, ok, type Result } from '../../../shared/result';
import type { BusFeature, BusServices } from '../../busFeature';
import { readEntriesPage, readEntryDetail } from './streamEntriesReader';
import { deadLetterTemplatesOf } from '../../../shared/deadLetterNames';
import { listStreams, readStreamFacts } from './streamList';
import { streamKeyArgument } from './streamKeyArgument';
import { runSearch, type SearchControl } from './streamSearch';
import type { LabwireClient } from '../../connections/connectClient';

interface RunningSearch extends SearchControl {
  profileId: string;
  /** The window that started it: only it may see its progress or stop it. */
  clientId: ClientId;
  progress: StreamSearchProgress;
}

/** Searches one bus runs at once (each reads up to MAX_SEARCH_ENTRIES). */
const MAX_RUNNING_SEARCHES = 8;

export function createStreamsFeature(services: BusServices): BusFeature<keyof typeof STREAMS_REQUESTS> {
  const searches = new Map<string, RunningSearch>();

  const connected = (profileId: string): Result<{ client: LabwireClient; username: string; templates: readonly string[] }> => {
    const profile = services.profiles.get(profileId);
    if (!profile) return fail('NOT_FOUND', 'This connection profile no longer exists.');
    const client = services.connections.dataClient(profileId);
    if (!client || client.status !== 'ready') {
      return fail('NOT_CONNECTED', `Labwire is not connected to "${profile.name}", so its streams cannot be read. Connect first.`);
    }
    return ok({ client, username: profile.username, templates: deadLetterTemplatesOf(profile) });
  };

  return {
    name: 'streams',
    handlers: {
      'streams:list': async (request) => {
        const at = connected(request.profileId);
        if (!at.ok) return at;
        return listStreams(at.value.client, request, at.value.templates, at.value.username);
      },
      'streams:facts': async ({ profileId, keysBase64 }) => {
        const at = connected(profileId);
        if (!at.ok) return at;
        const keys: Buffer[] = [];
        for (const keyBase64 of keysBase64) {
          const key = streamKeyArgument({ key: '', keyBase64 });
          if (!key.ok) return key;
          keys.push(Buffer.isBuffer(key.value) ? key.value : Buffer.from(key.value));
        }
        return ok({ streams: await readStreamFacts(at.value.client, keys, at.value.templates, at.value.username) });
      },
      'streams:entries': async (request) => {
        const at = connected(request.profileId);
        if (!at.ok) return at;
        return readEntriesPage(at.value.client, request, at.value.username);
      },
      'streams:entryDetail': async ({ profileId, key, keyBase64, id }) => {
        const at = connected(profileId);
        if (!at.ok) return at;
        return readEntryDetail(at.value.client, key, id, at.value.username, keyBase64);
      },
      'streams:search': async (request, clientId) => {
        const at = connected(request.profileId);
        if (!at.ok) return at;
        if (searches.has(request.searchId)) return fail('INVALID', 'A search with this id is already running.', { field: 'searchId' });
        if (searches.size >= MAX_RUNNING_SEARCHES) return fail('INVALID', 'Too many searches are running. Stop one, or wait for one to finish.');
        const control: RunningSearch = {
          isStopped: false,
          profileId: request.profileId,
          clientId,
          progress: { searchId: request.searchId, scanned: 0, matched: 0, newestId: null, oldestId: null },
        };
        searches.set(request.searchId, control);
        try {
          return await runSearch(at.value.client, request, control, at.value.username, (progress) => {
            control.progress = progress;
          });
        } finally {
          searches.delete(request.searchId);
        }
      },
      'streams:searchProgress': async ({ searchId }, clientId) => {
        const search = searches.get(searchId);
        return ok({ progress: search?.clientId === clientId ? { ...search.progress } : null });
      },
      'streams:searchStop': async ({ searchId }, clientId) => {
        const search = searches.get(searchId);
        const isOwn = search?.clientId === clientId;
        if (search && isOwn) search.isStopped = true;
        return ok({ wasRunning: isOwn });
      },
    },
    releaseClient(clientId) {
      // A window that closed stops its searches: nobody is left to read them.
      for (const search of searches.values()) if (search.clientId === clientId) search.isStopped = true;
    },
    closeProfile(profileId) {
      for (const search of searches.values()) if (search.profileId === profileId) search.isStopped = true;
    },
    dispose() {
      for (const search of searches.values()) search.isStopped = true;
    },
  };
}
