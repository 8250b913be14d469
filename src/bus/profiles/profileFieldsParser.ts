/**
 * Turns untrusted JSON (a profiles file on disk, an imported export) into
 * ProfileFields, checking every type. Missing optional fields take their
 * defaults; a field of the wrong type is a problem naming that field. Value
 * ranges are findProfileProblems' job, not this one's.
 */
import {
  defaultProfileFields,
  defaultTlsSettings,
  PROFILE_COLORS,
  type LaterProfileField,
  type ProfileColor,
  type ProfileFields,
  type TlsSettings,
} from '../../shared/profile';
import type { FieldProblem } from '../../shared/profileValidation';
import { cleanTopology, readTopology } from './profileTopologyParser';

/** ProfileFields as a draft carries them: the later fields may be missing. */
export type ProfileDraftFields = Omit<ProfileFields, LaterProfileField> & Partial<Pick<ProfileFields, LaterProfileField>>;

export type FieldsParseResult = { ok: true; fields: ProfileFields } | { ok: false; problem: FieldProblem };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FieldReader {
  problem: FieldProblem | null = null;

  constructor(
    private readonly source: Record<string, unknown>,
    private readonly prefix: string,
  ) {}

  private report(key: string, message: string): void {
    this.problem ??= { field: this.prefix + key, message };
  }

  text(key: string, fallback: string | null, label: string): string {
    const value = this.source[key];
    if (value === undefined && fallback !== null) return fallback;
    if (typeof value === 'string') return value;
    this.report(key, value === undefined ? `The ${label} is missing.` : `The ${label} must be text.`);
    return fallback ?? '';
  }

  integer(key: string, fallback: number | null, label: string): number {
    const value = this.source[key];
    if (value === undefined && fallback !== null) return fallback;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    this.report(key, value === undefined ? `The ${label} is missing.` : `The ${label} must be a whole number.`);
    return fallback ?? 0;
  }

  flag(key: string, fallback: boolean, label: string): boolean {
    const value = this.source[key];
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.report(key, `The ${label} setting must be true or false.`);
    return fallback;
  }

  color(key: string, fallback: ProfileColor): ProfileColor {
    const value = this.source[key];
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (PROFILE_COLORS as readonly string[]).includes(value)) return value as ProfileColor;
    this.report(key, `The colour must be one of ${PROFILE_COLORS.join(', ')}.`);
    return fallback;
  }

  /** A list of texts; absent takes the fallback. */
  texts(key: string, fallback: readonly string[], label: string): string[] {
    const value = this.source[key];
    if (value === undefined) return [...fallback];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...(value as string[])];
    this.report(key, `The ${label} must be a list of texts.`);
    return [...fallback];
  }

  nested(key: string, label = 'TLS settings'): FieldReader | null {
    const value = this.source[key];
    if (value === undefined) return null;
    if (isRecord(value)) return new FieldReader(value, `${this.prefix}${key}.`);
    this.report(key, `The ${label} must be a group of fields.`);
    return null;
  }

  /** A list of groups of fields, one reader each; absent is an empty list. */
  groups(key: string, label: string): FieldReader[] {
    const value = this.source[key];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every(isRecord)) return value.map((item, index) => new FieldReader(item, `${this.prefix}${key}.${index}.`));
    this.report(key, `The ${label} must be a list of groups of fields.`);
    return [];
  }

  /** A text that must be one of `choices`; absent takes the fallback. */
  choice<T extends string>(key: string, choices: readonly T[], fallback: T, label: string): T {
    const value = this.source[key];
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    this.report(key, `The ${label} must be one of ${choices.join(', ')}.`);
    return fallback;
  }
}

export function readTls(reader: FieldReader | null): TlsSettings {
  const defaults = defaultTlsSettings();
  if (!reader) return defaults;
  return {
    isEnabled: reader.flag('isEnabled', defaults.isEnabled, 'TLS'),
    caFile: reader.text('caFile', defaults.caFile, 'CA file'),
    certFile: reader.text('certFile', defaults.certFile, 'client certificate file'),
    keyFile: reader.text('keyFile', defaults.keyFile, 'client key file'),
    servername: reader.text('servername', defaults.servername, 'TLS server name'),
    shouldVerify: reader.flag('shouldVerify', defaults.shouldVerify, 'certificate verification'),
  };
}

/** Name, host and port are required; everything else falls back to the defaults of a new profile. */
export function parseProfileFields(value: unknown): FieldsParseResult {
  if (!isRecord(value)) return { ok: false, problem: { field: '', message: 'This entry is not a profile (expected a group of fields).' } };
  const defaults = defaultProfileFields();
  const reader = new FieldReader(value, '');
  const tlsReader = reader.nested('tls');
  const fields: ProfileFields = {
    name: reader.text('name', null, 'name'),
    host: reader.text('host', null, 'server address'),
    port: reader.integer('port', null, 'port'),
    db: reader.integer('db', defaults.db, 'database number'),
    username: reader.text('username', defaults.username, 'user name'),
    tls: readTls(tlsReader),
    color: reader.color('color', defaults.color),
    isReadOnly: reader.flag('isReadOnly', defaults.isReadOnly, 'read-only'),
    isProduction: reader.flag('isProduction', defaults.isProduction, 'production'),
    operatorName: reader.text('operatorName', defaults.operatorName, 'operator name'),
    deadLetterTemplates: reader.texts('deadLetterTemplates', defaults.deadLetterTemplates, 'dead-letter name patterns'),
    topology: defaults.topology,
  };
  const topologyReader = reader.nested('topology', 'topology');
  const topology = topologyReader ? readTopology(topologyReader) : { ok: true as const, topology: defaults.topology };
  if (topology.ok) fields.topology = topology.topology;
  const problem = reader.problem ?? tlsReader?.problem ?? (topology.ok ? null : topology.problem);
  return problem ? { ok: false, problem } : { ok: true, fields };
}

/**
 * A copy holding exactly the ProfileFields keys, with names and addresses
 * trimmed. A draft from a client that predates the later fields takes the
 * defaults for them (the store passes the saved profile's values first).
 */
export function cleanProfileFields(source: ProfileDraftFields): ProfileFields {
  const defaults = defaultProfileFields();
  return {
    name: source.name.trim(),
    host: source.host.trim(),
    port: source.port,
    db: source.db,
    username: source.username,
    tls: {
      isEnabled: source.tls.isEnabled,
      caFile: source.tls.caFile,
      certFile: source.tls.certFile,
      keyFile: source.tls.keyFile,
      servername: source.tls.servername,
      shouldVerify: source.tls.shouldVerify,
    },
    color: source.color,
    isReadOnly: source.isReadOnly,
    isProduction: source.isProduction,
    operatorName: (source.operatorName ?? defaults.operatorName).trim(),
    deadLetterTemplates: (source.deadLetterTemplates ?? defaults.deadLetterTemplates).map((template) => template.trim()).filter((template) => template !== ''),
    topology: cleanTopology(source.topology ?? defaults.topology),
  };
}
