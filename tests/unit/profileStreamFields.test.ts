import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseProfileFields } from '../../src/bus/profiles/profileFieldsParser';
import { ProfileStore } from '../../src/bus/profiles/profileStore';
import { DEFAULT_DEAD_LETTER_TEMPLATES } from '../../src/shared/deadLetterNames';
import { defaultProfileFields, type ProfileDraft } from '../../src/shared/profile';
import { findProfileProblems } from '../../src/shared/profileValidation';

const folders: string[] = [];

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-profile-streams-'));
  folders.push(folder);
  return folder;
}

after(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A profiles.json written before operatorName and deadLetterTemplates existed. */
const OLD_STORE = {
  format: 'labwire-profile-store',
  version: 1,
  profiles: [{ id: 'old', name: 'Lab 1', host: '10.0.0.5', port: 6379, db: 0, username: '', color: 'blue', isReadOnly: false, isProduction: false }],
};

function draft(overrides: Partial<ProfileDraft> = {}): ProfileDraft {
  return { ...defaultProfileFields(), name: 'Lab 2', host: 'redis.lab', port: 6380, ...overrides };
}

describe('profile fields for streams: operator name and dead-letter name patterns', () => {
  test('a profile without them parses with the defaults; wrong types name the field', () => {
    const parsed = parseProfileFields({ name: 'Lab', host: 'h', port: 1 });
    const wrong = parseProfileFields({ name: 'Lab', host: 'h', port: 1, deadLetterTemplates: 'x:{stream}' });
    assert.deepStrictEqual(
      { parsed: parsed.ok ? [parsed.fields.operatorName, parsed.fields.deadLetterTemplates] : parsed, wrong },
      {
        parsed: ['', [...DEFAULT_DEAD_LETTER_TEMPLATES]],
        wrong: { ok: false, problem: { field: 'deadLetterTemplates', message: 'The dead-letter name patterns must be a list of texts.' } },
      },
    );
  });

  test('an old profiles.json loads with the defaults, and a save from an older client keeps the saved values', async () => {
    const dataDir = await temporaryFolder();
    await writeFile(join(dataDir, 'profiles.json'), JSON.stringify(OLD_STORE));
    const store = await ProfileStore.open(dataDir, null);
    const loaded = store.get('old');
    const named = await store.save({ ...draft({ id: 'old' }), operatorName: ' Alex ', deadLetterTemplates: ['failed:{stream}'] });
    const { operatorName: _name, deadLetterTemplates: _templates, ...olderClientDraft } = draft({ id: 'old', name: 'Lab 1b' });
    const resaved = await store.save(olderClientDraft);
    const onDisk = JSON.parse(await readFile(join(dataDir, 'profiles.json'), 'utf8')) as { profiles: { operatorName: string; deadLetterTemplates: string[] }[] };
    assert.deepStrictEqual(
      {
        loaded: [loaded?.operatorName, loaded?.deadLetterTemplates],
        named: named.ok ? [named.value.operatorName, named.value.deadLetterTemplates] : named,
        resaved: resaved.ok ? [resaved.value.name, resaved.value.operatorName, resaved.value.deadLetterTemplates] : resaved,
        onDisk: [onDisk.profiles[0]?.operatorName, onDisk.profiles[0]?.deadLetterTemplates],
      },
      {
        loaded: ['', [...DEFAULT_DEAD_LETTER_TEMPLATES]],
        named: ['Alex', ['failed:{stream}']],
        resaved: ['Lab 1b', 'Alex', ['failed:{stream}']],
        onDisk: ['Alex', ['failed:{stream}']],
      },
    );
  });

  test('export and import carry them', async () => {
    const source = await ProfileStore.open(await temporaryFolder(), null);
    const saved = await source.save(draft({ operatorName: 'Sam', deadLetterTemplates: ['{stream}.dead'] }));
    assert.ok(saved.ok);
    const exported = source.exportJson([saved.value.id]);
    assert.ok(exported.ok);
    const target = await ProfileStore.open(await temporaryFolder(), null);
    const imported = await target.importJson(exported.value.json);
    assert.deepStrictEqual(
      imported.ok ? imported.value.imported.map((profile) => [profile.operatorName, profile.deadLetterTemplates]) : imported,
      [['Sam', ['{stream}.dead']]],
    );
  });

  test('each pattern must hold {stream} and more; the operator name is bounded', () => {
    const problems = (overrides: Partial<ProfileDraft>) => findProfileProblems(draft(overrides)).map((problem) => problem.field);
    assert.deepStrictEqual(
      {
        fine: problems({ deadLetterTemplates: ['{stream}:dlq', 'dlq:{stream}'], operatorName: 'Alex' }),
        noPlaceholder: problems({ deadLetterTemplates: ['orders-dead'] }),
        onlyPlaceholder: problems({ deadLetterTemplates: ['{stream}'] }),
        longName: problems({ operatorName: 'x'.repeat(81) }),
        none: problems({ deadLetterTemplates: [] }),
      },
      { fine: [], noPlaceholder: ['deadLetterTemplates'], onlyPlaceholder: ['deadLetterTemplates'], longName: ['operatorName'], none: [] },
    );
  });
});
