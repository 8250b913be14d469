/**
 * Where every alert state change is kept: one JSON object a line, in the
 * data folder, the file rotated when it grows past its cap so the history
 * stays bounded (the current file plus ROTATED_FILES older ones).
 *
 * Kept behind `AlertHistoryLog` because a shared rotating JSON-lines log is
 * being generalised from the publish audit log; when it lands, the alerts
 * feature switches to it by implementing this interface over it.
 */
import { appendFile, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertHistoryEntry } from '../../shared/features/alertsContract';
import { ensurePrivateFolder, PRIVATE_FILE_MODE } from '../secrets/privateFile';

export interface AlertHistoryLog {
  append(entry: AlertHistoryEntry): Promise<void>;
  /** The newest `limit` entries, oldest first. */
  read(limit: number): Promise<AlertHistoryEntry[]>;
}

export interface RotatingHistoryOptions {
  folder: string;
  /** File name without extension, e.g. the profile id made safe. */
  name: string;
  maxFileBytes?: number;
  rotatedFiles?: number;
}

export const DEFAULT_HISTORY_FILE_BYTES = 1024 * 1024;
export const DEFAULT_ROTATED_HISTORY_FILES = 3;

/** A JSON-lines file per profile; writes are chained so lines never interleave. */
export class RotatingHistoryFile implements AlertHistoryLog {
  private chain: Promise<void> = Promise.resolve();
  private readonly maxFileBytes: number;
  private readonly rotatedFiles: number;
  private readonly path: string;
  /** Entries that could not be written (disk full, folder gone): counted, never thrown at the bus. */
  failedWrites = 0;

  constructor(private readonly options: RotatingHistoryOptions) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_HISTORY_FILE_BYTES;
    this.rotatedFiles = options.rotatedFiles ?? DEFAULT_ROTATED_HISTORY_FILES;
    this.path = join(options.folder, `${options.name}.jsonl`);
  }

  append(entry: AlertHistoryEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    this.chain = this.chain.then(() => this.write(line)).catch(() => {
      this.failedWrites++;
    });
    return this.chain;
  }

  async read(limit: number): Promise<AlertHistoryEntry[]> {
    await this.chain;
    const entries: AlertHistoryEntry[] = [];
    // Newest file first, so the oldest rotated files are read only when needed.
    for (let index = 0; index <= this.rotatedFiles && entries.length < limit; index++) {
      const text = await readFile(this.fileAt(index), 'utf8').catch(() => '');
      const lines = text.split('\n').filter((line) => line.length > 0);
      const parsed: AlertHistoryEntry[] = [];
      for (const line of lines) {
        try {
          parsed.push(JSON.parse(line) as AlertHistoryEntry);
        } catch {
          // A line cut by a crash mid-write: skipped, the rest stays readable.
        }
      }
      entries.unshift(...parsed.slice(Math.max(0, parsed.length - (limit - entries.length))));
    }
    return entries;
  }

  private fileAt(index: number): string {
    return index === 0 ? this.path : `${this.path}.${index}`;
  }

  private async write(line: string): Promise<void> {
    await ensurePrivateFolder(this.options.folder);
    const size = await stat(this.path).then((facts) => facts.size, () => 0);
    if (size > 0 && size + Buffer.byteLength(line) > this.maxFileBytes) await this.rotate();
    await appendFile(this.path, line, { mode: PRIVATE_FILE_MODE });
  }

  private async rotate(): Promise<void> {
    await unlink(this.fileAt(this.rotatedFiles)).catch(() => undefined);
    for (let index = this.rotatedFiles - 1; index >= 0; index--) {
      await rename(this.fileAt(index), this.fileAt(index + 1)).catch(() => undefined);
    }
  }
}
