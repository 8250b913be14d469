/**
 * Finds where a byte sequence stops being UTF-8. Node's `isUtf8` answers
 * faster when a yes/no is enough; this one says where, for the reason shown
 * to the user, and can judge a prefix cut in the middle of a character.
 */

/**
 * Offset of the first byte that starts an invalid sequence, or -1 when the
 * bytes are valid UTF-8. With `isPrefix`, a character cut off by the end
 * counts as valid (the rest was not read).
 */
export function findInvalidUtf8Offset(bytes: Uint8Array, isPrefix = false): number {
  const length = bytes.length;
  let index = 0;
  while (index < length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let continuationCount: number;
    let secondLow = 0x80;
    let secondHigh = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) continuationCount = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      continuationCount = 2;
      // Overlong forms (E0 80..9F) and UTF-16 surrogates (ED A0..BF) are not UTF-8.
      if (lead === 0xe0) secondLow = 0xa0;
      if (lead === 0xed) secondHigh = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuationCount = 3;
      // Overlong forms (F0 80..8F) and code points above U+10FFFF (F4 90..) are not UTF-8.
      if (lead === 0xf0) secondLow = 0x90;
      if (lead === 0xf4) secondHigh = 0x8f;
    } else return index;
    for (let step = 1; step <= continuationCount; step++) {
      if (index + step >= length) return isPrefix ? -1 : index;
      const byte = bytes[index + step]!;
      const low = step === 1 ? secondLow : 0x80;
      const high = step === 1 ? secondHigh : 0xbf;
      if (byte < low || byte > high) return index;
    }
    index += continuationCount + 1;
  }
  return -1;
}
