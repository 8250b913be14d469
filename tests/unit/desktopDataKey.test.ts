import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  DATA_KEY_BYTES,
  DATA_KEY_FILE,
  NO_KEYCHAIN_REASON,
  NO_KEYRING_REASON,
  planSecretStorage,
  resolveDataKeySource,
  type SafeStorageLike,
} from '../../src/main/desktop/dataKey';
import { DESKTOP_SETTINGS_FILE } from '../../src/main/desktop/desktopSettings';
import type { DataKeySource } from '../../src/bus/busCore';

const FAKE_HEADER = 'FAKEKEYCHAIN';

/**
 * Stands in for Electron's safeStorage: a reversible scrambling behind a
 * header that records which "keychain generation" sealed the text, so tests
 * can see re-sealing and detect text it did not seal.
 */
class FakeSafeStorage implements SafeStorageLike {
  generation = 1;
  encryptCalls = 0;
  constructor(private readonly options: { isAvailable: boolean; backend: string }) {}
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.options.isAvailable;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    this.encryptCalls++;
    const scrambled = Buffer.from(plainText, 'utf8').map((byte) => byte ^ 0xa5);
    return Buffer.concat([Buffer.from(`${FAKE_HEADER}${this.generation}:`), scrambled]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    const text = encrypted.toString('latin1');
    const match = new RegExp(`^${FAKE_HEADER}(\\d+):`).exec(text);
    if (!match) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const scrambled = encrypted.subarray(match[0].length);
    return { shouldReEncrypt: Number(match[1]) < this.generation, result: Buffer.from(scrambled.map((byte) => byte ^ 0xa5)).toString('utf8') };
  }
  getSelectedStorageBackend(): string {
    return this.options.backend;
  }
}

const folders: string[] = [];
after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function userDataFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-desktop-'));
  folders.push(folder);
  return folder;
}

async function resolve(userDataDir: string, safeStorage: FakeSafeStorage, answer = false, platform: NodeJS.Platform = 'linux') {
  let questions = 0;
  const source = await resolveDataKeySource({
    userDataDir,
    platform,
    safeStorage,
    askWeakStorageConsent: async () => {
      questions++;
      return answer;
    },
  });
  return { source, questions };
}

