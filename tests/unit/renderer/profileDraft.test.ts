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
  topology: { mode: 'standalone' },
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
      topology: { mode: 'standalone' },
    });
  });

  test('a cluster is typed as host:port lines and mappings with an arrow; only the chosen mode reaches the draft', () => {
    const base = formFromProfile(PROFILE);
    const form = { ...base, topology: { ...base.topology, mode: 'cluster' as const, seeds: ' 10.0.0.5:7000\n\n[::1]:7001 ', natMap: '172.17.0.2:7000 -> 127.0.0.1:17000' } };
    assert.deepStrictEqual(draftFromForm(form, PROFILE.id, { kind: 'keep' }, { kind: 'replace', value: 'ignored' }).topology, {
      mode: 'cluster',
      seeds: [
        { host: '10.0.0.5', port: 7000 },
        { host: '::1', port: 7001 },
      ],
      natMap: [{ from: { host: '172.17.0.2', port: 7000 }, to: { host: '127.0.0.1', port: 17000 } }],
    });
    const noPort = draftFromForm({ ...form, topology: { ...form.topology, seeds: 'redis-a' } }, PROFILE.id, { kind: 'keep' });
    assert.deepStrictEqual(problemsByField(findProfileProblems(noPort)).get('topology.seeds.0.port'), 'The port of seed node 1 is a whole number from 1 to 65535.');
  });

  test('a sentinel profile needs a master name and carries the sentinels\' password apart from the data password', () => {
    const base = formFromProfile(PROFILE);
    const form = { ...base, topology: { ...base.topology, mode: 'sentinel' as const, sentinels: '10.0.0.5:26379\n10.0.0.6:26379', masterName: ' ' } };
    const draft = draftFromForm(form, PROFILE.id, { kind: 'keep' }, { kind: 'replace', value: 'sentinel-secret' });
    assert.equal(draft.sentinelPassword, 'sentinel-secret');
    assert.equal(draft.password, undefined);
    assert.deepStrictEqual(problemsByField(findProfileProblems(draft)).get('topology.masterName'), 'Enter the master name the sentinels monitor (from "sentinel monitor <name>"), without spaces.');
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
