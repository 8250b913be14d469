/**
 * Alert rules and settings per profile, one owner-only (0600) JSON file each
 * in the data folder's `alerts` folder, with the profile's scheduled mute
 * windows beside them (`muteWindows`), so a maintenance window survives a
 * restart. A file that is missing or does not pass the same check a request
 * does gives the defaults, with the problem kept for the log instead of a
 * throw; a mute window that is not one is dropped, and said.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALERT_SETTINGS_CHECK, DEFAULT_ALERT_SETTINGS, type AlertSettings, type MuteWindow } from '../../shared/features/alertsContract';
import { number, shape, string } from '../../shared/requestChecks';
import { ensurePrivateFolder, writePrivateFileAtomically } from '../secrets/privateFile';

/** Mute windows kept per profile; the alert book keeps no more silences than this either. */
export const MAX_STORED_MUTE_WINDOWS = 200;

const MUTE_WINDOW_CHECK = shape({ from: number(0, 8.64e15), until: number(0, 8.64e15), operator: string(200), reason: string(2000) });

/** Profile ids are ours, but a file name must not carry a separator whatever the id holds. */
export function profileFileName(profileId: string): string {
  return encodeURIComponent(profileId).replaceAll('.', '%2E');
}

export interface StoredAlertSettings {
  settings: AlertSettings;
  /** Mute windows as saved; ended ones included (the alert book drops them). */
  muteWindows: MuteWindow[];
  problem: string | null;
}

export class AlertSettingsStore {
  /** Each profile's file is read, changed and written by one write at a time: a rule save and a mute cannot undo each other. */
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(private readonly folder: string) {}

  async load(profileId: string): Promise<StoredAlertSettings> {
    let text: string;
    try {
      text = await readFile(this.pathOf(profileId), 'utf8');
    } catch {
      return { settings: structuredClone(DEFAULT_ALERT_SETTINGS), muteWindows: [], problem: null };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { settings: structuredClone(DEFAULT_ALERT_SETTINGS), muteWindows: [], problem: `The alert settings file is not JSON: ${String(error)}` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { settings: structuredClone(DEFAULT_ALERT_SETTINGS), muteWindows: [], problem: 'The alert settings file does not hold settings.' };
    }
    const { muteWindows: storedMutes, ...rest } = value as Record<string, unknown>;
    const mutes = readMuteWindows(storedMutes);
    const problem = ALERT_SETTINGS_CHECK(rest, 'settings');
    if (problem) return { settings: structuredClone(DEFAULT_ALERT_SETTINGS), muteWindows: mutes.windows, problem };
    return { settings: rest as unknown as AlertSettings, muteWindows: mutes.windows, problem: mutes.problem };
  }

  /** Saves the settings; the mute windows in the file stay. */
  save(profileId: string, settings: AlertSettings): Promise<void> {
    return this.change(profileId, (stored) => ({ ...stored, settings }));
  }

  /** Saves the profile's mute windows (the newest MAX_STORED_MUTE_WINDOWS); the settings in the file stay. */
  saveMuteWindows(profileId: string, muteWindows: readonly MuteWindow[]): Promise<void> {
    return this.change(profileId, (stored) => ({ ...stored, muteWindows: muteWindows.slice(-MAX_STORED_MUTE_WINDOWS) }));
  }

  pathOf(profileId: string): string {
    return join(this.folder, `${profileFileName(profileId)}.settings.json`);
  }

  private change(profileId: string, apply: (stored: { settings: AlertSettings; muteWindows: readonly MuteWindow[] }) => { settings: AlertSettings; muteWindows: readonly MuteWindow[] }): Promise<void> {
    const before = this.writes.get(profileId) ?? Promise.resolve();
    const written = before
      .catch(() => undefined)
      .then(async () => {
        const next = apply(await this.load(profileId));
        await ensurePrivateFolder(this.folder);
        await writePrivateFileAtomically(this.pathOf(profileId), `${JSON.stringify({ ...next.settings, muteWindows: next.muteWindows }, null, 2)}\n`);
      });
    this.writes.set(profileId, written);
    // The chain is dropped once idle, so a profile's promise is not kept forever.
    void written.catch(() => undefined).then(() => {
      if (this.writes.get(profileId) === written) this.writes.delete(profileId);
    });
    return written;
  }
}

function readMuteWindows(value: unknown): { windows: MuteWindow[]; problem: string | null } {
  if (value === undefined) return { windows: [], problem: null };
  if (!Array.isArray(value)) return { windows: [], problem: 'The saved mute windows are not a list: they were dropped.' };
  const windows = value.slice(-MAX_STORED_MUTE_WINDOWS).filter((item): item is MuteWindow => MUTE_WINDOW_CHECK(item, 'muteWindow') === null);
  const dropped = Math.min(value.length, MAX_STORED_MUTE_WINDOWS) - windows.length;
  return { windows, problem: dropped > 0 ? `${dropped} saved mute ${dropped === 1 ? 'window was' : 'windows were'} not readable and dropped.` : null };
}
