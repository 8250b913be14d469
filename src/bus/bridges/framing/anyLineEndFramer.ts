/**
 * Lines ended by CR, LF or CRLF, whichever the device sends (boards that mix
 * `print("\r")` and `println`). Each of CR and LF ends a line; the empty
 * line between the two bytes of a CRLF is no record (RecordAssembler never
 * hands on empty records), so CRLF counts as one end even when a read splits it.
 */
import type { FrameOutput } from './framer';
import { RecordAssembler } from './recordAssembler';

const CR = 0x0d;
const LF = 0x0a;

export class AnyLineEndFramer {
  private readonly assembler: RecordAssembler;

  constructor(maxRecordBytes: number, oversizeReason: string) {
    this.assembler = new RecordAssembler(maxRecordBytes, oversizeReason);
  }

  push(chunk: Buffer): FrameOutput {
    const output: FrameOutput = { records: [], rejected: [] };
    let start = 0;
    let nextCr = chunk.indexOf(CR);
    let nextLf = chunk.indexOf(LF);
    while (nextCr >= 0 || nextLf >= 0) {
      const end = nextCr < 0 ? nextLf : nextLf < 0 ? nextCr : Math.min(nextCr, nextLf);
      const record = this.assembler.endWith(chunk.subarray(start, end), output);
      if (record !== null) output.records.push(record);
      start = end + 1;
      if (end === nextCr) nextCr = chunk.indexOf(CR, start);
      else nextLf = chunk.indexOf(LF, start);
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
