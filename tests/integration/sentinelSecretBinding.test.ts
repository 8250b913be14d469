/**
 * A Sentinel profile holds two passwords, each bound to its own endpoints:
 * the data servers' password never reaches a sentinel, and the sentinels'
 * password never reaches a data server. The sentinels sit behind recording
 * proxies (every byte sent to them is kept); the data servers require their
 * own password, so any other password sent to them is a failed AUTH that
 * their ACL LOG records.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { BusCore } from '../../src/bus/busCore';
import type { BusToHostMessage } from '../../src/shared/contract';
import type { ConnectionState } from '../../src/shared/connectionState';
import { defaultProfileFields, defaultTlsSettings, type Profile } from '../../src/shared/profile';
import { startRecordingProxy, type RecordingProxy } from '../support/recordingProxy';
import { startSentinelGroup, type SentinelGroup } from '../support/sentinelGroup';
import { runOn } from '../support/topologyProcesses';
import { until, valueOf } from '../support/waitUntil';

const DATA_PASSWORD = 'canary-data-3c9a1d-only-for-data';
const SENTINEL_PASSWORD = 'canary-sentinel-8e24f7-only-for-sentinels';

let group: SentinelGroup;
let proxies: RecordingProxy[] = [];
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  group = await startSentinelGroup();
  // The sentinels keep watching the master once it asks for a password.
  for (const sentinel of group.sentinels) await runOn(sentinel.port, (client) => client.call('SENTINEL', 'SET', group.masterName, 'auth-pass', DATA_PASSWORD));
  for (const node of group.nodes) {
    await runOn(node.port, async (client) => {
      await client.call('CONFIG', 'SET', 'masterauth', DATA_PASSWORD);
      await client.call('CONFIG', 'SET', 'requirepass', DATA_PASSWORD);
      await client.call('AUTH', DATA_PASSWORD);
      await client.call('ACL', 'LOG', 'RESET');
    });
  }
  for (const sentinel of group.sentinels) await runOn(sentinel.port, (client) => client.call('ACL', 'SETUSER', 'default', 'resetpass', `>${SENTINEL_PASSWORD}`));
  proxies = await Promise.all(group.sentinels.map((sentinel) => startRecordingProxy(sentinel.port)));
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  for (const proxy of proxies) await proxy.close();
  await group?.stop();
});

/** Failed AUTH attempts a data server logged (ACL LOG entries with reason "auth"). */
async function failedAuthsOn(port: number): Promise<number> {
  const client = new Redis({ host: '127.0.0.1', port, password: DATA_PASSWORD, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const entries = (await client.call('ACL', 'LOG')) as unknown[][];
    return entries.filter((entry) => entry.includes('auth')).length;
  } finally {
    client.disconnect();
  }
}

test("the data servers' password never reaches a sentinel, and the sentinels' password never reaches a data server", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-sentinel-binding-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const states = new Map<string, ConnectionState>();
  const core = await BusCore.create({
    host: 'serve',
    appVersion: 'test',
    dataDir,
    keySource: { kind: 'keyFile' },
    emit: (message: BusToHostMessage) => {
      if (message.kind === 'event' && message.event.type === 'connection:state') states.set(message.event.profileId, message.event.state);
    },
  });
  cleanups.push(() => core.dispose());
  const sentinels = proxies.map((proxy) => ({ host: '127.0.0.1', port: proxy.port }));
  const profile = valueOf(
    await core.handle('profiles:save', {
      ...defaultProfileFields(),
      name: 'Lab HA',
      host: '127.0.0.1',
      port: sentinels[0]?.port ?? 0,
      password: DATA_PASSWORD,
      sentinelPassword: SENTINEL_PASSWORD,
      topology: { mode: 'sentinel', sentinels, masterName: group.masterName, sentinelUsername: '', sentinelTls: defaultTlsSettings() },
    }),
  ) as Profile;
  valueOf(await core.handle('connection:open', { profileId: profile.id }));
  const state = await until('the Sentinel profile to settle', () => {
    const current = states.get(profile.id);
    return current && current.state !== 'connecting' ? current : undefined;
  }, 20_000);
  const topology = valueOf(await core.handle('connection:topology', { profileId: profile.id }));
  await core.handle('connection:close', { profileId: profile.id });

  const sentToSentinels = Buffer.concat(proxies.map((proxy) => proxy.sent())).toString('latin1');
  assert.deepStrictEqual(
    {
      state: state.state,
      master: (topology as { master?: string }).master,
      isSentinelPasswordSentToSentinels: sentToSentinels.includes(SENTINEL_PASSWORD),
      isDataPasswordSentToSentinels: sentToSentinels.includes(DATA_PASSWORD),
      failedAuthsOnDataServers: (await failedAuthsOn(group.nodes[0].port)) + (await failedAuthsOn(group.nodes[1].port)),
    },
    {
      state: 'ready',
      master: `127.0.0.1:${group.nodes[0].port}`,
      isSentinelPasswordSentToSentinels: true,
      isDataPasswordSentToSentinels: false,
      failedAuthsOnDataServers: 0,
    },
  );
});
