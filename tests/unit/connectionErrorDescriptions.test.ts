import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ReplyError } from 'ioredis';
import {
  DeadlineError,
  describeRedisError,
  HandshakeClosedError,
  isRetryable,
  type ErrorContext,
} from '../../src/bus/connections/describeRedisError';

const PLAIN: ErrorContext = { host: '127.0.0.1', port: 6390, db: 0, isTls: false };
const JAMIE: ErrorContext = { ...PLAIN, username: 'jamie' };

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function reply(message: string): Error {
  return new ReplyError(message) as Error;
}

/** code and message only: `detail` is the raw text and is checked separately. */
function summary(error: unknown, context: ErrorContext = PLAIN, caFile?: string): { code: string; message: string } {
  const described = describeRedisError(error, context, caFile);
  return { code: described.code, message: described.message };
}

describe('credentials and permissions', () => {
  test('WRONGPASS names the user, default when none is set', () => {
    const wrongPass = reply('WRONGPASS invalid username-password pair or user is disabled.');
    assert.deepStrictEqual([summary(wrongPass, JAMIE), summary(wrongPass), summary(reply('ERR invalid password'))], [
      { code: 'WRONGPASS', message: 'The server refused the password for user jamie.' },
      { code: 'WRONGPASS', message: 'The server refused the password for user default.' },
      { code: 'WRONGPASS', message: 'The server refused the password for user default.' },
    ]);
  });

  test('NOAUTH, also when ioredis wraps it in its ready check', () => {
    const expected = { code: 'NOAUTH', message: 'This server needs a password. Add it to the profile.' };
    assert.deepStrictEqual(
      [summary(reply('NOAUTH Authentication required.')), summary(new Error('Ready check failed: NOAUTH Authentication required.'))],
      [expected, expected],
    );
  });

  test('NOPERM says what was refused', () => {
    assert.deepStrictEqual(
      [
        summary(reply("NOPERM this user has no permissions to run the 'info' command"), JAMIE),
        summary(reply('NOPERM this user has no permissions to access one of the channels used as arguments'), JAMIE),
        summary(reply('NOPERM this user has no permissions to access one of the keys used as arguments'), JAMIE),
      ],
      [
        { code: 'NOPERM', message: 'User jamie may not run the INFO command on this server.' },
        { code: 'NOPERM', message: 'User jamie may not use this channel on this server.' },
        { code: 'NOPERM', message: 'User jamie may not touch this key on this server.' },
      ],
    );
  });

  test('a database out of range is an INVALID db field', () => {
    const described = describeRedisError(reply('ERR DB index is out of range'), { ...PLAIN, db: 42 });
    assert.deepStrictEqual(described, {
      code: 'INVALID',
      message: 'This server has no database 42. Pick a lower database number in the profile.',
      detail: 'ERR DB index is out of range',
      field: 'db',
    });
  });
});

