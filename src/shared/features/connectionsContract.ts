/** The connections feature's slice of the contract: one supervised connection per profile. */
import type { ConnectionState, ServerFacts } from '../connectionState';
import type { ProfileDraft } from '../profile';
import type { TopologyFacts } from '../topologyFacts';
import { empty, idCheck, shape } from '../requestChecks';
import { request } from '../requestSlice';
import { profileDraftCheck } from './profilesContract';

const profileOnly = shape({ profileId: idCheck });

export const CONNECTIONS_REQUESTS = {
  'connection:open': request<{ profileId: string }, ConnectionState>(profileOnly),
  'connection:close': request<{ profileId: string }, ConnectionState>(profileOnly),
  /** Connect once with the draft's settings (password undefined: the stored one), read facts, disconnect. */
  'connection:test': request<{ draft: ProfileDraft }, ServerFacts>(shape({ draft: profileDraftCheck })),
  /** Read fresh server facts over the open connection. */
  'connection:facts': request<{ profileId: string }, ServerFacts>(profileOnly),
  /** The Sentinel group (master, replicas, sentinels, last switch) or every Cluster node, read now over the open connection. */
  'connection:topology': request<{ profileId: string }, TopologyFacts>(profileOnly),
  /** A snapshot of every profile's state, for a renderer that just started. */
  'connection:states': request<Record<string, never>, Record<string, ConnectionState>>(empty),
};

export type ConnectionsEvent =
  | { type: 'connection:state'; profileId: string; state: ConnectionState }
  | { type: 'connection:facts'; profileId: string; facts: ServerFacts };
