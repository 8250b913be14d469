import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { MAX_TLS_FILE_BYTES, readTlsFiles } from '../../src/bus/connections/redisClientOptions';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';

const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n';
const SSH_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEfake\n-----END OPENSSH PRIVATE KEY-----\n';
const folders: string[] = [];

after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

function endpointWith(tls: Partial<NonNullable<RedisEndpoint['tls']>>): RedisEndpoint {
  return { host: '127.0.0.1', port: 6390, db: 0, tls: { shouldVerify: true, ...tls } };
}

/** The message with the path taken out, so messages for different paths can be compared. */
async function refusalOf(tls: Partial<NonNullable<RedisEndpoint['tls']>>, path: string): Promise<unknown> {
  const result = await readTlsFiles(endpointWith(tls));
  return result.ok ? 'accepted' : { ...result.error, message: result.error.message.replace(path, '<path>') };
}

describe('TLS files', () => {
  test('an unusable CA file gets the same words whether it is missing, a folder, a device, a FIFO, too large, unreadable or an SSH key', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'labwire-tls-files-'));
    folders.push(folder);
    const paths = {
      missing: join(folder, 'gone.crt'),
      folder: join(folder, 'a-folder'),
      device: '/dev/zero',
      fifo: join(folder, 'pipe'),
      tooLarge: join(folder, 'huge.crt'),
      sshKey: join(folder, 'id_rsa'),
      unreadable: join(folder, 'locked.crt'),
    };
    await mkdir(paths.folder);
    await promisify(execFile)('mkfifo', [paths.fifo]);
    await writeFile(paths.tooLarge, CERTIFICATE + 'x'.repeat(MAX_TLS_FILE_BYTES));
    await writeFile(paths.sshKey, SSH_KEY, { mode: 0o600 });
    await writeFile(paths.unreadable, CERTIFICATE);
    await chmod(paths.unreadable, 0o000);
    const isRoot = process.getuid?.() === 0;
    const refusals: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(paths)) {
      // root reads any file whatever its mode, so the unreadable case means nothing there.
      if (name === 'unreadable' && isRoot) continue;
      refusals[name] = await refusalOf({ caFile: path }, path);
    }
    const expected = {
      code: 'INVALID',
      message: 'The TLS CA file <path> cannot be used: it must be a PEM file that Labwire can read, smaller than 1 MiB. Choose the file again in the profile.',
      field: 'tls.caFile',
    };
    assert.deepStrictEqual(refusals, Object.fromEntries(Object.keys(refusals).map((name) => [name, expected])));
  });

  test('a PEM certificate and key under 1 MiB are read; a certificate in the key field is refused', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'labwire-tls-files-'));
    folders.push(folder);
    const caFile = join(folder, 'ca.crt');
    const keyFile = join(folder, 'client.key');
    await writeFile(caFile, CERTIFICATE);
    await writeFile(keyFile, PRIVATE_KEY);
    const read = await readTlsFiles(endpointWith({ caFile, certFile: caFile, keyFile }));
    const swapped = await refusalOf({ keyFile: caFile }, caFile);
    assert.deepStrictEqual(
      {
        read: read.ok ? { ca: read.value.ca?.toString(), cert: read.value.cert?.toString(), key: read.value.key?.toString() } : read.error.message,
        swapped: (swapped as { field?: string }).field,
      },
      { read: { ca: CERTIFICATE, cert: CERTIFICATE, key: PRIVATE_KEY }, swapped: 'tls.keyFile' },
    );
  });
});
