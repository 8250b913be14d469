import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ProfileStore } from '../../src/bus/profiles/profileStore';
import { SecretBox } from '../../src/bus/secrets/secretBox';
import { defaultProfileFields, MAX_PROFILE_IMPORT_CHARS, type Profile, type ProfileDraft } from '../../src/shared/profile';
import { validateRequest } from '../../src/shared/requestValidation';

const PASSWORD = 'bound-secret-Xq7';
const TLS = { isEnabled: true, caFile: '/lab/ca.pem', certFile: '', keyFile: '', servername: 'redis.lab', shouldVerify: true };
const folders: string[] = [];

after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-binding-'));
  folders.push(folder);
  return folder;
}

function draft(overrides: Partial<ProfileDraft> = {}): ProfileDraft {
  return { ...defaultProfileFields(), name: 'Lab 2 Redis', host: 'redis.lab.local', port: 6380, username: 'lab', tls: { ...TLS }, ...overrides };
}

async function saved(store: ProfileStore, value: ProfileDraft): Promise<Profile> {
  const result = await store.save(value);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.value;
}

/** Each change that points the profile at another server, or sends the password over another channel. */
const ENDPOINT_CHANGES: Record<string, Partial<ProfileDraft>> = {
  host: { host: 'attacker.example' },
  port: { port: 6381 },
  username: { username: 'admin' },
  tlsOff: { tls: { ...TLS, isEnabled: false } },
  servername: { tls: { ...TLS, servername: 'other.lab' } },
  caFile: { tls: { ...TLS, caFile: '/tmp/other-ca.pem' } },
  verifyOff: { tls: { ...TLS, shouldVerify: false } },
};

/** Changes that leave the server alone. */
const SAFE_CHANGES: Record<string, Partial<ProfileDraft>> = {
  name: { name: 'Renamed' },
  db: { db: 4 },
  color: { color: 'red' },
  hostCase: { host: 'REDIS.lab.local' },
  clientCertificate: { tls: { ...TLS, certFile: '/lab/client.pem', keyFile: '/lab/client.key' } },
};

function passwordOf(result: ReturnType<ProfileStore['endpointFor']>): string | undefined {
  return result.ok ? result.value.password : `failed: ${result.error.code}`;
}

for (const box of ['sealed', 'session'] as const) {
  describe(`a saved password is bound to its endpoint (${box})`, () => {
    const open = async (): Promise<ProfileStore> => ProfileStore.open(await temporaryFolder(), box === 'sealed' ? new SecretBox(randomBytes(32)) : null);

    test('a test draft naming another endpoint gets no password; one naming the same server does', async () => {
      const store = await open();
      const profile = await saved(store, draft({ password: PASSWORD }));
      const changed = Object.fromEntries(
        Object.entries(ENDPOINT_CHANGES).map(([name, change]) => [name, passwordOf(store.endpointForDraft(draft({ id: profile.id, ...change })))]),
      );
      const safe = Object.fromEntries(
        Object.entries(SAFE_CHANGES).map(([name, change]) => [name, passwordOf(store.endpointForDraft(draft({ id: profile.id, ...change })))]),
      );
      assert.deepStrictEqual(
        { changed, safe, typed: passwordOf(store.endpointForDraft(draft({ id: profile.id, host: 'attacker.example', password: 'typed' }))) },
        {
          changed: Object.fromEntries(Object.keys(ENDPOINT_CHANGES).map((name) => [name, undefined])),
          safe: Object.fromEntries(Object.keys(SAFE_CHANGES).map((name) => [name, PASSWORD])),
          typed: 'typed',
        },
      );
    });

    test('a save naming another endpoint drops the password (hasPassword false) unless it supplies one', async () => {
      const store = await open();
      const outcome: Record<string, [boolean, string | undefined]> = {};
      for (const [name, change] of Object.entries({ ...ENDPOINT_CHANGES, ...SAFE_CHANGES })) {
        const profile = await saved(store, draft({ name, password: PASSWORD }));
        const edited = await saved(store, draft({ id: profile.id, name, ...change }));
        outcome[name] = [edited.hasPassword, passwordOf(store.endpointFor(profile.id))];
      }
      const resupplied = await saved(store, draft({ name: 'resupplied', password: PASSWORD }));
      await saved(store, draft({ id: resupplied.id, name: 'resupplied', host: 'new.lab.local', password: 'new-secret' }));
      assert.deepStrictEqual(
        { outcome, resupplied: passwordOf(store.endpointFor(resupplied.id)) },
        {
          outcome: {
            ...Object.fromEntries(Object.keys(ENDPOINT_CHANGES).map((name) => [name, [false, undefined]])),
            ...Object.fromEntries(Object.keys(SAFE_CHANGES).map((name) => [name, [true, PASSWORD]])),
          },
          resupplied: 'new-secret',
        },
      );
    });
  });
}

