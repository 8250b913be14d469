import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ProfileStore } from '../../src/bus/profiles/profileStore';
import { SecretBox } from '../../src/bus/secrets/secretBox';
import { defaultProfileFields, type Profile, type ProfileDraft, type ProfileFields } from '../../src/shared/profile';
import { findProfileProblems } from '../../src/shared/profileValidation';

const PASSWORD = 'Tr0ub4dor&3-lab-secret';
const folders: string[] = [];

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-profiles-'));
  folders.push(folder);
  return folder;
}

after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

function draft(overrides: Partial<ProfileDraft> = {}): ProfileDraft {
  return { ...defaultProfileFields(), name: 'Lab 2 Redis', host: 'redis.lab.local', port: 6380, ...overrides };
}

/** A profile without the parts that differ on every run. */
function stable(profile: Profile): Omit<Profile, 'id' | 'createdAt' | 'updatedAt'> {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...rest } = profile;
  return rest;
}

async function allFileText(folder: string): Promise<string> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((entry) => entry.isFile()).map((entry) => readFile(join(entry.parentPath ?? entry.path, entry.name), 'latin1')),
  );
  return texts.join('\n');
}

async function saved(store: ProfileStore, value: ProfileDraft): Promise<Profile> {
  const result = await store.save(value);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.value;
}

