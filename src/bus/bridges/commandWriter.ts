/**
 * Commands from Redis to the device: each command is framed and written
 * once, in arrival order, one write at a time. A write that fails is
 * reported and never retried (a pump told twice to dose is worse than a
 * command reported lost). The queue of commands waiting for their write is
 * capped in count and bytes; a command that does not fit is counted as
 * failed, in words.
 */
import type { Result } from '../../shared/result';

export const MAX_WAITING_COMMANDS = 1_000;
export const MAX_WAITING_COMMAND_BYTES = 1024 * 1024;

export interface CommandOutcome {
  /** The command was written: its framed size. */
  onDidWrite(bytesWritten: number): void;
  /** It was not written: why, in words. */
  onDidFail(reason: string): void;
}

export class CommandWriter {
  private readonly waiting: Buffer[] = [];
  private waitingBytes = 0;
  private isWriting = false;

  constructor(
    private readonly write: (framed: Buffer) => Promise<Result<{ bytesWritten: number }>>,
    private readonly outcome: CommandOutcome,
  ) {}

  /** Queues one framed command. */
  add(framed: Buffer): void {
    if (this.waiting.length >= MAX_WAITING_COMMANDS || this.waitingBytes + framed.length > MAX_WAITING_COMMAND_BYTES) {
      this.outcome.onDidFail(`A command was not written: ${this.waiting.length.toLocaleString('en-US')} commands are already waiting for the device.`);
      return;
    }
    this.waiting.push(framed);
    this.waitingBytes += framed.length;
    if (!this.isWriting) void this.drain();
  }

  /** Forgets commands not yet written (the bridge stops); each is reported. */
  discard(): void {
    const count = this.waiting.length;
    this.waiting.length = 0;
    this.waitingBytes = 0;
    if (count > 0) this.outcome.onDidFail(`${count.toLocaleString('en-US')} commands were not written: the bridge stopped.`);
  }

  private async drain(): Promise<void> {
    this.isWriting = true;
    try {
      for (let framed = this.waiting.shift(); framed !== undefined; framed = this.waiting.shift()) {
        this.waitingBytes -= framed.length;
        let result: Result<{ bytesWritten: number }>;
        try {
          result = await this.write(framed);
        } catch (error) {
          result = { ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } };
        }
        if (result.ok) this.outcome.onDidWrite(result.value.bytesWritten);
        else this.outcome.onDidFail(`A command could not be written to the device: ${result.error.message}`);
      }
    } finally {
      this.isWriting = false;
    }
  }
}
