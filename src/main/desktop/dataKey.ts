/**
 * The 32-byte data key that seals profile secrets, kept in
 * `<userData>/secret.key.enc` encrypted by Electron's safeStorage (the OS
 * keychain). The bus receives the key itself; the file never holds it in the
 * clear. Where the OS offers no real keychain, passwords stay in memory.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../shared/result';
import type { DataKeySource } from '../../bus/busCore';
import { readDesktopSettings, updateDesktopSettings } from './desktopSettings';

export const DATA_KEY_FILE = 'secret.key.enc';
export const DATA_KEY_BYTES = 32;
/** A sealed 32-byte key is well under 1 KiB on every platform; anything larger is not our file. */
export const MAX_DATA_KEY_FILE_BYTES = 4096;

/** The part of Electron's safeStorage this module uses (the async API; the sync one is deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only: which password store Chromium picked. */
  getSelectedStorageBackend(): string;
}

/** Linux stores that are not a keyring: data "encrypted" with a key every copy of Chromium knows. */
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

export const NO_KEYCHAIN_REASON =
  "This computer's keychain is not available to Labwire, so passwords are kept only until Labwire closes.";
export const NO_KEYRING_REASON =
  'This desktop has no keyring (such as GNOME Keyring or KDE Wallet), so passwords are kept only until Labwire closes.';

export type SecretStoragePlan =
  | { kind: 'keychain'; mechanism: string }
  /** Linux without a keyring, and the user was never asked whether to accept weak protection. */
  | { kind: 'askWeakStorageConsent' }
  | { kind: 'none'; reason: string };

export interface SecretStorageFacts {
  platform: NodeJS.Platform;
  isEncryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux, null elsewhere. */
  linuxBackend: string | null;
  /** From settings.json; undefined until the user has answered the dialog. */
  allowWeakSecretStorage: boolean | undefined;
}

export function planSecretStorage(facts: SecretStorageFacts): SecretStoragePlan {
  if (!facts.isEncryptionAvailable) return { kind: 'none', reason: NO_KEYCHAIN_REASON };
  if (facts.platform === 'darwin') return { kind: 'keychain', mechanism: 'the macOS Keychain' };
  if (facts.platform === 'win32') return { kind: 'keychain', mechanism: 'Windows data protection for your account' };
  if (facts.platform !== 'linux' || facts.linuxBackend === null) return { kind: 'keychain', mechanism: 'the system keychain' };
  if (!WEAK_LINUX_BACKENDS.has(facts.linuxBackend)) {
    const isKde = facts.linuxBackend.startsWith('kwallet');
    return { kind: 'keychain', mechanism: isKde ? 'KDE Wallet' : 'the desktop keyring (Secret Service)' };
  }
  if (facts.allowWeakSecretStorage === undefined) return { kind: 'askWeakStorageConsent' };
  if (!facts.allowWeakSecretStorage) return { kind: 'none', reason: NO_KEYRING_REASON };
  return {
    kind: 'keychain',
    mechanism: 'a key built into Labwire, because this desktop has no keyring (weak protection, which you allowed)',
  };
}

/**
 * Reads and unseals the key, or creates and seals a new one when there is no
 * file. A file that cannot be unsealed is left untouched: replacing it would
 * orphan every saved password, and the keychain may come back.
 */
export async function loadOrCreateDataKey(userDataDir: string, safeStorage: SafeStorageLike): Promise<Result<Uint8Array>> {
  const path = join(userDataDir, DATA_KEY_FILE);
  const sealed = await readSealedKey(path);
  if (!sealed.ok) return sealed;
  if (sealed.value === null) return createDataKey(userDataDir, path, safeStorage);
  try {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(sealed.value);
    const key = new Uint8Array(Buffer.from(result, 'base64'));
    if (key.length !== DATA_KEY_BYTES) return unlockFailure(path, `unsealed key has ${key.length} bytes`);
    // The keychain rotated its own key: re-seal so the next start does not depend on the old one.
    if (shouldReEncrypt) await writeSealedKey(userDataDir, path, await safeStorage.encryptStringAsync(result)).catch(() => undefined);
    return ok(key);
  } catch (error) {
    return unlockFailure(path, error instanceof Error ? error.message : String(error));
  }
}

export interface DataKeySourceOptions {
  userDataDir: string;
  platform: NodeJS.Platform;
  safeStorage: SafeStorageLike;
  /** Shows the one-time question; resolves true when the user accepts weak protection. */
  askWeakStorageConsent(): Promise<boolean>;
}

/** Decides how the bus seals secrets on this machine. Never throws. */
export async function resolveDataKeySource(options: DataKeySourceOptions): Promise<DataKeySource> {
  try {
    const settings = await readDesktopSettings(options.userDataDir);
    const facts: SecretStorageFacts = {
      platform: options.platform,
      isEncryptionAvailable: await options.safeStorage.isAsyncEncryptionAvailable(),
      linuxBackend: options.platform === 'linux' ? options.safeStorage.getSelectedStorageBackend() : null,
      allowWeakSecretStorage: settings.allowWeakSecretStorage,
    };
    let plan = planSecretStorage(facts);
    if (plan.kind === 'askWeakStorageConsent') {
      const allowWeakSecretStorage = await options.askWeakStorageConsent();
      // An unsaved answer is asked again next start; the choice still holds for this one.
      await updateDesktopSettings(options.userDataDir, { allowWeakSecretStorage });
      plan = planSecretStorage({ ...facts, allowWeakSecretStorage });
    }
    if (plan.kind !== 'keychain') return { kind: 'none', reason: plan.kind === 'none' ? plan.reason : NO_KEYRING_REASON };
    const key = await loadOrCreateDataKey(options.userDataDir, options.safeStorage);
    return key.ok ? { kind: 'key', key: key.value, mechanism: plan.mechanism } : { kind: 'none', reason: key.error.message };
  } catch (error) {
    return { kind: 'none', reason: `${NO_KEYCHAIN_REASON} (${error instanceof Error ? error.message : String(error)})` };
  }
}

async function createDataKey(userDataDir: string, path: string, safeStorage: SafeStorageLike): Promise<Result<Uint8Array>> {
  const key = new Uint8Array(randomBytes(DATA_KEY_BYTES));
  try {
    await writeSealedKey(userDataDir, path, await safeStorage.encryptStringAsync(Buffer.from(key).toString('base64')));
    return ok(key);
  } catch (error) {
    return fail('SECRETS_UNAVAILABLE', `Labwire could not store its key for saved passwords in ${path}, so passwords are kept only until Labwire closes.`, {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

async function readSealedKey(path: string): Promise<Result<Buffer | null>> {
  try {
    if ((await stat(path)).size > MAX_DATA_KEY_FILE_BYTES) return unlockFailure(path, 'file too large');
    return ok(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return unlockFailure(path, error instanceof Error ? error.message : String(error));
  }
}

async function writeSealedKey(userDataDir: string, path: string, sealed: Buffer): Promise<void> {
  await mkdir(userDataDir, { recursive: true });
  const temporaryPath = `${path}.${process.pid}.tmp`;
  await writeFile(temporaryPath, sealed, { mode: 0o600 });
  await rename(temporaryPath, path);
}

function unlockFailure<T>(path: string, detail: string): Result<T> {
  return fail(
    'SECRETS_UNAVAILABLE',
    `Labwire could not unlock its key for saved passwords (${path}) with this computer's keychain, so saved passwords cannot be read and new ones are kept only until Labwire closes.`,
    { detail },
  );
}
