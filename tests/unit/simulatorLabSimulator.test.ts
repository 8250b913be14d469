import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LabSimulator } from '../../src/bus/simulator/labSimulator';
import { ok, type Result } from '../../src/shared/result';
import type { SimulatorStatus } from '../../src/shared/simulator';

/** Records what the simulator publishes and answers at once (or never, when hung). */
class FakePublisher {
  readonly channels: string[] = [];
  constructor(private readonly isHung = false) {}

  publish = (channel: string, _payload: Buffer): Promise<Result<number>> => {
    this.channels.push(channel);
    return this.isHung ? new Promise(() => undefined) : Promise.resolve(ok(1));
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(20);
}

function summary(status: SimulatorStatus): unknown {
  return status.state === 'running' ? { state: status.state, options: status.options, channels: status.channels } : status;
}

describe('LabSimulator', () => {
  test('a hung server costs a bounded number of waiting publishes; the rest is skipped and counted', async () => {
    const publisher = new FakePublisher(true);
    const simulator = new LabSimulator({ publish: publisher.publish, onDidChangeStatus: () => undefined, seed: 1 });
    try {
      simulator.start({ eegUsers: 8, eegRateHz: 1000, eegChannels: 2, shouldPublishLabChannels: false });
      // Skips can also come from the sample clock after a stall on a loaded machine, so wait for the cap itself.
      await waitFor(() => simulator.counters().inFlight >= 2000 && simulator.counters().skipped > 0);
      // Time for publishes beyond the cap to be tried, if the cap leaked.
      await sleep(100);
    } finally {
      simulator.stop();
    }
    const counters = simulator.counters();
    assert.deepEqual(
      { ...counters, skipped: counters.skipped > 0, calls: publisher.channels.length },
      { published: 0, failed: 0, skipped: true, inFlight: 2000, calls: 2000 },
    );
  });

  test('EEG samples skipped after a stall are counted as samples, apart from messages the gate did not send', async () => {
    const publisher = new FakePublisher();
    const simulator = new LabSimulator({ publish: publisher.publish, onDidChangeStatus: () => undefined, seed: 3 });
    let status = simulator.status();
    try {
      simulator.start({ eegUsers: 2, eegRateHz: 100, eegChannels: 2, shouldPublishLabChannels: false });
      // Hold the thread for 600 ms: the generator catches up 100 ms and skips the rest, for each user.
      const heldUntil = performance.now() + 600;
      while (performance.now() < heldUntil);
      await waitFor(() => {
        status = simulator.status();
        return status.state === 'running' && status.skippedEegSamples > 0;
      });
    } finally {
      simulator.stop();
    }
    const current = status.state === 'running' ? { skippedMessages: status.skippedMessages, skippedEegSamples: status.skippedEegSamples } : null;
    assert.ok(current, 'the simulator was running');
    // 2 users × about 50 samples (500 ms at 100 Hz, less what the stall took before the first tick).
    assert.deepStrictEqual(
      { skippedMessages: current.skippedMessages, isEven: current.skippedEegSamples % 2 === 0, isSamples: current.skippedEegSamples >= 2 && current.skippedEegSamples <= 2 * 60 },
      { skippedMessages: 0, isEven: true, isSamples: true },
    );
  });

  test('start while running restarts with the new options; stop reports once and publishes no more', async () => {
    const publisher = new FakePublisher();
    const statuses: SimulatorStatus[] = [];
    const simulator = new LabSimulator({ publish: publisher.publish, onDidChangeStatus: (status) => statuses.push(status), seed: 2 });
    try {
      simulator.start({ eegUsers: 1, eegRateHz: 100, eegChannels: 4, shouldPublishLabChannels: false });
      simulator.start({ eegUsers: 2, eegRateHz: 100, eegChannels: 4, shouldPublishLabChannels: true });
      await waitFor(() => publisher.channels.includes('user:demo2:raw') && publisher.channels.includes('devices:telemetry'));
    } finally {
      simulator.stop();
      simulator.stop();
    }
    const publishedAtStop = publisher.channels.length;
    await sleep(100);
    assert.deepEqual(
      { statuses: statuses.map(summary), current: simulator.status(), publishedAfterStop: publisher.channels.length - publishedAtStop },
      {
        statuses: [
          {
            state: 'running',
            options: { eegUsers: 1, eegRateHz: 100, eegChannels: 4, shouldPublishLabChannels: false },
            channels: ['user:demo1:raw', 'user:demo1:features', 'user:demo1:predictions'],
          },
          {
            state: 'running',
            options: { eegUsers: 2, eegRateHz: 100, eegChannels: 4, shouldPublishLabChannels: true },
            channels: [
              'user:demo1:raw', 'user:demo1:features', 'user:demo1:predictions',
              'user:demo2:raw', 'user:demo2:features', 'user:demo2:predictions',
              'devices:telemetry', 'experiments:data', 'agents:status', 'agent:status',
              'task:routing', 'task_updates', 'system:alerts', 'crep:live',
            ],
          },
          { state: 'stopped' },
        ],
        current: { state: 'stopped' },
        publishedAfterStop: 0,
      },
    );
  });

  test('options out of range are clamped to what the generator supports', () => {
    const simulator = new LabSimulator({ publish: new FakePublisher().publish, onDidChangeStatus: () => undefined });
    const status = simulator.start({ eegUsers: 99, eegRateHz: 5, eegChannels: 0.4, shouldPublishLabChannels: false });
    simulator.stop();
    assert.deepEqual(status.state === 'running' ? status.options : status, {
      eegUsers: 8,
      eegRateHz: 10,
      eegChannels: 1,
      shouldPublishLabChannels: false,
    });
  });
});
