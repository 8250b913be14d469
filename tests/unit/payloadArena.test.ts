import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PayloadArena, storedBytes, type StoredPayload } from '../../src/bus/feed/payloadArena';

function copyOf(arena: PayloadArena, payload: Uint8Array): StoredPayload {
  const stored: StoredPayload = { store: Buffer.alloc(0), offset: 0, length: 0 };
  arena.copy(payload, stored);
  return stored;
}

describe('PayloadArena', () => {
  test('copies are exact and do not follow later writes to the socket buffer they came from', () => {
    const arena = new PayloadArena();
    const socketBuffer = Buffer.from('first|second|third');
    const copies = [socketBuffer.subarray(0, 5), socketBuffer.subarray(6, 12), Buffer.alloc(0)].map((view) => storedBytes(copyOf(arena, view)));
    socketBuffer.fill(0x78);
    assert.deepStrictEqual(copies.map((copy) => copy.toString()), ['first', 'second', '']);
  });

  test('small copies share a slab until it is full; a large payload gets its own buffer', () => {
    const arena = new PayloadArena();
    const kibibyte = Buffer.alloc(1024, 1);
    const copies = Array.from({ length: 65 }, () => storedBytes(copyOf(arena, kibibyte)));
    const large = storedBytes(copyOf(arena, Buffer.alloc(100 * 1024, 2)));
    // 64 copies fill the first 64 KiB slab; the 65th starts the next one.
    assert.equal(copies[0]!.buffer, copies[63]!.buffer);
    assert.notEqual(copies[63]!.buffer, copies[64]!.buffer);
    assert.equal(copies[64]!.byteOffset, 0);
    assert.equal(large.byteLength, 100 * 1024);
    assert.ok(large.buffer !== copies[64]!.buffer && large.every((byte) => byte === 2));
  });
});
