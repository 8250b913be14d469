/** The relay's per-client queue: in order while under its soft cap, newest per channel past it, never past its hard cap. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RelayClientQueue, type QueuedFrame } from '../../src/bus/relay/relayClientQueue';

const message = (key: string, text: string): QueuedFrame => ({ key, frame: text, isBinary: false, bytes: text.length, isMessage: true });
const control = (text: string): QueuedFrame => ({ key: null, frame: text, isBinary: false, bytes: text.length, isMessage: false });

function drain(queue: RelayClientQueue): string[] {
  const taken: string[] = [];
  for (let item = queue.take(); item; item = queue.take()) taken.push(String(item.frame));
  return taken;
}

test('under the soft cap every frame is kept, in order', () => {
  const queue = new RelayClientQueue({ softCapBytes: 100, hardCapBytes: 200 });
  for (const text of ['a1', 'b1', 'a2', 'a3']) queue.push(message(text[0] ?? '', text));
  assert.deepEqual({ bytes: queue.queuedBytes, frames: drain(queue), dropped: queue.dropped, bytesAfter: queue.queuedBytes }, {
    bytes: 8,
    frames: ['a1', 'b1', 'a2', 'a3'],
    dropped: 0,
    bytesAfter: 0,
  });
});

test('past the soft cap only the newest frame of each channel waits; replaced ones are counted once and reported once', () => {
  const queue = new RelayClientQueue({ softCapBytes: 10, hardCapBytes: 100 });
  queue.push(message('a', 'a-1..')); // 5 bytes
  queue.push(control('ok')); // 7
  queue.push(message('b', 'b-1..')); // 12 > 10: catching up from here
  queue.push(message('a', 'a-2..'));
  queue.push(message('a', 'a-3..'));
  assert.equal(queue.isCatchingUp, true);
  assert.equal(queue.queuedBytes, 12);
  assert.deepEqual(drain(queue), ['a-3..', 'ok', 'b-1..']);
  assert.deepEqual([queue.dropped, queue.takeUnreportedDrops(), queue.takeUnreportedDrops()], [2, 2, 0]);
  assert.equal(queue.isCatchingUp, false, 'back in order once the backlog is gone');
  queue.push(message('a', 'a-4'));
  queue.push(message('a', 'a-5'));
  assert.deepEqual(drain(queue), ['a-4', 'a-5']);
});

test('the hard cap is never passed: new channels are dropped and counted, control frames are capped too', () => {
  const queue = new RelayClientQueue({ softCapBytes: 4, hardCapBytes: 12 });
  let largest = 0;
  for (let index = 0; index < 50; index++) {
    queue.push(message(`channel-${index}`, `m${index % 10}..`));
    queue.push(control('err!'));
    largest = Math.max(largest, queue.queuedBytes);
  }
  assert.ok(largest <= 12, `held ${largest} bytes`);
  assert.ok(queue.dropped >= 47, `dropped ${queue.dropped}`);
  queue.clear();
  assert.deepEqual([queue.queuedBytes, queue.isEmpty, queue.take()], [0, true, undefined]);
});

test('a replacement that would pass the hard cap keeps the older frame and counts the new one', () => {
  const queue = new RelayClientQueue({ softCapBytes: 1, hardCapBytes: 10 });
  queue.push(message('a', '12345'));
  queue.push(message('a', '12345678901'));
  assert.deepEqual([drain(queue), queue.dropped], [['12345'], 1]);
});
