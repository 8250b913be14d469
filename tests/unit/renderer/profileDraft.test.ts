import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Profile } from '../../../src/shared/profile';
import { findProfileProblems } from '../../../src/shared/profileValidation';
import {
  draftFromForm,
  formFromProfile,
  isFormChanged,
  newProfileForm,
  problemsByField,
} from '../../../src/renderer/src/features/profiles/profileDraft';

const PROFILE: Profile = {
  id: 'p1',
  name: 'Bench Redis',
  host: '127.0.0.1',
  port: 6380,
  db: 2,
  username: 'jamie',
  tls: { isEnabled: false, caFile: '', certFile: '', keyFile: '', servername: '', shouldVerify: true },
  color: 'teal',
  isReadOnly: false,
  isProduction: true,
  operatorName: 'Jamie',
  deadLetterTemplates: ['{stream}:dlq', 'dlq:{stream}'],
  hasPassword: true,
  isManagedLocal: false,
  createdAt: 1,
  updatedAt: 2,
};

describe('the profile editor form', () => {
  test('a saved profile becomes a draft with exactly the fields the bus accepts', () => {
    const form = { ...formFromProfile(PROFILE), name: '  Bench Redis 2 ', port: ' 6381' };
    assert.deepStrictEqual(draftFromForm(form, PROFILE.id, { kind: 'keep' }), {
      id: 'p1',
      name: 'Bench Redis 2',
      host: '127.0.0.1',
      port: 6381,
      db: 2,
      username: 'jamie',
      tls: { isEnabled: false, caFile: '', certFile: '', keyFile: '', servername: '', shouldVerify: true },
      color: 'teal',
      isReadOnly: false,
      isProduction: true,
      operatorName: 'Jamie',
      deadLetterTemplates: ['{stream}:dlq', 'dlq:{stream}'],
    });
  });

  test('dead-letter name patterns are typed one per line; a pattern without {stream} is a problem in words', () => {
    const form = { ...formFromProfile(PROFILE), deadLetterTemplates: ' failed:{stream} \n\n{stream}.dead\n' };
    assert.deepStrictEqual(draftFromForm(form, PROFILE.id, { kind: 'keep' }).deadLetterTemplates, ['failed:{stream}', '{stream}.dead']);
    const broken = draftFromForm({ ...form, deadLetterTemplates: '{stream}:dlq\norders-dead' }, PROFILE.id, { kind: 'keep' });
    assert.deepStrictEqual(problemsByField(findProfileProblems(broken)).get('deadLetterTemplates'), 'The pattern "orders-dead" must contain {stream}, where the origin stream\'s name goes (for example {stream}:dlq).');
  });

  test('the password choice maps to keep (absent), remove (null) or replace (the text)', () => {
    const form = formFromProfile(PROFILE);
    assert.deepStrictEqual(
      [
        draftFromForm(form, 'p1', { kind: 'keep' }).password,
        draftFromForm(form, 'p1', { kind: 'remove' }).password,
        draftFromForm(form, 'p1', { kind: 'replace', value: 's3cret' }).password,
        draftFromForm(form, 'p1', { kind: 'replace', value: '' }).password,
        'password' in draftFromForm(form, 'p1', { kind: 'keep' }),
      ],
      [undefined, null, 's3cret', undefined, false],
    );
  });

  test('half-typed numbers and an empty name are reported per field in words', () => {
    const form = { ...newProfileForm(), port: '63a9', db: '' };
    const problems = problemsByField(findProfileProblems(draftFromForm(form, undefined, { kind: 'replace', value: '' })));
    assert.deepStrictEqual(Object.fromEntries(problems), {
      name: 'Give the profile a name, for example "Lab 2 Redis".',
      port: 'The port is a whole number from 1 to 65535 (Redis normally uses 6379).',
      db: 'The database is a whole number, 0 or more (most labs use 0).',
    });
  });

  test('changes are noticed against the saved profile, including a new password', () => {
    const form = formFromProfile(PROFILE);
    assert.deepStrictEqual(
      [
        isFormChanged(form, PROFILE, { kind: 'keep' }),
        isFormChanged({ ...form, host: 'redis.lab' }, PROFILE, { kind: 'keep' }),
        isFormChanged(form, PROFILE, { kind: 'replace', value: 'x' }),
        isFormChanged(form, PROFILE, { kind: 'replace', value: '' }),
      ],
      [false, true, true, false],
    );
  });
});