function keyOf(source: DataKeySource): Uint8Array {
  assert.equal(source.kind, 'key');
  return source.kind === 'key' ? source.key : new Uint8Array();
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('secret storage plan', () => {
  test('keychain where one exists; on Linux without a keyring, ask once, then follow the answer', () => {
    const base = { isEncryptionAvailable: true, linuxBackend: null, allowWeakSecretStorage: undefined };
    assert.deepStrictEqual(
      [
        planSecretStorage({ ...base, platform: 'darwin' }),
        planSecretStorage({ ...base, platform: 'win32' }),
        planSecretStorage({ ...base, platform: 'linux', linuxBackend: 'gnome_libsecret' }),
        planSecretStorage({ ...base, platform: 'linux', linuxBackend: 'kwallet6' }),
        planSecretStorage({ ...base, platform: 'linux', isEncryptionAvailable: false, linuxBackend: 'gnome_libsecret' }),
        planSecretStorage({ ...base, platform: 'linux', linuxBackend: 'basic_text' }),
        planSecretStorage({ ...base, platform: 'linux', linuxBackend: 'unknown', allowWeakSecretStorage: false }),
        planSecretStorage({ ...base, platform: 'linux', linuxBackend: 'basic_text', allowWeakSecretStorage: true }).kind,
      ],
      [
        { kind: 'keychain', mechanism: 'the macOS Keychain' },
        { kind: 'keychain', mechanism: 'Windows data protection for your account' },
        { kind: 'keychain', mechanism: 'the desktop keyring (Secret Service)' },
        { kind: 'keychain', mechanism: 'KDE Wallet' },
        { kind: 'none', reason: NO_KEYCHAIN_REASON },
        { kind: 'askWeakStorageConsent' },
        { kind: 'none', reason: NO_KEYRING_REASON },
        'keychain',
      ],
    );
  });
});

describe('data key', () => {
  test('with a keyring: creates a 32-byte key, stores it sealed (never in the clear, mode 0600), returns the same key next start', async () => {
    const folder = await userDataFolder();
    const safeStorage = new FakeSafeStorage({ isAvailable: true, backend: 'gnome_libsecret' });
    const first = await resolve(folder, safeStorage);
    const key = keyOf(first.source);
    const sealed = await readFile(join(folder, DATA_KEY_FILE));
    const second = await resolve(folder, safeStorage);
    const keyBuffer = Buffer.from(key);
    assert.deepStrictEqual(
      {
        mechanism: first.source.kind === 'key' ? first.source.mechanism : null,
        keyBytes: key.length,
        isKeyInFile: sealed.includes(keyBuffer) || sealed.includes(Buffer.from(keyBuffer.toString('base64'))) || sealed.includes(Buffer.from(keyBuffer.toString('hex'))),
        fileMode: process.platform === 'win32' ? 0o600 : (await stat(join(folder, DATA_KEY_FILE))).mode & 0o777,
        secondKeyEqual: Buffer.from(keyOf(second.source)).equals(keyBuffer),
        encryptCalls: safeStorage.encryptCalls,
        questions: first.questions + second.questions,
      },
      {
        mechanism: 'the desktop keyring (Secret Service)',
        keyBytes: DATA_KEY_BYTES,
        isKeyInFile: false,
        fileMode: 0o600,
        secondKeyEqual: true,
        encryptCalls: 1,
        questions: 0,
      },
    );
  });

  test('encryption unavailable: no key, no file, a plain reason', async () => {
    const folder = await userDataFolder();
    const { source, questions } = await resolve(folder, new FakeSafeStorage({ isAvailable: false, backend: 'gnome_libsecret' }), true, 'darwin');
    assert.deepStrictEqual(
      { source, questions, hasFile: await exists(join(folder, DATA_KEY_FILE)) },
      { source: { kind: 'none', reason: NO_KEYCHAIN_REASON }, questions: 0, hasFile: false },
    );
  });

  test('Linux basic_text: asks once; a refusal is remembered and nothing is stored', async () => {
    const folder = await userDataFolder();
    const safeStorage = new FakeSafeStorage({ isAvailable: true, backend: 'basic_text' });
    const first = await resolve(folder, safeStorage, false);
    const second = await resolve(folder, safeStorage, true);
    assert.deepStrictEqual(
      {
        sources: [first.source, second.source],
        questions: first.questions + second.questions,
        settings: JSON.parse(await readFile(join(folder, DESKTOP_SETTINGS_FILE), 'utf8')),
        hasFile: await exists(join(folder, DATA_KEY_FILE)),
      },
      {
        sources: [
          { kind: 'none', reason: NO_KEYRING_REASON },
          { kind: 'none', reason: NO_KEYRING_REASON },
        ],
        questions: 1,
        settings: { allowWeakSecretStorage: false },
        hasFile: false,
      },
    );
  });

  test('Linux basic_text with the opt-in already in settings.json: a key, no question', async () => {
    const folder = await userDataFolder();
    await writeFile(join(folder, DESKTOP_SETTINGS_FILE), JSON.stringify({ allowWeakSecretStorage: true }));
    const { source, questions } = await resolve(folder, new FakeSafeStorage({ isAvailable: true, backend: 'basic_text' }));
    assert.deepStrictEqual(
      { kind: source.kind, keyBytes: keyOf(source).length, questions, isWeakNamed: source.kind === 'key' && source.mechanism.includes('no keyring') },
      { kind: 'key', keyBytes: DATA_KEY_BYTES, questions: 0, isWeakNamed: true },
    );
  });

  test('Linux basic_text, user accepts in the dialog: key created, the answer saved beside other settings', async () => {
    const folder = await userDataFolder();
    await writeFile(join(folder, DESKTOP_SETTINGS_FILE), JSON.stringify({ windowZoom: 1.25 }));
    const { source, questions } = await resolve(folder, new FakeSafeStorage({ isAvailable: true, backend: 'basic_text' }), true);
    assert.deepStrictEqual(
      { keyBytes: keyOf(source).length, questions, settings: JSON.parse(await readFile(join(folder, DESKTOP_SETTINGS_FILE), 'utf8')) },
      { keyBytes: DATA_KEY_BYTES, questions: 1, settings: { windowZoom: 1.25, allowWeakSecretStorage: true } },
    );
  });

  test('a key file the keychain cannot unseal is reported and left untouched', async () => {
    const folder = await userDataFolder();
    const foreign = Buffer.from('sealed by another keychain');
    await writeFile(join(folder, DATA_KEY_FILE), foreign);
    const { source } = await resolve(folder, new FakeSafeStorage({ isAvailable: true, backend: 'kwallet5' }));
    assert.deepStrictEqual(
      { kind: source.kind, mentionsUnlock: source.kind === 'none' && source.reason.includes('could not unlock'), file: await readFile(join(folder, DATA_KEY_FILE)) },
      { kind: 'none', mentionsUnlock: true, file: foreign },
    );
  });

  test('when the keychain asks for it, the key is re-sealed with its new key', async () => {
    const folder = await userDataFolder();
    const safeStorage = new FakeSafeStorage({ isAvailable: true, backend: 'gnome_libsecret' });
    const key = keyOf((await resolve(folder, safeStorage)).source);
    safeStorage.generation = 2;
    const again = keyOf((await resolve(folder, safeStorage)).source);
    const header = (await readFile(join(folder, DATA_KEY_FILE))).subarray(0, FAKE_HEADER.length + 2).toString('latin1');
    assert.deepStrictEqual({ isSameKey: Buffer.from(again).equals(Buffer.from(key)), header }, { isSameKey: true, header: `${FAKE_HEADER}2:` });
  });
});
