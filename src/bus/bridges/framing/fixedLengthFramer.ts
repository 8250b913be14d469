/** Records of exactly `length` bytes, back to back (binary sensors with a fixed packet). */
import type { FrameOutput } from './framer';
import { RecordAssembler } from './recordAssembler';

export class FixedLengthFramer {
  private readonly assembler: RecordAssembler;

  constructor(private readonly length: number) {
    // The cap is the length itself: a record never grows past it, so nothing is oversized here.
    this.assembler = new RecordAssembler(length, `a record longer than ${length} bytes`);
  }

  push(chunk: Buffer): FrameOutput {
    const output: FrameOutput = { records: [], rejected: [] };
    let start = 0;
    const held = this.assembler.pendingBytes();
    if (held > 0) {
      const need = this.length - held;
      if (chunk.length < need) {
        this.assembler.append(chunk, output);
        return output;
      }
      const record = this.assembler.endWith(chunk.subarray(0, need), output);
      if (record !== null) output.records.push(record);
      start = need;
    }
    while (chunk.length - start >= this.length) {
      output.records.push(chunk.subarray(start, start + this.length));
      start += this.length;
    }
    if (start < chunk.length) this.assembler.append(chunk.subarray(start), output);
    return output;
  }

  pendingBytes(): number {
    return this.assembler.pendingBytes();
  }

  reset(): number {
    return this.assembler.reset();
  }
}
