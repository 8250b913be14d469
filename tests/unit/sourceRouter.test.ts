/**
 * The router as the bus's one handle on every source: connection states,
 * closing per profile and disposal reach each source given, in RouterSources'
 * order; publishing's own receivers come from the source that serves the
 * command; a source outage that ended with a closed profile holds nothing back.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BridgeSource } from '../../src/bus/sources/bridge/bridgeSource';
import { SourceRouter, type SourceHooks } from '../../src/bus/sources/sourceRouter';
import type { ConnectionState } from '../../src/shared/connectionState';
import { FakeMessageSource } from '../support/FakeMessageSource';

const PROFILE_ID = 'lab';
const DEMO_PROFILE_ID = 'demo';
const LOST = { code: 'CONNECTION_LOST' as const, message: 'lost' };

/** A FakeMessageSource that writes each hook call to `log` under `name`, and counts `receivers` for every channel. */
function hookedSource(name: string, log: string[], receivers: number): FakeMessageSource & Required<SourceHooks> {
  return Object.assign(new FakeMessageSource(), {
    handleConnectionState: (profileId: string, state: ConnectionState) => log.push(`${name} state ${profileId} ${state.state}`),
    closeProfile: (profileId: string) => log.push(`${name} close ${profileId}`),
    dispose: () => log.push(`${name} dispose`),
    ownReceiversOf: () => receivers,
  });
}

test('every source given hears each connection state, closes and disposes, in RouterSources order', () => {
  const log: string[] = [];
  const bridge = Object.assign(new BridgeSource(), { closeProfile: (profileId: string) => log.push(`bridge close ${profileId}`) });
  const router = new SourceRouter({
    redisPubsub: hookedSource('pubsub', log, 0),
    redisStream: hookedSource('stream', log, 0),
    redisShard: hookedSource('shard', log, 0),
    bridge,
    demo: { source: hookedSource('demo', log, 0), isDemoProfile: (profileId) => profileId === DEMO_PROFILE_ID },
  });
  router.handleConnectionState(PROFILE_ID, { state: 'ready', since: 1 });
  router.closeProfile(PROFILE_ID);
  router.dispose();
  assert.deepStrictEqual(log, [
    'pubsub state lab ready',
    'stream state lab ready',
    'shard state lab ready',
    'demo state lab ready',
    'pubsub close lab',
    'stream close lab',
    'shard close lab',
    'bridge close lab',
    'demo close lab',
    'pubsub dispose',
    'stream dispose',
    'shard dispose',
    'demo dispose',
  ]);
});

test("PUBLISH's own receivers come from pub/sub (the demo source on a demo profile), SPUBLISH's from the sharded channels; bridges listening are named for PUBLISH only", () => {
  const log: string[] = [];
  const bridge = new BridgeSource();
  bridge.listCommandListener(PROFILE_ID, 'pump:commands', 'Pump');
  const router = new SourceRouter({
    redisPubsub: hookedSource('pubsub', log, 2),
    redisStream: hookedSource('stream', log, 30),
    redisShard: hookedSource('shard', log, 5),
    bridge,
    demo: { source: hookedSource('demo', log, 7), isDemoProfile: (profileId) => profileId === DEMO_PROFILE_ID },
  });
  const alone = new SourceRouter({ redisPubsub: new FakeMessageSource(), redisStream: new FakeMessageSource() });
  assert.deepStrictEqual(
    {
      publish: router.ownReceiversOf(PROFILE_ID, 'pump:commands', 'publish'),
      spublish: router.ownReceiversOf(PROFILE_ID, 'pump:commands', 'spublish'),
      demoPublish: router.ownReceiversOf(DEMO_PROFILE_ID, 'pump:commands', 'publish'),
      bridges: router.bridgesListeningOn(PROFILE_ID, 'pump:commands', 'publish'),
      bridgesElsewhere: router.bridgesListeningOn(PROFILE_ID, 'pump:status', 'publish'),
      bridgesOfSpublish: router.bridgesListeningOn(PROFILE_ID, 'pump:commands', 'spublish'),
      withoutCounting: [alone.ownReceiversOf(PROFILE_ID, 'x', 'publish'), alone.ownReceiversOf(PROFILE_ID, 'x', 'spublish')],
      withoutBridges: alone.bridgesListeningOn(PROFILE_ID, 'pump:commands', 'publish'),
    },
    { publish: 2, spublish: 5, demoPublish: 7, bridges: ['Pump'], bridgesElsewhere: [], bridgesOfSpublish: [], withoutCounting: [0, 0], withoutBridges: [] },
  );
});

test("a shard outage that ended with a closed profile does not hold back the profile's next 'ready'", () => {
  const pubsub = new FakeMessageSource();
  const shards = new FakeMessageSource();
  const router = new SourceRouter({ redisPubsub: pubsub, redisStream: new FakeMessageSource(), redisShard: shards });
  const seen: string[] = [];
  router.onDidChangeReceiving((profileId, state) => seen.push(`${profileId} ${state.state}`));
  pubsub.setReceiving(PROFILE_ID, { state: 'ready', since: 1 });
  shards.setReceiving(PROFILE_ID, { state: 'reconnecting', since: 2, attempt: 1, lastError: LOST, nextRetryAt: 3 });
  // The shard source closes without a word, as ProfileShards.close does.
  router.closeProfile(PROFILE_ID);
  pubsub.setReceiving(PROFILE_ID, { state: 'closed', since: 4 });
  pubsub.setReceiving(PROFILE_ID, { state: 'ready', since: 5 });
  assert.deepStrictEqual(seen, ['lab ready', 'lab reconnecting', 'lab closed', 'lab ready']);
});
