/** Connection profiles: one per Redis host a lab keeps. */
import { DEFAULT_DEAD_LETTER_TEMPLATES } from './deadLetterNames';

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
}

/** Fields a draft may leave out (clients older than them): a new profile takes the defaults, a saved one keeps its own. */
export type LaterProfileField = 'operatorName' | 'deadLetterTemplates';

/**
 * The largest profiles export an import accepts, in characters of JSON. The
 * request check, the bus and the import button all use this one number.
 */
export const MAX_PROFILE_IMPORT_CHARS = 10 * 1024 * 1024;

/** A profile as the renderer sees it: never the secret itself, only whether one is stored. */
export interface Profile extends ProfileFields {
  id: string;
  hasPassword: boolean;
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
  };
}

/** What audits call the operator when the profile names none. */
export const UNNAMED_OPERATOR = 'unnamed operator';
