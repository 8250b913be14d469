/** Connection profiles: one per Redis host a lab keeps. */
import { DEFAULT_DEAD_LETTER_TEMPLATES } from './deadLetterNames';
import { countWords } from './countWords';

export const PROFILE_COLORS = ['slate', 'blue', 'green', 'amber', 'red', 'violet', 'teal', 'pink'] as const;
export type ProfileColor = (typeof PROFILE_COLORS)[number];

export interface TlsSettings {
  isEnabled: boolean;
  /** Path of a PEM file with the CA(s) to trust; empty uses the system CAs. */
  caFile: string;
  /** Path of the PEM client certificate, for mutual TLS; empty for none. */
  certFile: string;
  /** Path of the PEM private key of the client certificate; empty for none. */
  keyFile: string;
  /** Name expected in the server certificate; empty means the host field. */
  servername: string;
  /** Verify the server certificate. Off only for lab hosts with broken certificates. */
  shouldVerify: boolean;
}

/** One node's address as the user typed it. */
export interface NodeAddress {
  host: string;
  /** TCP port, 1..65535. */
  port: number;
}

/** A cluster node's announced address and the address Labwire dials instead (NAT, Docker). */
export interface AddressMapping {
  from: NodeAddress;
  to: NodeAddress;
}

/** The most nodes a profile lists (sentinels, seeds or address mappings); more belong in discovery. */
export const MAX_TOPOLOGY_NODES = 16;

/**
 * How the profile reaches its data. Standalone: `host` and `port` name the
 * server. Sentinel: the sentinels name the current master of `masterName`;
 * `host` and `port` are not used. Cluster: the seeds are asked for every
 * node; `host` and `port` are not used.
 */
export type ProfileTopology =
  | { mode: 'standalone' }
  | {
      mode: 'sentinel';
      /** Asked in this order; one that answers is enough. */
      sentinels: NodeAddress[];
      /** The name the sentinels monitor the master under (`sentinel monitor <name> ...`). */
      masterName: string;
      /** The sentinels' own ACL user; empty means none. Their password is its own secret. */
      sentinelUsername: string;
      /** TLS towards the sentinels; the data nodes use `tls`. */
      sentinelTls: TlsSettings;
    }
  | {
      mode: 'cluster';
      /** Any few nodes of the cluster; the rest are discovered. */
      seeds: NodeAddress[];
      /** Applied to every address the cluster announces. */
      natMap: AddressMapping[];
    };

export type TopologyMode = ProfileTopology['mode'];
export const TOPOLOGY_MODES: readonly TopologyMode[] = ['standalone', 'sentinel', 'cluster'];

/** The fields a user edits. Secrets are not among them (see ProfileDraft). */
export interface ProfileFields {
  name: string;
  host: string;
  /** TCP port, 1..65535. */
  port: number;
  /** Logical database index, 0..15 on a default server. */
  db: number;
  /** ACL user name; empty means the `default` user. */
  username: string;
  tls: TlsSettings;
  color: ProfileColor;
  /** The bus refuses every write (publish, DLQ moves, simulator) for this profile. */
  isReadOnly: boolean;
  /** Risky actions ask for confirmation. */
  isProduction: boolean;
  /** Who acts through this profile, written in every stream audit entry; empty: "unnamed operator". */
  operatorName: string;
  /** How dead-letter streams are named from their origin; each holds `{stream}` (shared/deadLetterNames.ts). */
  deadLetterTemplates: string[];
  /** Standalone, Sentinel or Cluster; profiles saved before topologies load as standalone. */
  topology: ProfileTopology;
}

/** Fields a draft may leave out (clients older than them): a new profile takes the defaults, a saved one keeps its own. */
export type LaterProfileField = 'operatorName' | 'deadLetterTemplates' | 'topology';

/**
 * The largest profiles export an import accepts, in characters of JSON. The
 * request check, the bus and the import button all use this one number.
 */
export const MAX_PROFILE_IMPORT_CHARS = 10 * 1024 * 1024;

/** A profile as the renderer sees it: never the secret itself, only whether one is stored. */
export interface Profile extends ProfileFields {
  id: string;
  hasPassword: boolean;
  /** A password for the sentinels is stored (Sentinel profiles); absent means false. */
  hasSentinelPassword?: boolean;
  /** This profile points at a redis-server that Labwire starts and stops itself. */
  isManagedLocal: boolean;
  /**
   * Imported with TLS on: its CA and client certificate files were left behind
   * on the other computer, so the editor asks for them. Cleared by the next
   * save; absent means false.
   */
  shouldChooseTlsFiles?: boolean;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds. */
  updatedAt: number;
  /** Demo data generated on this computer, no server behind it (sources/demo/); absent means false. */
  isDemo?: boolean;
}

/**
 * What the editor sends to save. `password`: undefined keeps the stored one,
 * null removes it, a string replaces it. The string crosses into the bus once
 * and is never sent back.
 */
export interface ProfileDraft extends Omit<ProfileFields, LaterProfileField>, Partial<Pick<ProfileFields, LaterProfileField>> {
  /** Absent when creating a profile. */
  id?: string;
  password?: string | null;
  /** The sentinels' password, kept like `password` but bound to the sentinels' addresses. */
  sentinelPassword?: string | null;
}

export function defaultTlsSettings(): TlsSettings {
  return { isEnabled: false, caFile: '', certFile: '', keyFile: '', servername: '', shouldVerify: true };
}

export function defaultProfileFields(): ProfileFields {
  return {
    name: 'Local Redis',
    host: '127.0.0.1',
    port: 6379,
    db: 0,
    username: '',
    tls: defaultTlsSettings(),
    color: 'slate',
    isReadOnly: false,
    isProduction: false,
    operatorName: '',
    deadLetterTemplates: [...DEFAULT_DEAD_LETTER_TEMPLATES],
    topology: { mode: 'standalone' },
  };
}

/** Where a profile connects, in a few words for lists and headers. */
export function describeProfileAddress(fields: Pick<ProfileFields, 'host' | 'port' | 'topology'>): string {
  const { topology } = fields;
  // A Sentinel profile's first sentinel or a Cluster's first seed would read like the server's own address: say what the thing is.
  if (topology.mode === 'sentinel') return `Sentinel group '${topology.masterName}' via ${countWords(topology.sentinels.length, 'sentinel')}`;
  if (topology.mode === 'cluster') return `Cluster, ${countWords(topology.seeds.length, 'seed node')}`;
  return `${fields.host}:${fields.port}`;
}

/** What the editor fills in when the user switches to a mode. */
export function defaultTopology(mode: TopologyMode): ProfileTopology {
  if (mode === 'sentinel')
    return { mode, sentinels: [{ host: '127.0.0.1', port: 26379 }], masterName: 'mymaster', sentinelUsername: '', sentinelTls: defaultTlsSettings() };
  if (mode === 'cluster') return { mode, seeds: [{ host: '127.0.0.1', port: 7000 }], natMap: [] };
  return { mode };
}

/** What audits call the operator when the profile names none. */
export const UNNAMED_OPERATOR = 'unnamed operator';
