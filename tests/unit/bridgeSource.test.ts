/** The bridge source: active while the bridge exists, refused in words when it does not or is removed, messages only to active consumers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BridgeSource } from '../../src/bus/sources/bridge/bridgeSource';
import type { SourceMessage } from '../../src/bus/sources/messageSource';

test('a known bridge is active and receives; an unknown one is refused; a removed one is refused and receives nothing more', async () => {
  const source = new BridgeSource();
  source.attach({ bridgeName: async (profileId, bridgeId) => (profileId === 'p1' && bridgeId === 'board-1' ? 'Incubator board' : null) });
  const received: string[] = [];
  const knownTarget = { kind: 'bridge' as const, bridgeId: 'board-1' };
  const known = source.subscribe('p1', knownTarget, (message) => received.push(message.payload.toString()));
  const unknown = source.subscribe('p1', { kind: 'bridge', bridgeId: 'board-9' }, () => assert.fail('an unknown bridge delivers nothing'));
  assert.equal(known.state().state, 'subscribing');
  const [knownState, unknownState] = await Promise.all([known.whenSettled(), unknown.whenSettled()]);
  const message = (text: string): SourceMessage => ({ channel: Buffer.from('devices:telemetry'), pattern: null, payload: Buffer.from(text), receivedAt: Date.now() });
  source.deliver('p1', 'board-1', message('one'));
  assert.equal(source.hasConsumers('p1', 'board-1'), true);
  source.forgetBridge('p1', 'board-1');
  source.deliver('p1', 'board-1', message('two'));
  assert.deepStrictEqual(
    { known: knownState.state, knownTarget, unknown: unknownState.state, afterRemove: known.state(), received, hasConsumers: source.hasConsumers('p1', 'board-1') },
    {
      known: 'active',
      // The lane holding this target is titled by the bridge's name.
      knownTarget: { kind: 'bridge', bridgeId: 'board-1', bridgeName: 'Incubator board' },
      unknown: 'refused',
      afterRemove: { state: 'refused', since: (known.state() as { since: number }).since, error: { code: 'NOT_FOUND', message: 'This device bridge was removed.' } },
      received: ['one'],
      hasConsumers: false,
    },
  );
});
