import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftFromForm, formFromProfile, isPasswordAskedAgain, type ProfileForm } from '../../../src/renderer/src/features/profiles/profileDraft';
import type { Profile } from '../../../src/shared/profile';

const PROFILE: Profile = {
  id: 'p1',
  name: 'Bench Redis',
  host: 'redis.lab.local',
  port: 6380,
  db: 2,
  username: 'jamie',
  tls: { isEnabled: true, caFile: '/lab/ca.pem', certFile: '', keyFile: '', servername: 'redis.lab', shouldVerify: true },
  color: 'teal',
  isReadOnly: false,
  isProduction: false,
  operatorName: 'Jamie',
  deadLetterTemplates: ['{stream}:dlq', 'dlq:{stream}'],
  topology: { mode: 'standalone' },
  hasPassword: true,
  isManagedLocal: false,
  createdAt: 1,
  updatedAt: 2,
};

function askedAgainAfter(edit: (form: ProfileForm) => ProfileForm, profile: Profile = PROFILE): boolean {
  return isPasswordAskedAgain(draftFromForm(edit(formFromProfile(profile)), profile.id, { kind: 'keep' }), profile);
}

test('the editor asks for the password again exactly when the server, user or TLS settings change', () => {
  const tls = PROFILE.tls;
  assert.deepStrictEqual(
    {
      host: askedAgainAfter((form) => ({ ...form, host: 'other.lab.local' })),
      port: askedAgainAfter((form) => ({ ...form, port: '6381' })),
      halfTypedPort: askedAgainAfter((form) => ({ ...form, port: '63' })),
      username: askedAgainAfter((form) => ({ ...form, username: 'admin' })),
      tlsOff: askedAgainAfter((form) => ({ ...form, tls: { ...tls, isEnabled: false } })),
      servername: askedAgainAfter((form) => ({ ...form, tls: { ...tls, servername: 'other' } })),
      caFile: askedAgainAfter((form) => ({ ...form, tls: { ...tls, caFile: '/tmp/ca.pem' } })),
      verifyOff: askedAgainAfter((form) => ({ ...form, tls: { ...tls, shouldVerify: false } })),
      name: askedAgainAfter((form) => ({ ...form, name: 'Renamed' })),
      db: askedAgainAfter((form) => ({ ...form, db: '5' })),
      hostWithSpaces: askedAgainAfter((form) => ({ ...form, host: ' redis.lab.local ' })),
      noStoredPassword: askedAgainAfter((form) => ({ ...form, host: 'other.lab.local' }), { ...PROFILE, hasPassword: false }),
    },
    {
      host: true,
      port: true,
      halfTypedPort: true,
      username: true,
      tlsOff: true,
      servername: true,
      caFile: true,
      verifyOff: true,
      name: false,
      db: false,
      hostWithSpaces: false,
      noStoredPassword: false,
    },
  );
});
