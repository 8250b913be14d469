import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAge } from '../../../src/renderer/src/features/streams/streamFormatting';

test("a stream's last entry is aged from the read that reported it, never from an older tick of the clock", () => {
  const tickMs = 1_000_000;
  // The list's clock ticks every 5 s; the facts were read 3 s after its last tick, the entry added 1 s before that read.
  const readAtMs = tickMs + 3_000;
  const entryMs = readAtMs - 1_000;
  assert.deepStrictEqual(
    {
      justRead: formatAge(entryMs, tickMs, readAtMs),
      clockCaughtUp: formatAge(entryMs, readAtMs + 9_000, readAtMs),
      serverAhead: formatAge(readAtMs + 120_000, readAtMs + 1_000, readAtMs),
    },
    { justRead: '1 s ago', clockCaughtUp: '10 s ago', serverAhead: 'in the future (clock skew)' },
  );
});
