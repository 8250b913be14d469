/** RFC 1055 SLIP: frames end with END; END and ESC inside a frame are escaped. */

export const SLIP_END = 0xc0;
const SLIP_ESC = 0xdb;
const SLIP_ESC_END = 0xdc;
const SLIP_ESC_ESC = 0xdd;

/** The record inside one frame (without END), or why an escape is broken. RFC 1055 would keep a bad escape's byte; a bad record is safer counted than published. */
export function decodeSlip(frame: Buffer): { record: Buffer } | { reason: string } {
  if (frame.indexOf(SLIP_ESC) < 0) return { record: frame };
  const record = Buffer.allocUnsafe(frame.length);
  let written = 0;
  for (let read = 0; read < frame.length; read++) {
    const byte = frame[read]!;
    if (byte !== SLIP_ESC) {
      record[written++] = byte;
      continue;
    }
    const next = frame[++read];
    if (next === SLIP_ESC_END) record[written++] = SLIP_END;
    else if (next === SLIP_ESC_ESC) record[written++] = SLIP_ESC;
    else if (next === undefined) return { reason: `not a SLIP frame: it ends with an escape byte (0xDB) at byte ${read - 1}` };
    else return { reason: `not a SLIP frame: escape byte 0xDB at byte ${read - 1} is followed by 0x${hex(next)}, not 0xDC or 0xDD` };
  }
  return { record: record.subarray(0, written) };
}

/** One record as a SLIP frame. It starts with END too, as RFC 1055 suggests, so line noise before it ends up in an empty frame the device drops. */
export function encodeSlip(record: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(record.length * 2 + 2);
  let written = 0;
  frame[written++] = SLIP_END;
  for (const byte of record) {
    if (byte === SLIP_END) {
      frame[written++] = SLIP_ESC;
      frame[written++] = SLIP_ESC_END;
    } else if (byte === SLIP_ESC) {
      frame[written++] = SLIP_ESC;
      frame[written++] = SLIP_ESC_ESC;
    } else frame[written++] = byte;
  }
  frame[written++] = SLIP_END;
  return frame.subarray(0, written);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
