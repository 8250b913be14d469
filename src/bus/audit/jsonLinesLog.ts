/**
 * An append-only, rotating JSON-lines log in a private folder: the publish
 * audit (`audit/publish.jsonl`), the streams audit (`audit/streams.jsonl`)
 * and any later log of what operators did share it. Each file is opened with
 * 'a+' so every write lands at the end whatever else holds the file. The
 * folder is 0700 and every log file 0600.
 * Writes run one at a time in call order. At maxFileBytes the file becomes
 * name.1.jsonl (name.1 becomes name.2 ...), and the oldest beyond
 * keptRotatedFiles is dropped: the log is bounded on disk.
 *
 * Writing never throws; a failure is returned, so a full disk cannot stop an
 * operator's action (the caller reports it with the action's answer).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { chmod, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../shared/result';
import { isOpenToOthers, PRIVATE_FILE_MODE, securePrivateFolder } from '../secrets/privateFile';

export const AUDIT_FOLDER = 'audit';
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const KEPT_ROTATED_FILES = 3;
/** How much of the newest files is read at start; enough for far more than the history keeps. */
export const MAX_LOAD_BYTES = 12 * 1024 * 1024;

export interface LogLoad<T> {
  /** Oldest first. */
  entries: T[];
  /** Lines that were not a valid entry (cut short by a crash, edited by hand). */
  skippedLines: number;
  /** Why the log could not be read at all; absent when it could (or did not exist yet). */
  error?: string;
}

export interface AuditLogLimits {
  maxFileBytes: number;
  keptRotatedFiles: number;
}

/** What one log is: where, and how an entry becomes a line and back. */
export interface JsonLinesLogFormat<T> {
  folder: string;
  /** Ends in `.jsonl`; rotated files insert their number before it. */
  fileName: string;
  /** Names the log in error messages ("the publish audit log"). */
  label: string;
  /** One line, ending in a newline. */
  format(entry: T): string;
  /** null for a line that is not a valid entry. */
  parse(line: string): T | null;
}

export class JsonLinesLog<T> {
  private readonly folder: string;
  private readonly limits: AuditLogLimits;
  private handle: FileHandle | undefined;
  private sizeBytes = 0;
  private hasTightenedRotatedFiles = false;
  /** The tail of the write chain; each write waits for the one before. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: JsonLinesLogFormat<T>,
    limits: Partial<AuditLogLimits> = {},
  ) {
    this.folder = log.folder;
    this.limits = { maxFileBytes: MAX_FILE_BYTES, keptRotatedFiles: KEPT_ROTATED_FILES, ...limits };
  }

  get path(): string {
    return join(this.folder, this.log.fileName);
  }

  /**
   * Reads the newest entries back, synchronously so the history is complete
   * before the first request. Reads at most MAX_LOAD_BYTES, newest file first.
   */
  loadSync(maxBytes = MAX_LOAD_BYTES): LogLoad<T> {
    const files: T[][] = [];
    let skippedLines = 0;
    let budget = maxBytes;
    for (let index = 0; index <= this.limits.keptRotatedFiles && budget > 0; index++) {
      const read = readTailSync(this.fileAt(index), budget, this.log.label);
      if (!read.ok) return { entries: files.reverse().flat(), skippedLines, error: read.error.message };
      if (read.value === null) continue;
      budget -= read.value.bytesRead;
      const lines = read.value.text.split('\n');
      // A file read from the middle starts with part of a line: not an entry, and not corrupt either.
      if (read.value.isPartial) lines.shift();
      const entries: T[] = [];
      for (const line of lines) {
        if (line.trim() === '') continue;
        const entry = this.log.parse(line);
        if (entry) entries.push(entry);
        else skippedLines++;
      }
      files.push(entries);
    }
    return { entries: files.reverse().flat(), skippedLines };
  }

  /** Appends the entry after every earlier append. Never rejects. */
  append(entry: T): Promise<Result<void>> {
    const line = Buffer.from(this.log.format(entry), 'utf8');
    const written = this.queue.then(() => this.write(line));
    this.queue = written;
    return written;
  }

