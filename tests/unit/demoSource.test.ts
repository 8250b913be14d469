/** The demo source on its own: receiving follows the 'demo' state, targets match as Redis would, leaving and closing end delivery. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DemoSource } from '../../src/bus/sources/demo/demoSource';
import type { SourceMessage } from '../../src/bus/sources/messageSource';
import type { ConnectionState } from '../../src/shared/connectionState';

const PROFILE = 'demo-profile';

function openSource(): { source: DemoSource; receiving: string[] } {
  const source = new DemoSource();
  const receiving: string[] = [];
  source.onDidChangeReceiving((profileId, state) => receiving.push(`${profileId} ${state.state}`));
  source.handleConnectionState(PROFILE, { state: 'demo', since: 1 });
  return { source, receiving };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('demo source', () => {
  test('a demo profile receives; a Redis profile passing by is not its business', () => {
    const { source, receiving } = openSource();
    source.handleConnectionState('redis-profile', { state: 'ready', since: 2 });
    assert.deepStrictEqual(
      { receiving, demo: source.receivingState(PROFILE).state, redis: source.receivingState('redis-profile').state },
      { receiving: [`${PROFILE} ready`], demo: 'ready', redis: 'idle' },
    );
  });

  test('channels match exactly, patterns as Redis globs, and nothing is delivered during subscribe', async () => {
    const { source } = openSource();
    const got: string[] = [];
    const record = (label: string) => (message: SourceMessage) => got.push(`${label} ${message.channel.toString()} ${message.pattern?.toString() ?? '-'}`);
    const channel = source.subscribe(PROFILE, { kind: 'channel', name: 'user:demo1:raw' }, record('channel'));
    const pattern = source.subscribe(PROFILE, { kind: 'pattern', pattern: 'user:*:[rf]a?' }, record('pattern'));
    const deliveredBeforeActive = source.deliver(PROFILE, 'user:demo1:raw', Buffer.from('x'));
    const states = [await channel.whenSettled(), await pattern.whenSettled()].map((state) => state.state);
    const receivers = ['user:demo1:raw', 'user:demo1:features', 'devices:telemetry'].map((name) => source.deliver(PROFILE, name, Buffer.from('y')));
    assert.deepStrictEqual(
      { deliveredBeforeActive, states, receivers, got },
      {
        deliveredBeforeActive: 0,
        states: ['active', 'active'],
        receivers: [2, 0, 0],
        got: ['channel user:demo1:raw -', 'pattern user:demo1:raw user:*:[rf]a?'],
      },
    );
  });

  test('a subscription that left, and every one after the profile closes, receives nothing', async () => {
    const { source } = openSource();
    const got: string[] = [];
    const left = source.subscribe(PROFILE, { kind: 'channel', name: 'a' }, () => got.push('left'));
    const kept = source.subscribe(PROFILE, { kind: 'channel', name: 'a' }, () => got.push('kept'));
    await settle();
    await left.unsubscribe();
    const whileOpen = source.deliver(PROFILE, 'a', Buffer.from('1'));
    const closed: ConnectionState = { state: 'closed', since: 3 };
    source.handleConnectionState(PROFILE, closed);
    const afterClose = source.deliver(PROFILE, 'a', Buffer.from('2'));
    const late = source.subscribe(PROFILE, { kind: 'channel', name: 'a' }, () => got.push('late'));
    assert.deepStrictEqual(
      { whileOpen, afterClose, got, states: [left.state().state, kept.state().state, (await late.whenSettled()).state], receiving: source.receivingState(PROFILE).state },
      { whileOpen: 1, afterClose: 0, got: ['kept'], states: ['interrupted', 'interrupted', 'interrupted'], receiving: 'idle' },
    );
  });
});
