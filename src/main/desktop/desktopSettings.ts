/**
 * The desktop host's own settings, in `<userData>/settings.json`. Only choices
 * the host needs before the bus starts live here; everything else belongs to
 * the bus's data folder.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../shared/result';

export const DESKTOP_SETTINGS_FILE = 'settings.json';
/** A settings file larger than this is not ours; it is ignored rather than parsed. */
export const MAX_SETTINGS_FILE_BYTES = 64 * 1024;

export interface DesktopSettings {
  /**
   * Linux without a keyring: true lets Labwire keep the key for saved
   * passwords with Electron's fixed built-in key; false keeps passwords in
   * memory only; undefined means the user has not been asked yet.
   */
  allowWeakSecretStorage?: boolean;
}

/** Missing, oversized or unreadable settings read as "nothing chosen yet". */
export async function readDesktopSettings(userDataDir: string): Promise<DesktopSettings> {
  const raw = await readSettingsObject(userDataDir);
  const settings: DesktopSettings = {};
  if (typeof raw.allowWeakSecretStorage === 'boolean') settings.allowWeakSecretStorage = raw.allowWeakSecretStorage;
  return settings;
}

/** Merges `changes` into the file, keeping keys this version does not know; written atomically. */
export async function updateDesktopSettings(userDataDir: string, changes: DesktopSettings): Promise<Result<DesktopSettings>> {
  try {
    const merged = { ...(await readSettingsObject(userDataDir)), ...changes };
    await mkdir(userDataDir, { recursive: true });
    const path = join(userDataDir, DESKTOP_SETTINGS_FILE);
    const temporaryPath = `${path}.${process.pid}.tmp`;
    await writeFile(temporaryPath, `${JSON.stringify(merged, null, 2)}\n`, { mode: 0o600 });
    await rename(temporaryPath, path);
    return ok(await readDesktopSettings(userDataDir));
  } catch (error) {
    return fail('INTERNAL', `Labwire could not save its settings in ${userDataDir}. Check that the folder is writable.`, {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

async function readSettingsObject(userDataDir: string): Promise<Record<string, unknown>> {
  const path = join(userDataDir, DESKTOP_SETTINGS_FILE);
  try {
    if ((await stat(path)).size > MAX_SETTINGS_FILE_BYTES) return {};
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
