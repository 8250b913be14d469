/**
 * The export format for sharing profiles between machines and colleagues:
 * `{format: 'labwire-profiles', version: 1, profiles: [ProfileFields...]}`.
 * It never carries ids, timestamps, secrets or TLS file paths (those name
 * files on the computer that exported it); an import ignores any of those a
 * hand-edited file may contain, and the editor asks for the files again.
 */
import { MAX_PROFILE_IMPORT_CHARS, type ProfileFields, type TlsSettings } from '../../shared/profile';
import { findProfileProblems } from '../../shared/profileValidation';
import { fail, ok, type Result } from '../../shared/result';
import { cleanProfileFields, isRecord, parseProfileFields } from './profileFieldsParser';

export const PROFILE_EXPORT_FORMAT = 'labwire-profiles';
export const PROFILE_EXPORT_VERSION = 1;
export const MAX_IMPORTED_PROFILES = 500;

function tlsWithoutFiles(tls: TlsSettings): Omit<TlsSettings, 'caFile' | 'certFile' | 'keyFile'> {
  const { caFile: _caFile, certFile: _certFile, keyFile: _keyFile, ...rest } = tls;
  return rest;
}

/** The fields as exported: without the TLS file paths (the sentinels' included). */
function exportedFields(source: ProfileFields): unknown {
  const fields = cleanProfileFields(source);
  const { topology } = fields;
  const exportedTopology = topology.mode === 'sentinel' ? { ...topology, sentinelTls: tlsWithoutFiles(topology.sentinelTls) } : topology;
  return { ...fields, tls: tlsWithoutFiles(fields.tls), topology: exportedTopology };
}

/** The fields as imported: the TLS file paths of another computer left empty. */
function withoutTlsFiles(source: ProfileFields): ProfileFields {
  const fields = cleanProfileFields(source);
  const noFiles = { caFile: '', certFile: '', keyFile: '' };
  const { topology } = fields;
  return {
    ...fields,
    tls: { ...fields.tls, ...noFiles },
    topology: topology.mode === 'sentinel' ? { ...topology, sentinelTls: { ...topology.sentinelTls, ...noFiles } } : topology,
  };
}

export function formatProfilesExport(profiles: readonly ProfileFields[]): string {
  const content = {
    format: PROFILE_EXPORT_FORMAT,
    version: PROFILE_EXPORT_VERSION,
    profiles: profiles.map(exportedFields),
  };
  return `${JSON.stringify(content, null, 2)}\n`;
}

function describeEntry(value: unknown, index: number): string {
  const name = isRecord(value) && typeof value.name === 'string' && value.name.trim() !== '' ? ` ("${value.name.trim().slice(0, 80)}")` : '';
  return `Profile ${index + 1}${name}`;
}

/** Every entry checked before any is accepted: the result is all profiles or one INVALID naming the first bad entry. */
export function parseProfilesExport(json: string): Result<ProfileFields[]> {
  if (json.length > MAX_PROFILE_IMPORT_CHARS) return fail('INVALID', 'This file is too large to be a Labwire profiles export.');
  let content: unknown;
  try {
    content = JSON.parse(json);
  } catch (error) {
    return fail('INVALID', 'This file is not a Labwire profiles export: it is not valid JSON.', {
      detail: error instanceof Error ? error.message : undefined,
    });
  }
  if (!isRecord(content) || content.format !== PROFILE_EXPORT_FORMAT || !Array.isArray(content.profiles))
    return fail('INVALID', 'This file is not a Labwire profiles export.');
  if (content.version !== PROFILE_EXPORT_VERSION)
    return fail('INVALID', 'This profiles export was made by a newer version of Labwire. Update Labwire and import it again.');
  if (content.profiles.length === 0) return fail('INVALID', 'This profiles export contains no profiles.');
  if (content.profiles.length > MAX_IMPORTED_PROFILES)
    return fail('INVALID', `This file holds more than ${MAX_IMPORTED_PROFILES} profiles; split it into smaller files.`);

  const imported: ProfileFields[] = [];
  for (const [index, entry] of content.profiles.entries()) {
    const where = describeEntry(entry, index);
    const parsed = parseProfileFields(entry);
    if (!parsed.ok) {
      const field = parsed.problem.field === '' ? `profiles[${index}]` : `profiles[${index}].${parsed.problem.field}`;
      return fail('INVALID', `${where} in the file: ${parsed.problem.message}`, { field });
    }
    const fields = withoutTlsFiles(parsed.fields);
    const problem = findProfileProblems(fields)[0];
    if (problem) return fail('INVALID', `${where} in the file: ${problem.message}`, { field: `profiles[${index}].${problem.field}` });
    imported.push(fields);
  }
  return ok(imported);
}
