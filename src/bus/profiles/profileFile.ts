/**
 * The profiles file on disk (`<dataDir>/profiles.json`, mode 0600). It holds
 * sealed secrets only. A file that cannot be read as profiles is moved aside
 * (never deleted, never overwritten) so the console still starts and the
 * user's data can be recovered by hand.
 */
import { copyFile, readFile, rename, stat } from 'node:fs/promises';
import type { Profile } from '../../shared/profile';
import { writePrivateFileAtomically } from '../secrets/privateFile';
import { isRecord, parseProfileFields } from './profileFieldsParser';

export const PROFILES_FILE_NAME = 'profiles.json';
const STORE_FORMAT = 'labwire-profile-store';
const STORE_VERSION = 1;
/** Thousands of profiles fit in well under this; a larger file is not ours. */
const MAX_PROFILES_FILE_BYTES = 8 * 1024 * 1024;
const MAX_ID_LENGTH = 200;

/** One profile as stored: everything but `hasPassword`, which follows from `sealedPassword`. */
export interface StoredProfile extends Omit<Profile, 'hasPassword' | 'hasSentinelPassword'> {
  /** SecretBox.seal() output; absent when no password is stored on disk. */
  sealedPassword?: string;
  /** The sentinels' password, sealed the same way; absent when none is stored. */
  sealedSentinelPassword?: string;
}

export interface LoadedProfiles {
  profiles: StoredProfile[];
  /** Plain sentences about what was wrong with the file and where the original went. */
  problems: string[];
}

function asideName(path: string): string {
  // Colons are not allowed in Windows file names.
  return `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

function parseStoredProfile(value: unknown, index: number, seenIds: Set<string>): StoredProfile | string {
  const where = `Profile ${index + 1}`;
  const parsed = parseProfileFields(value);
  if (!parsed.ok) return `${where}: ${parsed.problem.message}`;
  const entry = value as Record<string, unknown>;
  const { id, isManagedLocal, createdAt, updatedAt, sealedPassword, sealedSentinelPassword, shouldChooseTlsFiles, isDemo } = entry;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH || seenIds.has(id))
    return `${where} ("${parsed.fields.name}") has a missing or repeated id.`;
  seenIds.add(id);
  const now = Date.now();
  const stored: StoredProfile = {
    ...parsed.fields,
    id,
    isManagedLocal: isManagedLocal === true,
    createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : now,
    updatedAt: typeof updatedAt === 'number' && Number.isFinite(updatedAt) ? updatedAt : now,
  };
  if (typeof sealedPassword === 'string' && sealedPassword.length > 0) stored.sealedPassword = sealedPassword;
  if (typeof sealedSentinelPassword === 'string' && sealedSentinelPassword.length > 0) stored.sealedSentinelPassword = sealedSentinelPassword;
  if (shouldChooseTlsFiles === true) stored.shouldChooseTlsFiles = true;
  if (isDemo === true) stored.isDemo = true;
  return stored;
}

async function moveAside(path: string, reason: string): Promise<LoadedProfiles> {
  const aside = asideName(path);
  await rename(path, aside);
  return { profiles: [], problems: [`${reason} Labwire moved it to ${aside} and started with a fresh list.`] };
}

export async function readProfilesFile(path: string): Promise<LoadedProfiles> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_PROFILES_FILE_BYTES) return await moveAside(path, `The profiles file ${path} is far too large to be a profiles file.`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: [], problems: [] };
    throw error;
  }

  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    return moveAside(path, `The profiles file ${path} is damaged (it is not valid JSON).`);
  }
  if (!isRecord(content) || content.format !== STORE_FORMAT || !Array.isArray(content.profiles))
    return moveAside(path, `The profiles file ${path} is not in Labwire's format.`);
  if (content.version !== STORE_VERSION)
    return moveAside(path, `The profiles file ${path} was written by another version of Labwire (format ${String(content.version)}).`);

  const profiles: StoredProfile[] = [];
  const entryProblems: string[] = [];
  const seenIds = new Set<string>();
  content.profiles.forEach((value: unknown, index: number) => {
    const parsed = parseStoredProfile(value, index, seenIds);
    if (typeof parsed === 'string') entryProblems.push(parsed);
    else profiles.push(parsed);
  });
  if (entryProblems.length === 0) return { profiles, problems: [] };

  // The good profiles stay usable; the original keeps the bad ones for repair by hand.
  const aside = asideName(path);
  await copyFile(path, aside);
  return {
    profiles,
    problems: [
      `Some saved profiles could not be read and were left out; the original file is kept at ${aside}.`,
      ...entryProblems,
    ],
  };
}

export async function writeProfilesFile(path: string, profiles: readonly StoredProfile[]): Promise<void> {
  const content = { format: STORE_FORMAT, version: STORE_VERSION, profiles };
  await writePrivateFileAtomically(path, `${JSON.stringify(content, null, 2)}\n`);
}
