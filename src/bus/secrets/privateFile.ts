/**
 * Files only their owner may read: profiles, the key that seals their
 * secrets, the audit log, and the data folder that holds them. A reader never sees a half-written file, because every write goes
 * to a temporary file in the same folder (created with the final mode, so the
 * content is never briefly world-readable) and is then renamed over the target.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

/** Creates the folder (and its parents) readable only by the owner, when missing. */
export async function ensurePrivateFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

/** What securePrivateFolder found: the folder was (or now is) private, or it had to be tightened. */
export type PrivateFolderCheck = { state: 'private' } | { state: 'tightened'; previousMode: number };

/**
 * Creates the folder 0700, or takes group and other permissions away from one
 * that exists looser (an older Labwire, or a folder made by hand), so another
 * user of a shared lab computer cannot list or read what Labwire keeps there.
 * Throws what mkdir, stat or chmod throw (a folder owned by someone else).
 */
export async function securePrivateFolder(path: string): Promise<PrivateFolderCheck> {
  await mkdir(path, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  const mode = (await stat(path)).mode & 0o777;
  if (!isOpenToOthers(mode)) return { state: 'private' };
  await chmod(path, PRIVATE_FOLDER_MODE);
  return { state: 'tightened', previousMode: mode };
}

/** The notice a host shows or logs after securePrivateFolder tightened a folder. */
export function describeTightenedFolder(path: string, previousMode: number): string {
  return (
    `The folder ${path} could be read by other users of this computer (permissions ${previousMode.toString(8)}). ` +
    `Labwire made it private to you (permissions ${PRIVATE_FOLDER_MODE.toString(8)}).`
  );
}

async function writeTemporarySibling(path: string, data: string | Uint8Array): Promise<string> {
  const temporaryPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporaryPath, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(data);
    // Without the flush a power cut right after the rename can leave an empty file.
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporaryPath).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temporaryPath;
}

/** Replaces the file's content in one step, with mode 0600. */
export async function writePrivateFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporaryPath = await writeTemporarySibling(path, data);
  try {
    await rename(temporaryPath, path);
  } catch (error) {
    await unlink(temporaryPath).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates the file with this content unless it already exists (then returns
 * false and leaves it untouched), so two processes starting at once cannot
 * overwrite each other's key.
 */
export async function createPrivateFileExclusively(path: string, data: string | Uint8Array): Promise<boolean> {
  const temporaryPath = await writeTemporarySibling(path, data);
  try {
    await link(temporaryPath, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporaryPath).catch(() => undefined);
  }
}

/** Group and other permission bits; meaningless on Windows, where Node reports 0o666. */
export function isOpenToOthers(mode: number): boolean {
  return process.platform !== 'win32' && (mode & 0o077) !== 0;
}
