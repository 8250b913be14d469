/**
 * Natural order for channel and field names: runs of digits compare as
 * numbers (Ch2 before Ch10), letters compare without regard to ASCII case
 * (ch3 beside Ch3). Ties (Ch02 and Ch2, ch1 and Ch1) fall back to plain
 * code-unit order so the sort is total and stable across runs. Compares
 * in place, without slicing strings.
 */

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function foldAsciiCase(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

export function compareNatural(a: string, b: string): number {
  let indexA = 0;
  let indexB = 0;
  while (indexA < a.length && indexB < b.length) {
    const codeA = a.charCodeAt(indexA);
    const codeB = b.charCodeAt(indexB);
    if (isDigit(codeA) && isDigit(codeB)) {
      // Skip leading zeros, then the longer run is the larger number; equal lengths compare digit by digit.
      let startA = indexA;
      let startB = indexB;
      while (startA < a.length - 1 && a.charCodeAt(startA) === 48 && isDigit(a.charCodeAt(startA + 1))) startA++;
      while (startB < b.length - 1 && b.charCodeAt(startB) === 48 && isDigit(b.charCodeAt(startB + 1))) startB++;
      let endA = startA;
      let endB = startB;
      while (endA < a.length && isDigit(a.charCodeAt(endA))) endA++;
      while (endB < b.length && isDigit(b.charCodeAt(endB))) endB++;
      const lengthDifference = endA - startA - (endB - startB);
      if (lengthDifference !== 0) return lengthDifference;
      for (let offset = 0; offset < endA - startA; offset++) {
        const difference = a.charCodeAt(startA + offset) - b.charCodeAt(startB + offset);
        if (difference !== 0) return difference;
      }
      indexA = endA;
      indexB = endB;
      continue;
    }
    const difference = foldAsciiCase(codeA) - foldAsciiCase(codeB);
    if (difference !== 0) return difference;
    indexA++;
    indexB++;
  }
  const remainder = a.length - indexA - (b.length - indexB);
  if (remainder !== 0) return remainder;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts in place and returns the same array. */
export function sortNatural(names: string[]): string[] {
  return names.sort(compareNatural);
}
