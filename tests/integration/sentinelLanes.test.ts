/**
 * A lane on a Sentinel profile while the master is SIGKILLed and a test
 * publisher (a plain ioredis client following the master through the
 * sentinels) publishes numbered messages: the console follows the new
 * master, the lane resubscribes, the feed shows the gap with its start and
 * end and how many numbers were lost across it, no number arrives twice, and the lane's count of missing numbers is
 * the count the test sees missing among what arrived.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import { openLiveFeed } from '../support/openLiveFeed';
import { startSentinelGroup } from '../support/sentinelGroup';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const CHANNEL = 'eeg:numbered';
/** A publish every few ms: enough numbers fall in the outage to count, few enough for a busy machine. */
const PUBLISH_INTERVAL_MS = 5;

test('SIGKILL of the master while a lane listens: gaps closed, resubscribed on the new master, lost numbers counted as the test counts them', async () => {
  const group = await startSentinelGroup();
  cleanups.push(() => group.stop());
  const sentinels = group.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port }));
  // Not dialled: the sentinels name the master.
  const endpoint: RedisEndpoint = { host: 'unused.invalid', port: 1, db: 0, topology: { mode: 'sentinel', sentinels, masterName: group.masterName } };
  const { live, sink, recorder, registry } = await openLiveFeed(cleanups, 'ha', endpoint, { timing: { retryBaseMs: 100, retryMaxMs: 500, connectTimeoutMs: 2_000 }, readyWithinMs: 15_000 });
  const lane = valueOf(await live.addLane('ha', { kind: 'channel', name: CHANNEL }, 'auto'));

  // The publisher follows the master through the sentinels, and sends each number once: no retry, no offline queue.
  // Under load (2 cores, other suites running) ioredis has been seen to give this client up ('end') during
  // the failover; the test's own publisher is then made again, since what is tested is the console, not it.
  const makePublisher = (): Redis => {
    const client = new Redis({ sentinels, name: group.masterName, failoverDetector: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
    client.on('error', () => undefined);
    cleanups.push(() => void client.disconnect());
    return client;
  };
  let publisher = makePublisher();
  let publishersMade = 1;
  let next = 1;
  let isPublishing = true;
  // A failed wait must not leave the loop publishing (the test process would never end).
  cleanups.push(() => {
    isPublishing = false;
  });
  const publishing = (async () => {
    while (isPublishing) {
      if (publisher.status === 'end') {
        publisher = makePublisher();
        publishersMade++;
      }
      const seq = next++;
      await publisher.publish(CHANNEL, JSON.stringify({ seq })).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, PUBLISH_INTERVAL_MS));
    }
  })();
  const receivedSeqs = (): number[] => sink.messages().filter((message) => message.laneIds.includes(lane.id)).map((message) => (JSON.parse(message.preview) as { seq: number }).seq);
  await until('numbered messages before the kill', () => receivedSeqs().length >= 20, 10_000);

  const [first, second] = group.nodes;
  await first.kill();
  await until('the gap to close on the new master', () => sink.gaps().find((gap) => gap.to !== null), 30_000);
  const seqAtClose = next;
  await until('numbered messages again after the failover', () => receivedSeqs().some((seq) => seq > seqAtClose + 20), 20_000).catch((error: unknown) => {
    // Say what was stuck: the lane, the profile or the test's own publisher.
    const state = { lane: sink.lane(lane.id)?.subscription, profile: recorder.namesOf('ha'), gaps: sink.gaps(), publisher: publisher.status, publishersMade, next, lastReceived: receivedSeqs().slice(-3) };
    throw new Error(`${String(error)}: ${JSON.stringify(state)}`);
  });
  isPublishing = false;
  await publishing;
  const lastPublished = next - 1;
  // The last publishes are in flight: wait until the lane has one of the final few (the frames run on a clock).
  await until('the last messages at the lane', () => receivedSeqs().some((seq) => seq >= lastPublished - 5), 10_000);
  await until('the lane counters for what arrived', () => sink.lane(lane.id)?.sequence?.checked === receivedSeqs().length, 5_000);

  const seqs = receivedSeqs();
  const unique = new Set(seqs);
  const lowest = Math.min(...seqs);
  const highest = Math.max(...seqs);
  const missingSeen = highest - lowest + 1 - unique.size;
  const topology = valueOf(await registry.readTopology('ha'));
  const shown = sink.lane(lane.id);
  assert.ok(missingSeen > 0, 'the outage lost some numbers (a test of nothing otherwise)');
  assert.deepStrictEqual(
    {
      // One gap: a later sentinel's +switch-master naming the master already reached no longer drops the
      // resumed connection (guardedSentinelConnector.ts); before, about 1 run in 5 showed a second gap.
      gaps: sink.gaps().length,
      gapsClosed: sink.gaps().every((gap) => gap.to !== null && gap.to >= gap.from),
      lostAcrossGaps: sink.gaps().reduce((sum, gap) => sum + (gap.lostBySequence ?? 0), 0),
      subscription: shown?.subscription.state,
      missing: shown?.sequence?.missing,
      duplicatesShown: shown?.sequence?.duplicates,
      duplicatesSeen: seqs.length - unique.size,
      master: topology.mode === 'sentinel' ? topology.master : topology.mode,
      switched: topology.mode === 'sentinel' ? [topology.lastSwitch?.from, topology.lastSwitch?.to] : null,
    },
    {
      gaps: 1,
      gapsClosed: true,
      lostAcrossGaps: missingSeen,
      subscription: 'active',
      missing: missingSeen,
      duplicatesShown: 0,
      duplicatesSeen: 0,
      master: `127.0.0.1:${second.port}`,
      switched: [`127.0.0.1:${first.port}`, `127.0.0.1:${second.port}`],
    },
  );
});
