import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { MAX_AUDITED_IDS, parseStreamAuditLine, StreamAuditRecorder } from '../../src/bus/streams/streamAuditRecorder';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';

const folders: string[] = [];

after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

const PROFILE: Profile = { ...defaultProfileFields(), id: 'lab', name: 'Lab 2', operatorName: '', hasPassword: false, isManagedLocal: false, createdAt: 0, updatedAt: 0 };

describe('the local streams audit log', () => {
  test('without a connection it writes locally, 0600, with ids capped and counted, says why Redis has nothing, and rotates when full', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'labwire-stream-audit-'));
    folders.push(dataDir);
    const audit = new StreamAuditRecorder({
      dataDir,
      profileOf: (id) => (id === 'lab' ? PROFILE : undefined),
      commandClient: () => undefined,
      now: () => Date.UTC(2026, 11, 3, 4, 0, 0),
      logLimits: { maxFileBytes: 4_000, keptRotatedFiles: 2 },
    });
    const ids = Array.from({ length: 150 }, (_, index) => `1712345678901-${index}`);
    const first = await audit.record({ action: 'ack', profileId: 'lab', stream: 'lab:tasks', group: 'workers', ids, summary: 'Acknowledged 150 entries.' });
    for (let index = 0; index < 5; index++) await audit.record({ action: 'ack', profileId: 'lab', stream: 'lab:tasks', group: 'workers', ids, summary: `again ${index}` });
    await audit.dispose();
    const files = (await readdir(join(dataDir, 'audit'))).sort();
    const line = parseStreamAuditLine((await readFile(join(dataDir, 'audit', 'streams.2.jsonl'), 'utf8')).split('\n')[0]!);
    assert.deepStrictEqual(
      {
        first,
        files,
        mode: (await stat(join(dataDir, 'audit', 'streams.jsonl'))).mode & 0o777,
        line: line && { at: line.at, operator: line.operator, ids: line.ids.length, idCount: line.idCount, group: line.group },
      },
      {
        first: { isLocalWritten: true, isRedisWritten: false, problem: 'The audit was not written to the Redis stream labwire:audit: Labwire is not connected to "Lab 2".' },
        files: ['streams.1.jsonl', 'streams.2.jsonl', 'streams.jsonl'],
        mode: 0o600,
        line: { at: '2026-12-03T04:00:00.000Z', operator: 'unnamed operator', ids: MAX_AUDITED_IDS, idCount: 150, group: 'workers' },
      },
    );
  });

  test('lines that are not records read as null', () => {
    assert.deepStrictEqual(['', '{', '{"at":1}', 'null', '[]'].map(parseStreamAuditLine), [null, null, null, null, null]);
  });
});
