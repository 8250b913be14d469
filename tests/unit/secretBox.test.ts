import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { SecretBox } from '../../src/bus/secrets/secretBox';

const CANNOT_OPEN =
  'A stored password could not be unlocked: it was saved with another key or the file was changed. Enter the password again.';

describe('SecretBox', () => {
  test('opens what it sealed, with a fresh IV each time and no plain text in the sealed form', () => {
    const box = new SecretBox(randomBytes(32));
    const plain = 'pässwörd 🔑 with "quotes"';
    const first = box.seal(plain);
    const second = box.seal(plain);
    assert.deepStrictEqual(
      {
        opened: [box.open(first), box.open(second)],
        isVersioned: first.startsWith('v1:'),
        isDifferent: first !== second,
        containsPlain: first.includes(plain) || Buffer.from(first.slice(3), 'base64').includes(Buffer.from(plain)),
      },
      { opened: [{ ok: true, value: plain }, { ok: true, value: plain }], isVersioned: true, isDifferent: true, containsPlain: false },
    );
  });

  test('detects a changed byte anywhere in the sealed value', () => {
    const box = new SecretBox(randomBytes(32));
    const bytes = Buffer.from(box.seal('instrument-password').slice(3), 'base64');
    const codes = [0, 12, 20, bytes.length - 1].map((index) => {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      const opened = box.open(`v1:${tampered.toString('base64')}`);
      return opened.ok ? 'opened' : opened.error.code;
    });
    assert.deepStrictEqual(codes, ['SECRETS_UNAVAILABLE', 'SECRETS_UNAVAILABLE', 'SECRETS_UNAVAILABLE', 'SECRETS_UNAVAILABLE']);
  });

  test('refuses a value sealed with another key', () => {
    const sealed = new SecretBox(randomBytes(32)).seal('secret');
    const opened = new SecretBox(randomBytes(32)).open(sealed);
    assert.deepStrictEqual({ ok: opened.ok, code: opened.ok ? null : opened.error.code, message: opened.ok ? null : opened.error.message }, {
      ok: false,
      code: 'SECRETS_UNAVAILABLE',
      message: CANNOT_OPEN,
    });
  });

  test('answers garbage with a failure instead of throwing', () => {
    const box = new SecretBox(randomBytes(32));
    const codes = ['', 'plain text', 'v1:', 'v1:@@@', 'v2:AAAA'].map((value) => {
      const opened = box.open(value);
      return opened.ok ? 'opened' : opened.error.code;
    });
    assert.deepStrictEqual(codes, Array(5).fill('SECRETS_UNAVAILABLE'));
  });

  test('refuses a key of the wrong size', () => {
    assert.throws(() => new SecretBox(randomBytes(16)), RangeError);
  });
});
