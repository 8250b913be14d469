/**
 * Alert rules and settings per profile, one owner-only (0600) JSON file each
 * in the data folder's `alerts` folder. A file that is missing or does not
 * pass the same check a request does gives the defaults, with the problem
 * kept for the log instead of a throw.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALERT_SETTINGS_CHECK, DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../../shared/features/alertsContract';
import { ensurePrivateFolder, writePrivateFileAtomically } from '../secrets/privateFile';

/** Profile ids are ours, but a file name must not carry a separator whatever the id holds. */
export function profileFileName(profileId: string): string {
  return encodeURIComponent(profileId).replaceAll('.', '%2E');
}

export class AlertSettingsStore {
  constructor(private readonly folder: string) {}

  async load(profileId: string): Promise<{ settings: AlertSettings; problem: string | null }> {
    let text: string;
    try {
      text = await readFile(this.pathOf(profileId), 'utf8');
    } catch {
      return { settings: structuredClone(DEFAULT_ALERT_SETTINGS), problem: null };
    }
    try {
      const value: unknown = JSON.parse(text);
      const problem = ALERT_SETTINGS_CHECK(value, 'settings');
      if (problem) return { settings: structuredClone(DEFAULT_ALERT_SETTINGS), problem };
      return { settings: value as AlertSettings, problem: null };
    } catch (error) {
      return { settings: structuredClone(DEFAULT_ALERT_SETTINGS), problem: `The alert settings file is not JSON: ${String(error)}` };
    }
  }

  async save(profileId: string, settings: AlertSettings): Promise<void> {
    await ensurePrivateFolder(this.folder);
    await writePrivateFileAtomically(this.pathOf(profileId), `${JSON.stringify(settings, null, 2)}\n`);
  }

  pathOf(profileId: string): string {
    return join(this.folder, `${profileFileName(profileId)}.settings.json`);
  }
}