describe('a hand-edited profiles file', () => {
  test('a profile pointed elsewhere outside Labwire does not send its password on connect', async () => {
    const dataDir = await temporaryFolder();
    const key = randomBytes(32);
    const store = await ProfileStore.open(dataDir, new SecretBox(key));
    const profile = await saved(store, draft({ password: PASSWORD }));
    const path = join(dataDir, 'profiles.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"redis.lab.local"', '"attacker.example"'));
    const reopened = await ProfileStore.open(dataDir, new SecretBox(key));
    const result = reopened.endpointFor(profile.id);
    assert.deepStrictEqual(
      {
        host: reopened.get(profile.id)?.host,
        code: result.ok ? 'connected' : result.error.code,
        message: result.ok ? '' : result.error.message,
        draftPassword: passwordOf(reopened.endpointForDraft(draft({ id: profile.id, host: 'attacker.example' }))),
      },
      {
        host: 'attacker.example',
        code: 'SECRETS_UNAVAILABLE',
        message:
          'The saved password of "Lab 2 Redis" was not saved for the server this profile now names (its settings were changed ' +
          'outside Labwire, or an older Labwire saved it), so Labwire did not send it. Open the profile and enter the password again.',
        draftPassword: undefined,
      },
    );
  });

  test('a password sealed without a binding (an older Labwire) is never sent', async () => {
    const dataDir = await temporaryFolder();
    const key = randomBytes(32);
    const store = await ProfileStore.open(dataDir, new SecretBox(key));
    const profile = await saved(store, draft());
    const path = join(dataDir, 'profiles.json');
    const content = JSON.parse(await readFile(path, 'utf8')) as { profiles: Record<string, unknown>[] };
    for (const entry of content.profiles) if (entry.id === profile.id) entry.sealedPassword = new SecretBox(key).seal(PASSWORD);
    await writeFile(path, JSON.stringify(content));
    const reopened = await ProfileStore.open(dataDir, new SecretBox(key));
    assert.deepStrictEqual(
      {
        hasPassword: reopened.get(profile.id)?.hasPassword,
        connect: passwordOf(reopened.endpointFor(profile.id)),
        test: passwordOf(reopened.endpointForDraft(draft({ id: profile.id }))),
      },
      { hasPassword: true, connect: 'failed: SECRETS_UNAVAILABLE', test: undefined },
    );
  });
});

describe('imported profiles carry no file paths', () => {
  test('a hand-made export pointing TLS files at local paths imports without them, asks for them until saved, and remembers that across a restart', async () => {
    const dataDir = await temporaryFolder();
    const store = await ProfileStore.open(dataDir, null);
    const hostile = {
      format: 'labwire-profiles',
      version: 1,
      profiles: [
        { ...draft({ name: 'With TLS' }), tls: { ...TLS, caFile: '~/.ssh/id_rsa', certFile: '/etc/shadow', keyFile: '/root/.ssh/id_ed25519' } },
        { ...draft({ name: 'Plain' }), tls: { ...TLS, isEnabled: false, caFile: '/etc/passwd' } },
      ],
    };
    const imported = await store.importJson(JSON.stringify(hostile));
    assert.ok(imported.ok);
    const [withTls, plain] = imported.value.imported;
    const reopened = await ProfileStore.open(dataDir, null);
    const asksAfterRestart = reopened.get(withTls?.id ?? '')?.shouldChooseTlsFiles;
    const afterSave = await saved(reopened, draft({ id: withTls?.id, name: 'With TLS', tls: { ...TLS, caFile: '/lab/ca.pem' } }));
    assert.deepStrictEqual(
      {
        files: imported.value.imported.map((profile) => [profile.tls.caFile, profile.tls.certFile, profile.tls.keyFile]),
        asks: [withTls?.shouldChooseTlsFiles, plain?.shouldChooseTlsFiles],
        asksAfterRestart,
        asksAfterSave: afterSave.shouldChooseTlsFiles,
        endpointFiles: (({ caFile, certFile, keyFile }) => [caFile, certFile, keyFile])(
          (reopened.endpointFor(plain?.id ?? '') as { ok: true; value: { tls?: Record<string, string> } }).value.tls ?? {},
        ),
      },
      {
        files: [['', '', ''], ['', '', '']],
        asks: [true, undefined],
        asksAfterRestart: true,
        asksAfterSave: undefined,
        endpointFiles: [undefined, undefined, undefined],
      },
    );
  });
});

test('the import size cap is one number for the request check and the bus: 10 MiB of JSON', async () => {
  const store = await ProfileStore.open(await temporaryFolder(), null);
  const content = JSON.stringify({ format: 'labwire-profiles', version: 1, profiles: [draft({ name: 'Padded' })] });
  const atCap = content + ' '.repeat(MAX_PROFILE_IMPORT_CHARS - content.length);
  const overCap = `${atCap} `;
  const imported = await store.importJson(atCap);
  const refused = await store.importJson(overCap);
  assert.deepStrictEqual(
    {
      cap: MAX_PROFILE_IMPORT_CHARS,
      imported: imported.ok ? imported.value.imported.length : imported.error.message,
      refused: refused.ok ? 'imported' : refused.error.message,
      isAtCapValid: validateRequest('profiles:import', { json: atCap }).ok,
      isOverCapValid: validateRequest('profiles:import', { json: overCap }).ok,
    },
    {
      cap: 10 * 1024 * 1024,
      imported: 1,
      refused: 'This file is too large to be a Labwire profiles export.',
      isAtCapValid: true,
      isOverCapValid: false,
    },
  );
});
