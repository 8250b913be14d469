/**
 * The relay's bus feature with real sockets over a source that is not Redis:
 * one relay at a time, origins checked when typed, a taken port in words,
 * a subscription Redis refuses told to the client, and the relay stopping
 * (with the reason) when its profile's connection closes.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import type { BusServices } from '../../src/bus/busFeature';
import { createRelayFeature } from '../../src/bus/relay/relayFeature';
import type { RelayStartParams } from '../../src/shared/features/relayContract';
import { FakeMessageSource } from '../support/FakeMessageSource';
import { RelayTestClient } from '../support/relayTestClient';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const PARAMS: RelayStartParams = { profileId: 'lab', host: '127.0.0.1', port: 0, shouldSpeakFoxglove: false, foxgloveTopics: [], allowedOrigins: [] };

function relayFeature(source = new FakeMessageSource()) {
  // The relay feature reads only these two services.
  const services = { profiles: { get: (id: string) => (id === 'lab' ? { id } : undefined) }, sources: source } as unknown as BusServices;
  const feature = createRelayFeature(services);
  cleanups.push(() => feature.dispose?.());
  return { feature, source };
}

test('one relay at a time; a typed origin must be an origin; unknown profiles are refused', async () => {
  const { feature } = relayFeature();
  const badOrigin = await feature.handlers['relay:start']({ ...PARAMS, allowedOrigins: ['dash.lab'] }, 'host');
  const unknown = await feature.handlers['relay:start']({ ...PARAMS, profileId: 'gone' }, 'host');
  const started = valueOf(await feature.handlers['relay:start']({ ...PARAMS, allowedOrigins: ['https://Dash.Lab.example/'] }, 'host'));
  const again = await feature.handlers['relay:start'](PARAMS, 'host');
  assert.deepEqual(
    [badOrigin, unknown, again].map((outcome) => (outcome.ok ? 'ok' : outcome.error.message)),
    [
      '"dash.lab" is not a web origin; write it like https://dashboard.lab.example:8080.',
      'That profile no longer exists.',
      'The relay is already running; stop it first to start it with other settings.',
    ],
  );
  assert.ok(started.isRunning);
  assert.deepEqual(started.allowedOrigins, ['https://dash.lab.example']);
  assert.equal(started.url, `ws://127.0.0.1:${started.port}/?token=${started.token}`);
  assert.deepEqual(valueOf(await feature.handlers['relay:stop']({}, 'host')), { isRunning: false, lastError: null });
});

test('a port already taken is said in words', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const port = (blocker.address() as { port: number }).port;
  const { feature } = relayFeature();
  const outcome = await feature.handlers['relay:start']({ ...PARAMS, port }, 'host');
  assert.deepEqual(outcome, {
    ok: false,
    error: { code: 'INVALID', message: `Port ${port} on 127.0.0.1 is already in use; choose another port (0 picks a free one).`, field: 'port' },
  });
  assert.deepEqual(valueOf(await feature.handlers['relay:status']({}, 'host')), { isRunning: false, lastError: outcome.ok ? null : outcome.error.message });
});

test('a subscription the source refuses reaches the client as an error; closing the profile stops the relay and says why', async () => {
  const { feature, source } = relayFeature();
  source.refuse({ kind: 'channel', name: 'secret:channel' }, { code: 'NOPERM', message: 'This user may not read secret:channel.' });
  const started = valueOf(await feature.handlers['relay:start'](PARAMS, 'host'));
  assert.ok(started.isRunning);
  const client = await RelayTestClient.open(started.port, { token: started.token });
  cleanups.push(() => client.close());
  client.send({ type: 'subscribe', channel: 'secret:channel' });
  await until('the refusal', () => client.ofType('error').length === 1);
  assert.deepEqual(client.ofType('error')[0], { type: 'error', message: 'Redis refused the channel secret:channel: This user may not read secret:channel.' });

  await client.subscribe('channel', 'devices:telemetry');
  source.deliver('lab', { kind: 'channel', name: 'devices:telemetry' }, { channel: 'devices:telemetry', payload: '{"t":1}', receivedAt: 1 });
  await until('the message', () => client.ofType('message').length === 1);

  feature.closeProfile?.('other');
  assert.equal(valueOf(await feature.handlers['relay:status']({}, 'host')).isRunning, true);
  feature.closeProfile?.('lab');
  await until('the client was closed', () => client.closeCode !== null);
  assert.equal(client.closeCode, 1001);
  assert.deepEqual(valueOf(await feature.handlers['relay:status']({}, 'host')), {
    isRunning: false,
    lastError: 'The relay stopped because its profile was disconnected or deleted.',
  });
});
