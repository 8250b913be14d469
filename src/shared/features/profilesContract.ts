/** The profiles feature's slice of the contract: saved connection profiles, their import and export. */
import { MAX_PROFILE_IMPORT_CHARS, MAX_TOPOLOGY_NODES, PROFILE_COLORS, type Profile, type ProfileDraft } from '../profile';
import { arrayOf, boolean, empty, idCheck, integer, nullable, oneOf, optional, shape, string, variants } from '../requestChecks';
import { request } from '../requestSlice';

const tlsSettings = shape({
  isEnabled: boolean,
  caFile: string(4096),
  certFile: string(4096),
  keyFile: string(4096),
  servername: string(253),
  shouldVerify: boolean,
});

const nodeAddress = shape({ host: string(253), port: integer(0, 65535) });

const topology = variants('mode', {
  standalone: shape({ mode: oneOf(['standalone']) }),
  sentinel: shape({
    mode: oneOf(['sentinel']),
    sentinels: arrayOf(nodeAddress, MAX_TOPOLOGY_NODES),
    masterName: string(253),
    sentinelUsername: string(256),
    sentinelTls: tlsSettings,
  }),
  cluster: shape({
    mode: oneOf(['cluster']),
    seeds: arrayOf(nodeAddress, MAX_TOPOLOGY_NODES),
    natMap: arrayOf(shape({ from: nodeAddress, to: nodeAddress }), MAX_TOPOLOGY_NODES * 4),
  }),
});

/** Also checks the draft `connection:test` tries. */
export const profileDraftCheck = shape({
  id: optional(idCheck),
  name: string(200),
  host: string(253),
  port: integer(0, 65535),
  db: integer(0, 1_000_000),
  username: string(256),
  password: optional(nullable(string(4096))),
  tls: tlsSettings,
  color: oneOf(PROFILE_COLORS),
  isReadOnly: boolean,
  isProduction: boolean,
  operatorName: optional(string(200)),
  deadLetterTemplates: optional(arrayOf(string(200), 20)),
  topology: optional(topology),
  sentinelPassword: optional(nullable(string(4096))),
});

export const PROFILES_REQUESTS = {
  'profiles:list': request<Record<string, never>, Profile[]>(empty),
  'profiles:save': request<ProfileDraft, Profile>(profileDraftCheck),
  'profiles:duplicate': request<{ id: string }, Profile>(shape({ id: idCheck })),
  'profiles:delete': request<{ id: string }, { id: string }>(shape({ id: idCheck })),
  /** Exported JSON never contains secrets. */
  'profiles:export': request<{ ids?: string[] }, { json: string; count: number }>(shape({ ids: optional(arrayOf(idCheck, 10_000)) })),
  'profiles:import': request<{ json: string }, { imported: Profile[] }>(shape({ json: string(MAX_PROFILE_IMPORT_CHARS) })),
};

export type ProfilesEvent = { type: 'profiles:changed'; profiles: Profile[] };
