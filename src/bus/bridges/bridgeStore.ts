/**
 * Each profile's bridges, one owner-only (0600) JSON file per profile in
 * `<dataDir>/bridges/<profileId>.json`, written atomically. A file that is
 * missing gives no bridges; entries that do not pass the request's own check
 * are left out with the problem kept for the log, never a throw.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BridgeConfig } from '../../shared/bridges';
import { bridgeDraftCheck } from '../../shared/features/bridgesContract';
import { profileFileName } from '../alerts/alertSettingsStore';
import { ensurePrivateFolder, writePrivateFileAtomically } from '../secrets/privateFile';

export const BRIDGES_FOLDER_NAME = 'bridges';
const FILE_SUFFIX = '.json';

export class BridgeStore {
  readonly folder: string;

  constructor(dataDir: string) {
    this.folder = join(dataDir, BRIDGES_FOLDER_NAME);
  }

  async load(profileId: string): Promise<{ bridges: BridgeConfig[]; problems: string[] }> {
    let text: string;
    try {
      text = await readFile(this.pathOf(profileId), 'utf8');
    } catch {
      return { bridges: [], problems: [] };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { bridges: [], problems: [`The bridges file of profile ${profileId} is not JSON: ${String(error)}`] };
    }
    const entries = isRecord(value) && Array.isArray(value.bridges) ? (value.bridges as unknown[]) : [];
    const bridges: BridgeConfig[] = [];
    const problems: string[] = [];
    for (const entry of entries) {
      const problem = bridgeDraftCheck(entry, 'bridge');
      if (problem || !isRecord(entry) || typeof entry.id !== 'string' || entry.id === '') {
        problems.push(`A saved bridge of profile ${profileId} was left out: ${problem ?? 'it has no id'}`);
        continue;
      }
      bridges.push(entry as unknown as BridgeConfig);
    }
    return { bridges, problems };
  }

  async save(profileId: string, bridges: readonly BridgeConfig[]): Promise<void> {
    await ensurePrivateFolder(this.folder);
    await writePrivateFileAtomically(this.pathOf(profileId), `${JSON.stringify({ bridges }, null, 2)}\n`);
  }

  /** Forgets the profile's bridges (the profile was deleted). */
  async remove(profileId: string): Promise<void> {
    await unlink(this.pathOf(profileId)).catch(() => undefined);
  }

  /** The file names' profile ids, for removing the files of profiles deleted while the bus was not running. */
  async savedProfileIds(): Promise<string[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    return names.filter((name) => name.endsWith(FILE_SUFFIX) && !name.startsWith('.')).map((name) => decodeURIComponent(name.slice(0, -FILE_SUFFIX.length)));
  }

  pathOf(profileId: string): string {
    return join(this.folder, `${profileFileName(profileId)}${FILE_SUFFIX}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
