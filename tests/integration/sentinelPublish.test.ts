/**
 * Publishing through a Sentinel profile while the master is SIGKILLed: a
 * numbered series, counted by a subscriber on the replica (PUBLISH reaches
 * replicas through replication, and the replica survives to be promoted).
 * No number arrives twice, every delivered number arrived, no number that
 * was refused or failed arrived; only 'unknown' may be either. One
 * exception, which the record itself shows: the promoting sentinel kills
 * the new master's pub/sub clients (CLIENT KILL TYPE pubsub), so a number
 * delivered to zero receivers after the kill may be missed while the
 * subscriber resubscribes. Publishing
 * only: lanes on Sentinel are tested elsewhere.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { CommandPublisher } from '../../src/bus/publish/commandPublisher';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { publishOutcomeOf, type SeriesOutcome } from '../support/publishSeries';
import { startSentinelGroup } from '../support/sentinelGroup';
import { pollUntil, runOn } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until } from '../support/waitUntil';

const cleanups = suiteCleanups();
const CHANNEL = 'lab:ha:seq';
const MARKER = 'marker';
const KILL_AT = 30;
/** Publishes delivered after the new master answered, to show publishing came back. */
const DELIVERED_AFTER_SWITCH = 20;

test('a numbered series while the Sentinel master is SIGKILLed: no number twice, delivered arrived, refused or failed did not', async () => {
  const group = await startSentinelGroup();
  cleanups.push(() => group.stop());
  const [master, replica] = group.nodes;
  const registry = new ConnectionRegistry({ ...new ConnectionStateRecorder().listeners, timing: { retryBaseMs: 100, retryMaxMs: 500, connectTimeoutMs: 3_000 } });
  cleanups.push(() => registry.dispose());
  registry.open('ha', {
    host: 'unused.invalid',
    port: 1,
    db: 0,
    topology: { mode: 'sentinel', sentinels: group.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port })), masterName: group.masterName },
  });
  await pollUntil('the profile to be ready', async () => registry.stateOf('ha').state === 'ready', 15_000);
  const profile: Profile = { ...defaultProfileFields(), id: 'ha', name: 'HA lab', hasPassword: false, isManagedLocal: false, createdAt: 0, updatedAt: 0 };
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-sentinel-publish-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const publisher = new CommandPublisher({ connections: registry, dataDir, profileOf: (id) => (id === 'ha' ? profile : undefined), ownReceiversOf: () => 0 });
  cleanups.push(() => publisher.dispose());

  // Reconnects and resubscribes by itself (ioredis' defaults) after the sentinel kills it on promotion.
  const subscriber = new Redis({ host: '127.0.0.1', port: replica.port, lazyConnect: true, retryStrategy: () => 20 });
  subscriber.on('error', () => undefined);
  cleanups.push(async () => subscriber.disconnect());
  await subscriber.connect();
  const received: string[] = [];
  subscriber.on('message', (_channel: string, message: string) => received.push(message));
  await subscriber.subscribe(CHANNEL);

  const outcomes = new Map<number, SeriesOutcome>();
  /** Numbers delivered after the kill to nobody: the subscriber was between the sentinel's kill and its resubscribe. */
  const deliveredToNobody = new Set<number>();
  let isSwitched = false;
  let deliveredAfterSwitch = 0;
  for (let number = 1; deliveredAfterSwitch < DELIVERED_AFTER_SWITCH; number++) {
    if (number === KILL_AT) {
      void master.kill();
      void pollUntil('the replica to be promoted', async () => (await group.masterPort()) === replica.port, 30_000).then(() => {
        isSwitched = true;
      });
    }
    const result = await publisher.publish({ profileId: 'ha', channel: CHANNEL, payload: String(number), encoding: 'text', attemptId: `n-${number}`, isConfirmed: false });
    const outcome = publishOutcomeOf(result);
    outcomes.set(number, outcome);
    if (number >= KILL_AT && result.ok && result.value.outcome === 'delivered' && result.value.receivers === 0) deliveredToNobody.add(number);
    if (isSwitched && outcome === 'delivered') deliveredAfterSwitch += 1;
    // Paced, and a pause lets the supervisor reconnect between refusals.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await runOn(replica.port, (client) => client.publish(CHANNEL, MARKER));
  await until('the marker', () => received.includes(MARKER));

  const counts = new Map<number, number>();
  for (const message of received) if (message !== MARKER) counts.set(Number(message), (counts.get(Number(message)) ?? 0) + 1);
  const byOutcome = (wanted: SeriesOutcome): number[] => [...outcomes].filter(([, outcome]) => outcome === wanted).map(([number]) => number);
  assert.deepStrictEqual(
    {
      arrivedTwice: [...counts].filter(([, count]) => count > 1).map(([number]) => number),
      deliveredMissing: byOutcome('delivered').filter((number) => !counts.has(number) && !deliveredToNobody.has(number)),
      refusedOrFailedArrived: [...byOutcome('failed'), ...byOutcome('not sent')].filter((number) => counts.has(number)),
      deliveredBeforeKill: byOutcome('delivered').filter((number) => number < KILL_AT).length,
      lastDeliveredReachedTheSubscriber: counts.has(Math.max(...byOutcome('delivered'))),
    },
    { arrivedTwice: [], deliveredMissing: [], refusedOrFailedArrived: [], deliveredBeforeKill: KILL_AT - 1, lastDeliveredReachedTheSubscriber: true },
  );
});
