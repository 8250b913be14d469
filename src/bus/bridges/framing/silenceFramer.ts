/**
 * Records that end when the device goes quiet for `gapMs` (bursts with no
 * terminator). The runtime calls tick(now) on a timer; a chunk that arrives
 * after the gap also ends the held record first, so a late timer never
 * glues two bursts together.
 */
import type { FrameOutput } from './framer';
import { RecordAssembler } from './recordAssembler';

export class SilenceFramer {
  private readonly assembler: RecordAssembler;
  private lastByteAt = 0;

  constructor(
    private readonly gapMs: number,
    maxRecordBytes: number,
    oversizeReason: string,
  ) {
    this.assembler = new RecordAssembler(maxRecordBytes, oversizeReason);
  }

  push(chunk: Buffer, receivedAt: number): FrameOutput {
    const output = this.tick(receivedAt);
    if (chunk.length === 0) return output;
    this.assembler.append(chunk, output);
    this.lastByteAt = receivedAt;
    return output;
  }

  tick(now: number): FrameOutput {
    const output: FrameOutput = { records: [], rejected: [] };
    if (now - this.lastByteAt < this.gapMs) return output;
    const record = this.assembler.end();
    if (record !== null) output.records.push(record);
    return output;
  }

  pendingBytes(): number {
    return this.assembler.pendingBytes();
  }

  reset(): number {
    return this.assembler.reset();
  }
}
