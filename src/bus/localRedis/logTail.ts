/** The end of a log file or of a child's output, bounded, for error details. */
import { open } from 'node:fs/promises';

export const LOG_TAIL_LINES = 20;
const LOG_TAIL_BYTES = 4096;

function lastLines(text: string, count: number): string {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '').slice(-count).join('\n');
}

/** The last lines of the file; empty when it cannot be read. */
export async function readLogTail(path: string, count = LOG_TAIL_LINES): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, LOG_TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return lastLines(buffer.toString('utf8'), count);
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

/** Keeps only the newest characters of a stream, so a chatty child cannot grow memory. */
export class OutputTail {
  private text = '';

  append(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-LOG_TAIL_BYTES);
  }

  lines(count = LOG_TAIL_LINES): string {
    return lastLines(this.text, count);
  }
}
