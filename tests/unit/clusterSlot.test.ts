/** The Cluster hash slot of a sharded channel, checked against values Redis documents and its hash-tag rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterSlotOf } from '../../src/bus/sources/redisShard/clusterSlot';

const slot = (name: string): number => clusterSlotOf(Buffer.from(name, 'utf8'));

test('CRC16 (XMODEM) modulo 16384, as CLUSTER KEYSLOT answers', () => {
  // "123456789" is CRC16/XMODEM's check value (0x31C3); foo and hello as redis-cli CLUSTER KEYSLOT answers them.
  assert.deepStrictEqual([slot('123456789'), slot('foo'), slot('hello')], [0x31c3, 12_182, 866]);
});

test('a hash tag hashes only the text between the first { and the next }, when it is not empty', () => {
  assert.deepStrictEqual(
    {
      tagged: slot('{user1000}.following') === slot('user1000'),
      emptyTagHashesAll: slot('foo{}{bar}') === slot('bar'),
      firstOpenBraceCounts: slot('foo{{bar}}zap') === slot('{bar'),
    },
    { tagged: true, emptyTagHashesAll: false, firstOpenBraceCounts: true },
  );
});
