/** Sentinel and Cluster profiles in the store: the sentinels' password is bound to the sentinels; older files load as standalone. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ProfileStore } from '../../src/bus/profiles/profileStore';
import { SecretBox } from '../../src/bus/secrets/secretBox';
import { defaultProfileFields, defaultTlsSettings, type ProfileDraft, type ProfileTopology } from '../../src/shared/profile';
import { valueOf } from '../support/waitUntil';

const folders: string[] = [];
after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function openStore(): Promise<{ store: ProfileStore; folder: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-topology-'));
  folders.push(folder);
  return { store: await ProfileStore.open(folder, new SecretBox(randomBytes(32))), folder };
}

const SENTINELS: ProfileTopology = {
  mode: 'sentinel',
  sentinels: [
    { host: '10.0.0.5', port: 26379 },
    { host: '10.0.0.6', port: 26379 },
  ],
  masterName: 'labmaster',
  sentinelUsername: 'watcher',
  sentinelTls: defaultTlsSettings(),
};

function draft(overrides: Partial<ProfileDraft> = {}): ProfileDraft {
  return { ...defaultProfileFields(), name: 'HA Redis', topology: SENTINELS, ...overrides };
}

test('a sentinel profile sends each password only where it was saved for: data to the master, the sentinels\' to the sentinels', async () => {
  const { store } = await openStore();
  const profile = valueOf(await store.save(draft({ password: 'data-pw', sentinelPassword: 'sentinel-pw' })));
  assert.equal(profile.hasSentinelPassword, true);
  const endpoint = valueOf(store.endpointFor(profile.id));
  assert.equal(endpoint.password, 'data-pw');
  assert.deepStrictEqual(endpoint.topology, {
    mode: 'sentinel',
    sentinels: SENTINELS.mode === 'sentinel' ? SENTINELS.sentinels : [],
    masterName: 'labmaster',
    sentinelUsername: 'watcher',
    sentinelPassword: 'sentinel-pw',
  });

  // Another sentinel address: both passwords stay behind (the sentinels choose where the data password goes).
  const moved: ProfileTopology = { ...SENTINELS, sentinels: [{ host: 'attacker.example', port: 26379 }] };
  const edited = valueOf(await store.save(draft({ id: profile.id, topology: moved })));
  assert.deepStrictEqual([edited.hasPassword, edited.hasSentinelPassword ?? false], [false, false]);
  assert.deepStrictEqual(valueOf(store.endpointFor(profile.id)).topology, { mode: 'sentinel', sentinels: moved.sentinels, masterName: 'labmaster', sentinelUsername: 'watcher' });
});

test('a password saved for a standalone host is never sent to sentinels, and the sentinels\' password needs sentinels', async () => {
  const { store } = await openStore();
  const standalone = valueOf(await store.save(draft({ topology: { mode: 'standalone' }, password: 'standalone-pw', sentinelPassword: 'dropped' })));
  assert.equal(standalone.hasSentinelPassword, undefined);
  const switched = valueOf(await store.save(draft({ id: standalone.id, topology: SENTINELS })));
  assert.equal(switched.hasPassword, false);
  const endpoint = valueOf(store.endpointFor(standalone.id));
  assert.deepStrictEqual([endpoint.password, endpoint.topology?.mode === 'sentinel' ? endpoint.topology.sentinelPassword : 'not sentinel'], [undefined, undefined]);
});

test('a profiles file from before topologies loads its profiles as standalone, and a bad mode is refused in words', async () => {
  const { folder } = await openStore();
  const older = { ...defaultProfileFields(), topology: undefined, id: 'old-1', isManagedLocal: false, createdAt: 1, updatedAt: 1 };
  const odd = { ...defaultProfileFields(), name: 'Odd', topology: { mode: 'mesh' }, id: 'odd-1', isManagedLocal: false, createdAt: 1, updatedAt: 1 };
  await writeFile(join(folder, 'profiles.json'), JSON.stringify({ format: 'labwire-profile-store', version: 1, profiles: [older, odd] }));
  const store = await ProfileStore.open(folder, null);
  assert.deepStrictEqual(
    store.list().map((profile) => [profile.id, profile.topology]),
    [['old-1', { mode: 'standalone' }]],
  );
  assert.match(store.problems.join('\n'), /The connection mode must be one of standalone, sentinel, cluster/);
});

test('a cluster profile exports its seeds and mappings and imports them back', async () => {
  const { store } = await openStore();
  const topology: ProfileTopology = { mode: 'cluster', seeds: [{ host: '10.0.0.5', port: 7000 }], natMap: [{ from: { host: '172.17.0.2', port: 7000 }, to: { host: '127.0.0.1', port: 17000 } }] };
  const profile = valueOf(await store.save(draft({ topology })));
  const exported = valueOf(store.exportJson([profile.id]));
  const imported = valueOf(await store.importJson(exported.json)).imported;
  assert.deepStrictEqual(imported.map((each) => each.topology), [topology]);
});