describe('ProfileStore', () => {
  test('creates the default "Local Redis" profile in an empty data folder and keeps it on disk', async () => {
    const dataDir = await temporaryFolder();
    const store = await ProfileStore.open(dataDir, null);
    const reopened = await ProfileStore.open(dataDir, null);
    const expected = { ...defaultProfileFields(), hasPassword: false, isManagedLocal: false };
    assert.deepStrictEqual(
      { first: store.list().map(stable), reopened: reopened.list(), problems: store.problems },
      { first: [expected], reopened: store.list(), problems: [] },
    );
  });

  test('refuses an invalid draft with the first problem and its field', async () => {
    const store = await ProfileStore.open(await temporaryFolder(), null);
    const bad = draft({ port: 70000 });
    const result = await store.save(bad);
    assert.deepStrictEqual(result, {
      ok: false,
      error: { code: 'INVALID', message: findProfileProblems(bad)[0]?.message, field: 'port' },
    });
  });

  test('seals the password: it is nowhere in the data folder in plain text, yet opens after a restart', async () => {
    const dataDir = await temporaryFolder();
    const key = randomBytes(32);
    const store = await ProfileStore.open(dataDir, new SecretBox(key));
    const profile = await saved(store, draft({ password: PASSWORD, username: 'jamie' }));
    const reopened = await ProfileStore.open(dataDir, new SecretBox(key));
    const text = await allFileText(dataDir);
    assert.deepStrictEqual(
      {
        isPlainOnDisk: text.includes(PASSWORD),
        isSealedOnDisk: text.includes('"sealedPassword": "v1:'),
        fileMode: process.platform === 'win32' ? 0o600 : (await stat(join(dataDir, 'profiles.json'))).mode & 0o777,
        hasPassword: reopened.get(profile.id)?.hasPassword,
        endpoint: reopened.endpointFor(profile.id),
      },
      {
        isPlainOnDisk: false,
        isSealedOnDisk: true,
        fileMode: 0o600,
        hasPassword: true,
        endpoint: { ok: true, value: { host: 'redis.lab.local', port: 6380, db: 0, username: 'jamie', password: PASSWORD } },
      },
    );
  });

  test('an undefined password keeps the stored one, null clears it, a string replaces it', async () => {
    const dataDir = await temporaryFolder();
    const store = await ProfileStore.open(dataDir, new SecretBox(randomBytes(32)));
    const created = await saved(store, draft({ password: PASSWORD }));
    const kept = await saved(store, draft({ id: created.id, name: 'Renamed' }));
    const keptPassword = store.endpointFor(created.id);
    const replaced = await saved(store, draft({ id: created.id, password: 'second-secret' }));
    const replacedPassword = store.endpointFor(created.id);
    const cleared = await saved(store, draft({ id: created.id, password: null }));
    const clearedEndpoint = store.endpointFor(created.id);
    const summary = (endpoint: typeof keptPassword): string | undefined => (endpoint.ok ? endpoint.value.password : 'failed');
    assert.deepStrictEqual(
      {
        kept: [kept.name, kept.hasPassword, summary(keptPassword)],
        replaced: [replaced.hasPassword, summary(replacedPassword)],
        cleared: [cleared.hasPassword, summary(clearedEndpoint)],
        isSealedOnDisk: (await allFileText(dataDir)).includes('sealedPassword'),
      },
      {
        kept: ['Renamed', true, PASSWORD],
        replaced: [true, 'second-secret'],
        cleared: [false, undefined],
        isSealedOnDisk: false,
      },
    );
  });

  test('updating a profile that was deleted answers NOT_FOUND', async () => {
    const store = await ProfileStore.open(await temporaryFolder(), null);
    const result = await store.save(draft({ id: 'gone' }));
    assert.deepStrictEqual(result.ok ? null : result.error.code, 'NOT_FOUND');
  });

  test('duplicate copies the fields and the secret under a new id and "(copy)" name', async () => {
    const store = await ProfileStore.open(await temporaryFolder(), new SecretBox(randomBytes(32)));
    const original = await saved(store, draft({ password: PASSWORD, color: 'amber' }));
    const copy = await store.duplicate(original.id);
    assert.ok(copy.ok);
    assert.deepStrictEqual(
      { copy: stable(copy.value), isNewId: copy.value.id !== original.id, endpoint: store.endpointFor(copy.value.id) },
      {
        copy: { ...stable(original), name: 'Lab 2 Redis (copy)' },
        isNewId: true,
        endpoint: { ok: true, value: { host: 'redis.lab.local', port: 6380, db: 0, password: PASSWORD } },
      },
    );
  });

  test('delete removes the profile from the list and from disk', async () => {
    const dataDir = await temporaryFolder();
    const store = await ProfileStore.open(dataDir, null);
    const profile = await saved(store, draft());
    const deleted = await store.delete(profile.id);
    const again = await store.delete(profile.id);
    const reopened = await ProfileStore.open(dataDir, null);
    assert.deepStrictEqual(
      { deleted, again: again.ok ? 'ok' : again.error.code, names: reopened.list().map((entry) => entry.name) },
      { deleted: { ok: true, value: { id: profile.id } }, again: 'NOT_FOUND', names: ['Local Redis'] },
    );
  });

  test('export carries no secret, ids, timestamps or file paths, and imports into another store as new profiles', async () => {
    const store = await ProfileStore.open(await temporaryFolder(), new SecretBox(randomBytes(32)));
    const tls = { ...defaultProfileFields().tls, isEnabled: true, caFile: '/etc/lab/ca.pem', certFile: '/etc/lab/client.pem', keyFile: '/etc/lab/client.key' };
    const profile = await saved(store, draft({ password: PASSWORD, tls, isProduction: true }));
    const exported = store.exportJson([profile.id]);
    assert.ok(exported.ok);
    const target = await ProfileStore.open(await temporaryFolder(), new SecretBox(randomBytes(32)));
    const imported = await target.importJson(exported.value.json);
    assert.ok(imported.ok);
    const { id: _id, hasPassword: _has, isManagedLocal: _managed, createdAt: _c, updatedAt: _u, ...fields } = profile;
    const { caFile: _ca, certFile: _cert, keyFile: _key, ...exportedTls } = fields.tls;
    assert.deepStrictEqual(
      {
        count: exported.value.count,
        file: JSON.parse(exported.value.json),
        hasSecretText: /v1:|password|Tr0ub4dor|\/etc\/lab/i.test(exported.value.json),
        imported: imported.value.imported.map(stable),
        isNewId: imported.value.imported[0]?.id !== profile.id,
        targetNames: target.list().map((entry) => entry.name),
      },
      {
        count: 1,
        file: { format: 'labwire-profiles', version: 1, profiles: [{ ...fields, tls: exportedTls }] },
        hasSecretText: false,
        imported: [
          { ...fields, tls: { ...fields.tls, caFile: '', certFile: '', keyFile: '' }, hasPassword: false, isManagedLocal: false, shouldChooseTlsFiles: true },
        ],
        isNewId: true,
        targetNames: ['Local Redis', 'Lab 2 Redis'],
      },
    );
  });

  test('importing profiles whose names exist marks the new ones as imported, so the sidebar tells them apart', async () => {
    const store = await ProfileStore.open(await temporaryFolder(), new SecretBox(randomBytes(32)));
    await saved(store, draft());
    const exported = store.exportJson();
    assert.ok(exported.ok);
    const first = await store.importJson(exported.value.json);
    const second = await store.importJson(exported.value.json);
    assert.ok(first.ok && second.ok);
    assert.deepStrictEqual(
      store.list().map((entry) => entry.name),
      ['Local Redis', 'Lab 2 Redis', 'Local Redis (imported)', 'Lab 2 Redis (imported)', 'Local Redis (imported 2)', 'Lab 2 Redis (imported 2)'],
    );
  });

  test('import ignores secrets that a hand-edited file carries', async () => {
    const dataDir = await temporaryFolder();
    const store = await ProfileStore.open(dataDir, new SecretBox(randomBytes(32)));
    const sealed = new SecretBox(randomBytes(32)).seal('x');
    const json = JSON.stringify({
      format: 'labwire-profiles',
      version: 1,
      profiles: [{ ...draft(), password: PASSWORD, sealedPassword: sealed, id: 'chosen-id', isManagedLocal: true }],
    });
    const imported = await store.importJson(json);
    assert.ok(imported.ok);
    const profile = imported.value.imported[0];
    assert.deepStrictEqual(
      {
        hasPassword: profile?.hasPassword,
        isManagedLocal: profile?.isManagedLocal,
        isChosenId: profile?.id === 'chosen-id',
        endpointPassword: profile && store.endpointFor(profile.id).ok ? 'none' : 'failed',
        isOnDisk: /Tr0ub4dor|sealedPassword/.test(await allFileText(dataDir)),
      },
      { hasPassword: false, isManagedLocal: false, isChosenId: false, endpointPassword: 'none', isOnDisk: false },
    );
  });

  test('import refuses garbage, other formats and an invalid entry, naming the entry, and adds nothing', async () => {
    const store = await ProfileStore.open(await temporaryFolder(), null);
    const attempts = [
      'not json at all',
      JSON.stringify({ format: 'something-else', version: 1, profiles: [] }),
      JSON.stringify({ format: 'labwire-profiles', version: 1, profiles: [draft(), draft({ name: 'Broken', port: 0 })] }),
      JSON.stringify({ format: 'labwire-profiles', version: 1, profiles: [draft(), { name: 'Typed', host: 'h', port: '6379' }] }),
    ];
    const results = [];
    for (const json of attempts) {
      const result = await store.importJson(json);
      results.push(result.ok ? 'imported' : { code: result.error.code, message: result.error.message, field: result.error.field });
    }
    assert.deepStrictEqual(
      { results, count: store.list().length },
      {
        results: [
          { code: 'INVALID', message: 'This file is not a Labwire profiles export: it is not valid JSON.', field: undefined },
          { code: 'INVALID', message: 'This file is not a Labwire profiles export.', field: undefined },
          {
            code: 'INVALID',
            message: 'Profile 2 ("Broken") in the file: The port is a whole number from 1 to 65535 (Redis normally uses 6379).',
            field: 'profiles[1].port',
          },
          { code: 'INVALID', message: 'Profile 2 ("Typed") in the file: The port must be a whole number.', field: 'profiles[1].port' },
        ],
        count: 1,
      },
    );
  });

  test('a damaged profiles.json is set aside, reported, and the store still opens', async () => {
    const dataDir = await temporaryFolder();
    await writeFile(join(dataDir, 'profiles.json'), '{"format": "labwire-profile-store", "profiles": [');
    const store = await ProfileStore.open(dataDir, null);
    const files = (await readdir(dataDir)).sort();
    const aside = files.find((name) => name.startsWith('profiles.json.corrupt-'));
    assert.ok(aside, 'the damaged file is kept');
    assert.deepStrictEqual(
      {
        names: store.list().map((profile) => profile.name),
        files,
        problems: store.problems,
        asideContent: await readFile(join(dataDir, aside), 'utf8'),
      },
      {
        names: ['Local Redis'],
        files: ['profiles.json', aside],
        problems: [
          `The profiles file ${join(dataDir, 'profiles.json')} is damaged (it is not valid JSON). Labwire moved it to ${join(dataDir, aside)} and started with a fresh list.`,
        ],
        asideContent: '{"format": "labwire-profile-store", "profiles": [',
      },
    );
  });

  test('a file with one unreadable profile keeps the others and a copy of the original', async () => {
    const dataDir = await temporaryFolder();
    const store = await ProfileStore.open(dataDir, null);
    const profile = await saved(store, draft());
    const path = join(dataDir, 'profiles.json');
    const content = JSON.parse(await readFile(path, 'utf8')) as { profiles: unknown[] };
    content.profiles.push({ id: 'broken', name: 'Broken', host: 'h', port: 'six' });
    await writeFile(path, JSON.stringify(content));
    const reopened = await ProfileStore.open(dataDir, null);
    assert.deepStrictEqual(
      {
        ids: reopened.list().map((entry) => entry.id).includes(profile.id),
        count: reopened.list().length,
        problems: reopened.problems.slice(1),
        hasCopy: (await readdir(dataDir)).some((name) => name.startsWith('profiles.json.corrupt-')),
      },
      { ids: true, count: 2, problems: ['Profile 3: The port must be a whole number.'], hasCopy: true },
    );
  });

  test('without a secret box the password lives in memory only', async () => {
    const dataDir = await temporaryFolder();
    const store = await ProfileStore.open(dataDir, null);
    const profile = await saved(store, draft({ password: PASSWORD }));
    const endpoint = store.endpointFor(profile.id);
    const reopened = await ProfileStore.open(dataDir, null);
    assert.deepStrictEqual(
      {
        hasPassword: profile.hasPassword,
        password: endpoint.ok ? endpoint.value.password : 'failed',
        isOnDisk: (await allFileText(dataDir)).includes(PASSWORD),
        hasPasswordAfterRestart: reopened.get(profile.id)?.hasPassword,
      },
      { hasPassword: true, password: PASSWORD, isOnDisk: false, hasPasswordAfterRestart: false },
    );
  });

  test('a password sealed with another key asks to be entered again, and a new one fixes it', async () => {
    const dataDir = await temporaryFolder();
    const first = await ProfileStore.open(dataDir, new SecretBox(randomBytes(32)));
    const profile = await saved(first, draft({ password: PASSWORD }));
    const second = await ProfileStore.open(dataDir, new SecretBox(randomBytes(32)));
    const before = second.endpointFor(profile.id);
    await saved(second, draft({ id: profile.id, password: 'new-secret' }));
    const afterFix = second.endpointFor(profile.id);
    assert.deepStrictEqual(
      {
        before: before.ok ? 'opened' : [before.error.code, before.error.message],
        after: afterFix.ok ? afterFix.value.password : 'failed',
      },
      {
        before: [
          'SECRETS_UNAVAILABLE',
          'The saved password of "Lab 2 Redis" could not be unlocked, because the key that protects it has changed. Open the profile and enter the password again.',
        ],
        after: 'new-secret',
      },
    );
  });

  test('endpointForDraft uses the typed password, the saved one for the same server, or none, and maps TLS settings', async () => {
    const store = await ProfileStore.open(await temporaryFolder(), new SecretBox(randomBytes(32)));
    const tls = { isEnabled: true, caFile: '/lab/ca.pem', certFile: '', keyFile: '', servername: 'redis.lab', shouldVerify: true };
    const profile = await saved(store, draft({ password: PASSWORD, tls }));
    const unsaved = draft({ id: profile.id, db: 3, name: 'Renamed', tls });
    const passwordOf = (value: ProfileDraft): string | undefined => {
      const endpoint = store.endpointForDraft(value);
      return endpoint.ok ? endpoint.value.password : 'failed';
    };
    assert.deepStrictEqual(
      {
        typed: passwordOf({ ...unsaved, password: 'typed' }),
        saved: store.endpointForDraft(unsaved),
        none: passwordOf({ ...unsaved, password: null }),
        otherPort: passwordOf({ ...unsaved, port: 6381 }),
        brandNew: passwordOf(draft()),
        invalid: passwordOf(draft({ host: '' })),
      },
      {
        typed: 'typed',
        saved: {
          ok: true,
          value: {
            host: 'redis.lab.local',
            port: 6380,
            db: 3,
            password: PASSWORD,
            tls: { caFile: '/lab/ca.pem', servername: 'redis.lab', shouldVerify: true },
          },
        },
        none: undefined,
        otherPort: undefined,
        brandNew: undefined,
        invalid: 'failed',
      },
    );
  });

  test('upsertManagedLocal keeps one managed profile and moves it to the new port and password', async () => {
    const store = await ProfileStore.open(await temporaryFolder(), new SecretBox(randomBytes(32)));
    const created = await store.upsertManagedLocal(6390, 'first-local-password');
    const moved = await store.upsertManagedLocal(41234, 'second-local-password');
    const endpoint = store.endpointFor(moved.id);
    const expected: ProfileFields & { hasPassword: boolean; isManagedLocal: boolean } = {
      ...defaultProfileFields(),
      name: 'Labwire local Redis',
      color: 'teal',
      port: 41234,
      hasPassword: true,
      isManagedLocal: true,
    };
    assert.deepStrictEqual(
      {
        isSameId: created.id === moved.id,
        createdPort: created.port,
        managed: store.list().filter((profile) => profile.isManagedLocal).map(stable),
        password: endpoint.ok ? endpoint.value.password : 'failed',
        remembered: store.managedLocalPassword(),
      },
      { isSameId: true, createdPort: 6390, managed: [expected], password: 'second-local-password', remembered: 'second-local-password' },
    );
  });

  test('saves started together are written one after another and none is lost', async () => {
    const dataDir = await temporaryFolder();
    const store = await ProfileStore.open(dataDir, new SecretBox(randomBytes(32)));
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => store.save(draft({ name: `Bench ${index}` }))));
    const reopened = await ProfileStore.open(dataDir, null);
    assert.deepStrictEqual(
      { isEveryOk: results.every((result) => result.ok), count: reopened.list().length, leftovers: (await readdir(dataDir)).filter((name) => name.endsWith('.tmp')) },
      { isEveryOk: true, count: 21, leftovers: [] },
    );
  });
});
