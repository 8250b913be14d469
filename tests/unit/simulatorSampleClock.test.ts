import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SampleClock } from '../../src/bus/simulator/sampleClock';

test('SampleClock releases samples at the exact rate and caps the backlog after a stall', () => {
  const clock = new SampleClock(250, 1000, 25);
  const steps = [1000, 1010, 1013, 1020, 1020, 2020, 2030].map((nowMs) => clock.advance(nowMs));
  assert.deepEqual(steps, [
    { due: 0, skipped: 0 },
    { due: 2, skipped: 0 },
    { due: 1, skipped: 0 },
    { due: 2, skipped: 0 },
    { due: 0, skipped: 0 },
    { due: 25, skipped: 225 },
    { due: 2, skipped: 0 },
  ]);
  assert.equal(clock.position, 257);
});

test('SampleClock ignores a clock that goes backwards', () => {
  const clock = new SampleClock(100, 0, 10);
  clock.advance(100);
  assert.deepEqual([clock.advance(50), clock.advance(110)], [{ due: 0, skipped: 0 }, { due: 1, skipped: 0 }]);
});
