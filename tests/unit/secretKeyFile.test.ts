import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadOrCreateKeyFile } from '../../src/bus/secrets/secretBox';

const isPosix = process.platform !== 'win32';
const folders: string[] = [];

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-key-'));
  folders.push(folder);
  return folder;
}

after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('loadOrCreateKeyFile', () => {
  test('creates the data folder (0700) and a 32-byte key file (0600), and reads the same key back', { skip: isPosix ? false : 'file modes are POSIX only' }, async () => {
    const dataDir = join(await temporaryFolder(), 'nested', 'data');
    const key = await loadOrCreateKeyFile(dataDir);
    const again = await loadOrCreateKeyFile(dataDir);
    const fileMode = (await stat(join(dataDir, 'secret.key'))).mode & 0o777;
    const folderMode = (await stat(dataDir)).mode & 0o777;
    assert.deepStrictEqual(
      { length: key.byteLength, isSame: Buffer.from(key).equals(Buffer.from(again)), fileMode, folderMode },
      { length: 32, isSame: true, fileMode: 0o600, folderMode: 0o700 },
    );
  });

  test('two callers racing on a fresh folder end up with the same key', async () => {
    const dataDir = await temporaryFolder();
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateKeyFile(dataDir)));
    const distinct = new Set(keys.map((key) => Buffer.from(key).toString('hex')));
    assert.equal(distinct.size, 1);
  });

  test('refuses a key file that other users can read', { skip: isPosix ? false : 'file modes are POSIX only' }, async () => {
    const dataDir = await temporaryFolder();
    await loadOrCreateKeyFile(dataDir);
    const path = join(dataDir, 'secret.key');
    await chmod(path, 0o644);
    await assert.rejects(loadOrCreateKeyFile(dataDir), {
      message: `The key file ${path} can be read by other users of this computer (mode 0644), so Labwire will not use it to protect passwords. Run "chmod 600 ${path}" and start Labwire again.`,
    });
  });

  test('refuses a damaged key file instead of replacing it', async () => {
    const dataDir = await temporaryFolder();
    const path = join(dataDir, 'secret.key');
    await writeFile(path, 'labwire-key-v1:dG9vIHNob3J0\n', { mode: 0o600 });
    await assert.rejects(loadOrCreateKeyFile(dataDir), /is damaged/);
  });
});