describe('network', () => {
  test('refused, unresolved, unreachable, reset and timed out', () => {
    assert.deepStrictEqual(
      [
        summary(systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6390')),
        summary(systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND redis.lab'), { ...PLAIN, host: 'redis.lab' }),
        summary(systemError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.9:6379'), { ...PLAIN, host: '10.0.0.9', port: 6379 }),
        summary(systemError('ECONNRESET', 'read ECONNRESET')),
        summary(systemError('ETIMEDOUT', 'connect ETIMEDOUT')),
        summary(new Error('Command timed out')),
      ],
      [
        { code: 'REFUSED', message: 'Nothing answers at 127.0.0.1:6390. Is Redis running there, and is the port right?' },
        { code: 'UNREACHABLE', message: 'The host name redis.lab could not be found. Check its spelling and the network.' },
        { code: 'UNREACHABLE', message: '10.0.0.9 cannot be reached from this computer. Check the network connection.' },
        { code: 'CONNECTION_LOST', message: 'The connection to 127.0.0.1:6390 dropped.' },
        { code: 'TIMEOUT', message: '127.0.0.1:6390 did not answer in time. The server may be down, hung, or behind a firewall.' },
        { code: 'TIMEOUT', message: '127.0.0.1:6390 did not answer in time.' },
      ],
    );
  });

  test('IPv6 addresses are bracketed', () => {
    const described = summary(systemError('ECONNREFUSED', 'connect ECONNREFUSED ::1:6390'), { ...PLAIN, host: '::1' });
    assert.equal(described.message, 'Nothing answers at [::1]:6390. Is Redis running there, and is the port right?');
  });

  test('our deadlines say how far the handshake got', () => {
    assert.deepStrictEqual(
      [
        summary(new DeadlineError('handshake', 4000)),
        summary(new DeadlineError('tcp', 1500)),
        summary(new DeadlineError('command', 2000)),
        summary(new DeadlineError('tls', 4000), { ...PLAIN, isTls: true }),
        summary(new DeadlineError('tls', 4000), { ...PLAIN, isTls: true, hasConnectedBefore: true }),
      ],
      [
        { code: 'TIMEOUT', message: '127.0.0.1:6390 accepted the connection but did not answer within 4 s. The server may be hung or overloaded.' },
        { code: 'TIMEOUT', message: '127.0.0.1:6390 did not accept a connection within 1.5 s. The server may be down or behind a firewall.' },
        { code: 'TIMEOUT', message: '127.0.0.1:6390 did not answer within 2 s. The server may be hung or overloaded.' },
        { code: 'TLS', message: '127.0.0.1:6390 accepted the connection but did not finish a TLS handshake within 4 s. Check that this port serves TLS.' },
        { code: 'TIMEOUT', message: '127.0.0.1:6390 accepted the connection but did not finish the TLS handshake within 4 s. The server may be hung or overloaded.' },
      ],
    );
  });

  test('a close during the first plaintext handshake points at TLS; later it is a plain loss', () => {
    assert.deepStrictEqual(
      [
        summary(new HandshakeClosedError()),
        summary(new HandshakeClosedError(), { ...PLAIN, hasConnectedBefore: true }).code,
        summary(new HandshakeClosedError(), { ...PLAIN, isTls: true }).code,
      ],
      [{ code: 'TLS', message: '127.0.0.1:6390 closed the connection during the handshake. If this server uses TLS, turn TLS on in the profile.' }, 'CONNECTION_LOST', 'CONNECTION_LOST'],
    );
  });
});

describe('TLS', () => {
  const TLS: ErrorContext = { ...PLAIN, isTls: true };
  test('certificate problems', () => {
    assert.deepStrictEqual(
      [
        summary(systemError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), TLS, '/lab/ca.pem'),
        summary(systemError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), TLS),
        summary(systemError('CERT_HAS_EXPIRED', 'certificate has expired'), TLS),
        summary(systemError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), { ...TLS, servername: 'relay.lab' }),
      ],
      [
        { code: 'TLS', message: "The server's certificate is not signed by the CA file you chose." },
        { code: 'TLS', message: "The server's certificate is not signed by a CA this computer trusts. Choose the lab's CA file in the profile." },
        { code: 'TLS', message: "The server's certificate has expired. Ask the server's administrator to renew it." },
        { code: 'TLS', message: "The server's certificate is not issued for relay.lab. Set the TLS server name in the profile to the name on the certificate." },
      ],
    );
  });

  test('a port that does not speak TLS', () => {
    const wrongVersion = systemError('ERR_SSL_WRONG_VERSION_NUMBER', 'C0E7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number');
    const packetTooLong = systemError('EPROTO', 'write EPROTO C0E7:error:0A0000C6:SSL routines:tls_get_more_records:packet length too long');
    const expected = { code: 'TLS', message: '127.0.0.1:6390 does not speak TLS. Turn TLS off in the profile, or check the port.' };
    assert.deepStrictEqual([summary(wrongVersion, TLS), summary(packetTooLong, TLS)], [expected, expected]);
  });
});

describe('everything else', () => {
  test('other Redis errors are quoted; unknown failures are internal', () => {
    assert.deepStrictEqual([summary(reply('LOADING Redis is loading the dataset in memory')), summary(reply('ERR unknown command')), summary(new TypeError('x is undefined'))], [
      { code: 'REDIS_ERROR', message: 'The server is still loading its data. Labwire keeps trying.' },
      { code: 'REDIS_ERROR', message: 'The server answered with an error: ERR unknown command' },
      { code: 'INTERNAL', message: 'Labwire could not talk to 127.0.0.1:6390. Details are in the log.' },
    ]);
  });

  test('retrying is for the network, not for credentials, permissions or settings', () => {
    const codes = ['WRONGPASS', 'NOAUTH', 'NOPERM', 'TLS', 'INVALID', 'REFUSED', 'TIMEOUT', 'CONNECTION_LOST', 'UNREACHABLE', 'REDIS_ERROR'] as const;
    assert.deepStrictEqual(
      codes.map((code) => [code, isRetryable({ code, message: '' })]),
      [['WRONGPASS', false], ['NOAUTH', false], ['NOPERM', false], ['TLS', false], ['INVALID', false], ['REFUSED', true], ['TIMEOUT', true], ['CONNECTION_LOST', true], ['UNREACHABLE', true], ['REDIS_ERROR', true]],
    );
  });
});
