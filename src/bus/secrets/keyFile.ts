/**
 * The serve host's data key: 32 random bytes in `<dataDir>/secret.key`, mode
 * 0600. The desktop host uses the OS keychain instead; this file is for
 * machines without one. A key that other users can read protects nothing, so
 * such a file is refused rather than used.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrivateFileExclusively, ensurePrivateFolder, isOpenToOthers } from './privateFile';

export const KEY_FILE_NAME = 'secret.key';
const KEY_FILE_PREFIX = 'labwire-key-v1:';
const KEY_BYTES = 32;
/** A real key file is about 60 bytes; anything far larger is not one. */
const MAX_KEY_FILE_BYTES = 4096;

function parseKeyFile(text: string, path: string): Uint8Array {
  const line = text.trim();
  const key = line.startsWith(KEY_FILE_PREFIX) ? Buffer.from(line.slice(KEY_FILE_PREFIX.length), 'base64') : null;
  if (!key || key.byteLength !== KEY_BYTES)
    throw new Error(
      `The key file ${path} is damaged, so Labwire cannot unlock the saved passwords. ` +
        'Restore it from a backup, or delete it and enter the profile passwords again.',
    );
  return new Uint8Array(key);
}

async function readExistingKey(path: string): Promise<Uint8Array | null> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!info.isFile() || info.size > MAX_KEY_FILE_BYTES)
    throw new Error(`${path} is not a Labwire key file. Move it away so Labwire can create a new one.`);
  if (isOpenToOthers(info.mode)) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    throw new Error(
      `The key file ${path} can be read by other users of this computer (mode ${mode}), so Labwire will not use it ` +
        `to protect passwords. Run "chmod 600 ${path}" and start Labwire again.`,
    );
  }
  if (typeof process.getuid === 'function' && info.uid !== process.getuid())
    throw new Error(`The key file ${path} belongs to another user account, so Labwire will not use it.`);
  return parseKeyFile(await readFile(path, 'utf8'), path);
}

/** Reads the key, creating the data folder (0700) and a new key file (0600) on first use. */
export async function loadOrCreateKeyFile(dataDir: string): Promise<Uint8Array> {
  await ensurePrivateFolder(dataDir);
  const path = join(dataDir, KEY_FILE_NAME);
  const existing = await readExistingKey(path);
  if (existing) return existing;
  const key = randomBytes(KEY_BYTES);
  const isCreated = await createPrivateFileExclusively(path, `${KEY_FILE_PREFIX}${key.toString('base64')}\n`);
  if (isCreated) return new Uint8Array(key);
  // Another process created it between our look and our write: use theirs.
  const created = await readExistingKey(path);
  if (!created) throw new Error(`The key file ${path} disappeared while Labwire was creating it. Start Labwire again.`);
  return created;
}