  /** Waits for the pending writes and closes the file. */
  async close(): Promise<void> {
    await this.queue;
    await this.closeHandle();
  }

  private async write(line: Buffer): Promise<Result<void>> {
    try {
      const handle = await this.openHandle();
      if (this.sizeBytes > 0 && this.sizeBytes + line.length > this.limits.maxFileBytes) {
        await this.rotate();
        return this.write(line);
      }
      await handle.write(line, 0, line.length);
      this.sizeBytes += line.length;
      return ok(undefined);
    } catch (error) {
      await this.closeHandle();
      return fail('INTERNAL', `The ${this.log.label} ${this.path} could not be written (${describeFileError(error)}).`, {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async openHandle(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    // Audit logs name channels and streams and hold what was sent: private, like the profiles.
    await securePrivateFolder(this.folder);
    if (!this.hasTightenedRotatedFiles) {
      // Files an older Labwire rotated while it still wrote them 0644.
      for (let index = 1; index <= this.limits.keptRotatedFiles; index++) await tightenIfOpen(this.fileAt(index));
      this.hasTightenedRotatedFiles = true;
    }
    // 'a+': every write goes to the end (append-only), and the last byte can be read back.
    const handle = await open(this.path, 'a+', PRIVATE_FILE_MODE);
    try {
      const stats = await handle.stat();
      // A log an older Labwire wrote 0644 becomes private too; rotated files keep the mode they were written with.
      if (isOpenToOthers(stats.mode)) await handle.chmod(PRIVATE_FILE_MODE);
      this.sizeBytes = stats.size;
      // A crash in the middle of a line leaves it without its newline; the next entry must not be glued to it.
      if (this.sizeBytes > 0 && !(await endsWithNewline(handle, this.sizeBytes))) {
        await handle.write('\n');
        this.sizeBytes += 1;
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.handle = handle;
    return handle;
  }

  private async rotate(): Promise<void> {
    await this.closeHandle();
    for (let index = this.limits.keptRotatedFiles - 1; index >= 0; index--) {
      try {
        await rename(this.fileAt(index), this.fileAt(index + 1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.sizeBytes = 0;
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    try {
      await handle?.close();
    } catch {
      // Closing a handle whose file is gone can fail; there is nothing left to save.
    }
  }

  /** 0: name.jsonl; n: name.n.jsonl. */
  private fileAt(index: number): string {
    const name = this.log.fileName;
    return join(this.folder, index === 0 ? name : name.replace(/\.jsonl$/, `.${index}.jsonl`));
  }
}

/** Makes an existing file 0600 if group or others may read it; a missing file is fine. */
async function tightenIfOpen(path: string): Promise<void> {
  try {
    if (isOpenToOthers((await stat(path)).mode)) await chmod(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function endsWithNewline(handle: FileHandle, size: number): Promise<boolean> {
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

interface TailRead {
  text: string;
  bytesRead: number;
  /** The file was longer than the budget: only its end was read. */
  isPartial: boolean;
}

/** The last `maxBytes` of a file; null when it does not exist. */
function readTailSync(path: string, maxBytes: number, label: string): Result<TailRead | null> {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return fail('INTERNAL', `The ${label} ${path} could not be read (${describeFileError(error)}).`);
  }
  try {
    const size = fstatSync(descriptor).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const count = readSync(descriptor, buffer, filled, length - filled, size - length + filled);
      if (count === 0) break;
      filled += count;
    }
    return ok({ text: buffer.subarray(0, filled).toString('utf8'), bytesRead: filled, isPartial: length < size });
  } catch (error) {
    return fail('INTERNAL', `The ${label} ${path} could not be read (${describeFileError(error)}).`);
  } finally {
    closeSync(descriptor);
  }
}

function describeFileError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOTDIR':
    case 'EISDIR':
      return 'a file is in the way of the audit folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
