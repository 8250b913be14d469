/** Cluster slots of dead-letter keys, and the split of a dead letter's fields into bookkeeping and original. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashTagOf, isOneSlot, keySlot } from '../../src/bus/streams/deadLetters/clusterSlots';
import { parseDeadLetterFields } from '../../src/bus/streams/deadLetters/deadLetterLayout';

test('slots follow Redis Cluster: CRC16 of the hash tag, mod 16384', () => {
  assert.deepEqual(
    [keySlot('foo'), keySlot('123456789'), hashTagOf('{orders}:dlq'), hashTagOf('a{}b'), isOneSlot(['{orders}', '{orders}:dlq', '{orders}:dlq:replayed']), isOneSlot(['orders', 'orders:dlq'])],
    [12182, 12739, 'orders', 'a{}b', true, false],
  );
});

test('Labwire layout: the declared count marks where the original starts, even when the original has dlq: names', () => {
  const raw = ['dlq:v1', '3', 'dlq:reason', 'boom', 'dlq:origin', 'orders', 'dlq:reason', 'original value', 'x', '1'].map((part) => Buffer.from(part));
  assert.deepEqual(parseDeadLetterFields(raw), { layout: 'labwire', facts: { reason: 'boom', origin: 'orders' }, originalStart: 6 });
});

test('a declared count that does not fit the fields is read as no bookkeeping, never thrown', () => {
  const raw = ['dlq:v1', '99', 'a', 'b'].map((part) => Buffer.from(part));
  assert.deepEqual(parseDeadLetterFields(raw), { layout: 'labwire', facts: {}, originalStart: 2 });
});
