/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999): a frame
 * holds no 0x00, so 0x00 can end it. Each code byte n says n-1 data bytes
 * follow, then a zero unless n is 0xFF or the frame ends.
 */

/** The record inside one frame (without its ending 0x00), or why the frame is broken. */
export function decodeCobs(frame: Buffer): { record: Buffer } | { reason: string } {
  const record = Buffer.allocUnsafe(frame.length);
  let read = 0;
  let written = 0;
  while (read < frame.length) {
    const code = frame[read]!;
    if (code === 0) return { reason: `not a COBS frame: a 0x00 inside it at byte ${read}` };
    const blockEnd = read + code;
    if (blockEnd > frame.length) {
      return { reason: `not a COBS frame: byte ${read} announces ${code - 1} bytes but only ${frame.length - read - 1} follow` };
    }
    frame.copy(record, written, read + 1, blockEnd);
    written += code - 1;
    read = blockEnd;
    if (code !== 0xff && read < frame.length) record[written++] = 0;
  }
  return { record: record.subarray(0, written) };
}

/** One record as a COBS frame, with its ending 0x00. */
export function encodeCobs(record: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(record.length + Math.ceil(record.length / 254) + 2);
  let codeAt = 0;
  let written = 1;
  let code = 1;
  for (const byte of record) {
    if (byte === 0) {
      frame[codeAt] = code;
      codeAt = written++;
      code = 1;
      continue;
    }
    frame[written++] = byte;
    code++;
    if (code === 0xff) {
      frame[codeAt] = code;
      codeAt = written++;
      code = 1;
    }
  }
  frame[codeAt] = code;
  frame[written++] = 0;
  return frame.subarray(0, written);
}
