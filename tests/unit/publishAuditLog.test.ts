import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { formatAuditLine, parseAuditLine, type PublishEntry } from '../../src/bus/publish/auditLine';
import { PublishAuditLog } from '../../src/bus/publish/publishAuditLog';

const folders: string[] = [];

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-audit-'));
  folders.push(folder);
  return folder;
}

after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

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

async function linesOf(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
}

describe('the publish audit log', () => {
  test('appends made at once land in call order, one parseable line each', async () => {
    const dataDir = await temporaryFolder();
    const log = new PublishAuditLog(dataDir);
    const results = await Promise.all([0, 1, 2, 3, 4].map((index) => log.append(entry(index))));
    await log.close();
    const lines = await linesOf(join(dataDir, 'audit', 'publish.jsonl'));
    assert.deepStrictEqual(
      [results.every((result) => result.ok), lines.map((line) => parseAuditLine(line)?.attemptId)],
      [true, ['attempt-0', 'attempt-1', 'attempt-2', 'attempt-3', 'attempt-4']],
    );
  });

  test('rotates at the size limit, keeps a bounded number of files, and loads the newest back in order', async () => {
    const dataDir = await temporaryFolder();
    const lineBytes = Buffer.byteLength(formatAuditLine(entry(10)));
    const limits = { maxFileBytes: lineBytes * 3, keptRotatedFiles: 2 };
    const log = new PublishAuditLog(dataDir, limits);
    for (let index = 10; index < 30; index++) await log.append(entry(index));
    await log.close();
    const folder = join(dataDir, 'audit');
    const names = (await readdir(folder)).sort();
    const sizes = await Promise.all(names.map(async (name) => (await stat(join(folder, name))).size));
    const loaded = new PublishAuditLog(dataDir, limits).loadSync();
    assert.deepStrictEqual(
      [names, sizes.every((size) => size <= limits.maxFileBytes), loaded.entries.map((item) => item.attemptId), loaded.skippedLines],
      [
        ['publish.1.jsonl', 'publish.2.jsonl', 'publish.jsonl'],
        true,
        [22, 23, 24, 25, 26, 27, 28, 29].map((index) => `attempt-${index}`),
        0,
      ],
    );
  });

  test('a line cut short by a crash is skipped and counted, and the next entry starts on its own line', async () => {
    const dataDir = await temporaryFolder();
    const first = new PublishAuditLog(dataDir);
    await first.append(entry(1));
    await first.close();
    await appendFile(first.path, formatAuditLine(entry(2)).slice(0, 40));
    const second = new PublishAuditLog(dataDir);
    const appended = await second.append(entry(3));
    await second.close();
    const loaded = new PublishAuditLog(dataDir).loadSync();
    assert.deepStrictEqual([appended.ok, loaded.entries.map((item) => item.attemptId), loaded.skippedLines], [true, ['attempt-1', 'attempt-3'], 1]);
  });

  test('loading reads only the tail within its budget; the first partial line is not counted as corrupt', async () => {
    const dataDir = await temporaryFolder();
    const log = new PublishAuditLog(dataDir);
    for (let index = 0; index < 10; index++) await log.append(entry(index));
    await log.close();
    const lineBytes = Buffer.byteLength(formatAuditLine(entry(0)));
    const loaded = log.loadSync(lineBytes * 3 + 5);
    assert.deepStrictEqual([loaded.entries.map((item) => item.attemptId), loaded.skippedLines], [['attempt-7', 'attempt-8', 'attempt-9'], 0]);
  });

  test('a write that fails is returned with a plain reason, never thrown', async () => {
    const dataDir = await temporaryFolder();
    const blocked = join(dataDir, 'not-a-folder');
    await writeFile(blocked, 'x');
    const log = new PublishAuditLog(blocked);
    const result = await log.append(entry(1));
    await log.close();
    assert.deepStrictEqual(result.ok ? null : result.error.message, `The publish audit log ${join(blocked, 'audit', 'publish.jsonl')} could not be written (a file is in the way of the audit folder).`);
  });
});
