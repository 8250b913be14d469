/**
 * Owner-only modes for what Labwire keeps on a shared lab computer: the data
 * folder is created 0700 or tightened to it (with a notice), and the publish
 * audit log's folder is 0700 with every log file, rotated ones too, 0600.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { PublishEntry } from '../../src/bus/publish/auditLine';
import { PublishAuditLog } from '../../src/bus/publish/publishAuditLog';
import { describeTightenedFolder, securePrivateFolder } from '../../src/bus/secrets/privateFile';

const folders: string[] = [];

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-modes-'));
  folders.push(folder);
  return folder;
}

after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function modeOf(path: string): Promise<string> {
  return ((await stat(path)).mode & 0o777).toString(8);
}

/** Every entry of the folder with its mode, sorted by name. */
async function modesIn(folder: string): Promise<Record<string, string>> {
  const modes: Record<string, string> = {};
  for (const name of (await readdir(folder)).sort()) modes[name] = await modeOf(join(folder, name));
  return modes;
}

function entry(index: number): PublishEntry {
  return {
    attemptId: `attempt-${index}`,
    at: 1_700_000_000_000 + index,
    profileId: 'lab',
    profileName: 'Lab',
    channel: 'user:alex:commands',
    encoding: 'text',
    command: 'publish',
    sizeBytes: 5,
    payload: `hello ${index}`,
    isPayloadTruncated: false,
    sentSha256: '00'.repeat(32),
    outcome: 'delivered',
    receivers: 1,
    ownReceivers: 0,
  };
}

describe('private folders', () => {
  test('a missing data folder is created 0700, parents included', async () => {
    const path = join(await temporaryFolder(), 'share', 'labwire');
    const check = await securePrivateFolder(path);
    assert.deepStrictEqual({ check, mode: await modeOf(path) }, { check: { state: 'private' }, mode: '700' });
  });

  test('a data folder that exists 0755 is tightened to 0700 and reported; one already 0700 is left alone', async () => {
    const loose = join(await temporaryFolder(), 'loose');
    await mkdir(loose);
    await chmod(loose, 0o755);
    const tight = join(await temporaryFolder(), 'tight');
    await mkdir(tight, { mode: 0o700 });
    const looseCheck = await securePrivateFolder(loose);
    const tightCheck = await securePrivateFolder(tight);
    assert.deepStrictEqual(
      { looseCheck, looseMode: await modeOf(loose), tightCheck, tightMode: await modeOf(tight) },
      { looseCheck: { state: 'tightened', previousMode: 0o755 }, looseMode: '700', tightCheck: { state: 'private' }, tightMode: '700' },
    );
  });

  test('the notice says in plain words what was open and what Labwire did', () => {
    assert.equal(
      describeTightenedFolder('/home/alex/.local/share/labwire', 0o755),
      'The folder /home/alex/.local/share/labwire could be read by other users of this computer (permissions 755). ' +
        'Labwire made it private to you (permissions 700).',
    );
  });
});

describe('the publish audit log on disk', () => {
  test('a new log: folder 0700, publish.jsonl and every rotated file 0600', async () => {
    const dataDir = await temporaryFolder();
    const log = new PublishAuditLog(dataDir, { maxFileBytes: 600, keptRotatedFiles: 2 });
    for (let index = 0; index < 12; index++) assert.equal((await log.append(entry(index))).ok, true);
    await log.close();
    assert.deepStrictEqual(
      { folder: await modeOf(join(dataDir, 'audit')), files: await modesIn(join(dataDir, 'audit')) },
      { folder: '700', files: { 'publish.1.jsonl': '600', 'publish.2.jsonl': '600', 'publish.jsonl': '600' } },
    );
  });

  test('a log an older Labwire left 0755/0644 (rotated files too) becomes 0700/0600 at the next write', async () => {
    const dataDir = await temporaryFolder();
    const audit = join(dataDir, 'audit');
    await mkdir(audit);
    await chmod(audit, 0o755);
    for (const name of ['publish.jsonl', 'publish.1.jsonl', 'publish.3.jsonl']) {
      await writeFile(join(audit, name), '');
      await chmod(join(audit, name), 0o644);
    }
    const log = new PublishAuditLog(dataDir);
    assert.equal((await log.append(entry(1))).ok, true);
    await log.close();
    assert.deepStrictEqual(
      { folder: await modeOf(audit), files: await modesIn(audit) },
      { folder: '700', files: { 'publish.1.jsonl': '600', 'publish.3.jsonl': '600', 'publish.jsonl': '600' } },
    );
  });
});
