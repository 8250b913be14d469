import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PublishGate } from '../../src/bus/simulator/publishGate';
import { fail, ok, type Result } from '../../src/shared/result';

/** A publisher whose answers the test releases by hand. */
class FakePublisher {
  readonly pending: ((result: Result<number>) => void)[] = [];
  readonly rejecters: ((error: Error) => void)[] = [];
  calls = 0;

  publish = (_channel: string, _payload: Buffer): Promise<Result<number>> => {
    this.calls++;
    return new Promise((resolve, reject) => {
      this.pending.push(resolve);
      this.rejecters.push(reject);
    });
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('PublishGate counts successes, failures and rejections, and skips beyond the in-flight cap', async () => {
  const publisher = new FakePublisher();
  const gate = new PublishGate(publisher.publish, 3);
  for (let index = 0; index < 5; index++) gate.send('ch', Buffer.from('x'));
  const whileHung = gate.snapshot();
  publisher.pending[0]!(ok(1));
  publisher.pending[1]!(fail('NOPERM', 'No permission.'));
  publisher.rejecters[2]!(new Error('socket closed'));
  await flush();
  assert.deepEqual(
    { whileHung, after: gate.snapshot(), calls: publisher.calls },
    {
      whileHung: { published: 0, failed: 0, skipped: 2, inFlight: 3 },
      after: { published: 1, failed: 2, skipped: 2, inFlight: 0 },
      calls: 3,
    },
  );
});

test('PublishGate counts a publisher that throws instead of answering', () => {
  const gate = new PublishGate(() => {
    throw new Error('not connected');
  }, 3);
  gate.send('ch', Buffer.from('x'));
  assert.deepEqual(gate.snapshot(), { published: 0, failed: 1, skipped: 0, inFlight: 0 });
});
