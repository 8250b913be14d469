import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatestFrameScheduler, type AnimationFrameClock } from '../../../src/renderer/src/features/plots/latestFrameScheduler';

/** Animation frames that run only when the test says so. */
class FakeAnimationFrameClock implements AnimationFrameClock {
  private callbacks = new Map<number, () => void>();
  private nextHandle = 1;

  request(callback: () => void): number {
    const handle = this.nextHandle++;
    this.callbacks.set(handle, callback);
    return handle;
  }

  cancel(handle: number): void {
    this.callbacks.delete(handle);
  }

  get pending(): number {
    return this.callbacks.size;
  }

  runFrame(): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback();
  }
}

test('only the newest item of an animation frame is drawn, and the replaced ones are counted as skipped', () => {
  const clock = new FakeAnimationFrameClock();
  const drawn: number[] = [];
  const scheduler = new LatestFrameScheduler<number>((item) => drawn.push(item), clock);
  scheduler.offer(1);
  scheduler.offer(2);
  scheduler.offer(3);
  const requestsAfterThreeOffers = clock.pending;
  clock.runFrame();
  clock.runFrame();
  scheduler.offer(4);
  clock.runFrame();
  assert.deepStrictEqual(
    { drawn, requestsAfterThreeOffers, counters: { ...scheduler.counters } },
    { drawn: [3, 4], requestsAfterThreeOffers: 1, counters: { received: 4, drawn: 2, skipped: 2 } },
  );
});

test('a discarded or disposed scheduler draws nothing more', () => {
  const clock = new FakeAnimationFrameClock();
  const drawn: string[] = [];
  const scheduler = new LatestFrameScheduler<string>((item) => drawn.push(item), clock);
  scheduler.offer('frozen away');
  scheduler.discard();
  clock.runFrame();
  scheduler.offer('live');
  clock.runFrame();
  scheduler.offer('after the view closed');
  scheduler.dispose();
  scheduler.offer('too late');
  clock.runFrame();
  assert.deepStrictEqual({ drawn, pending: clock.pending }, { drawn: ['live'], pending: 0 });
});
