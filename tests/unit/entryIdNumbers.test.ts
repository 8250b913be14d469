import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { entryIdOf, readEntryIdNumbers, type EntryIdNumbers } from '../../src/bus/feed/entryIdNumbers';

/** The id the history gives back for `id`: from its numbers, or the string itself when it keeps that. */
function keptAs(id: string): { id: string; asNumbers: boolean } {
  const numbers: EntryIdNumbers = { milliseconds: 7, sequence: 7 };
  readEntryIdNumbers(id, numbers);
  return Number.isNaN(numbers.milliseconds) ? { id, asNumbers: false } : { id: entryIdOf(numbers.milliseconds, numbers.sequence), asNumbers: true };
}

describe('stream entry ids as numbers', () => {
  test('ids written the usual way come back the same from their numbers; any other id is kept as its string', () => {
    const usual = ['0-0', '0-1', '1763771000000-0', '1763771000000-42', '999999999999999-999999999999999'];
    const other = ['', '-', '1-', '-1', '01-0', '0-00', '1000000000000000-0', '1-1000000000000000', '18446744073709551615-18446744073709551615', '1-2-3', '1 -2', 'a-1', '١-٢'];
    assert.deepStrictEqual(
      [...usual, ...other].map(keptAs),
      [...usual.map((id) => ({ id, asNumbers: true })), ...other.map((id) => ({ id, asNumbers: false }))],
    );
  });
});
