/**
 * TLS against a real redis-server serving a certificate from a CA made by
 * the test with the openssl CLI.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { ConnectionTiming } from '../../src/bus/connections/connectionTiming';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import { testConnection } from '../../src/bus/connections/testConnection';
import type { ConnectionState } from '../../src/shared/connectionState';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { createTestCertificates, redisTlsArgs, type TestCertificates } from '../support/tlsCertificates';
import { watchUnhandled } from '../support/unhandledRejections';

const TIMING: Partial<ConnectionTiming> = { retryBaseMs: 100, retryMaxMs: 800, connectTimeoutMs: 1_500 };

describe('TLS', () => {
  const unhandled = watchUnhandled();
  let certificateDir: string;
  let certificates: TestCertificates;
  let tlsServer: TestRedisServer;
  let plainServer: TestRedisServer;
  let registry: ConnectionRegistry;
  let recorder: ConnectionStateRecorder;

  before(async () => {
    certificateDir = await mkdtemp(join(tmpdir(), 'labwire-tls-'));
    certificates = await createTestCertificates(certificateDir);
    [tlsServer, plainServer] = await Promise.all([
      startRedisServer({ isTls: true, args: redisTlsArgs(certificates) }),
      startRedisServer(),
    ]);
    recorder = new ConnectionStateRecorder();
    registry = new ConnectionRegistry({ ...recorder.listeners, timing: TIMING });
  });

  after(async () => {
    await registry?.dispose();
    await Promise.all([tlsServer?.stop(), plainServer?.stop()]);
    if (certificateDir) await rm(certificateDir, { recursive: true, force: true });
    unhandled.stop();
    assert.deepStrictEqual(unhandled.seen, []);
  });

  function tlsEndpoint(port: number, tls: Partial<NonNullable<RedisEndpoint['tls']>> = {}): RedisEndpoint {
    return { host: '127.0.0.1', port, db: 0, tls: { caFile: certificates.caFile, shouldVerify: true, ...tls } };
  }

  /** Opens the profile and waits for it to be ready or failed; the outcome as code and message. */
  async function outcomeOf(profileId: string, endpoint: RedisEndpoint): Promise<unknown> {
    registry.open(profileId, endpoint);
    const settled = await recorder.waitForState(profileId, (state) => state.state === 'ready' || state.state === 'failed', 6_000);
    return describeOutcome(settled.state);
  }

  function describeOutcome(state: ConnectionState): unknown {
    return state.state === 'failed' ? { code: state.reason.code, message: state.reason.message } : state.state;
  }

  test('a verified connection with the right CA is ready and reads facts', async () => {
    const outcome = await outcomeOf('verified', tlsEndpoint(tlsServer.port));
    const facts = await registry.readFacts('verified');
    assert.deepStrictEqual([outcome, facts.ok && facts.value.mode], ['ready', 'standalone']);
  });

  test('the host name localhost is verified through SNI', async () => {
    assert.equal(await outcomeOf('by-name', { ...tlsEndpoint(tlsServer.port), host: 'localhost' }), 'ready');
  });

  test('a CA that did not sign the certificate fails, once', async () => {
    const outcome = await outcomeOf('wrong-ca', tlsEndpoint(tlsServer.port, { caFile: certificates.otherCaFile }));
    assert.deepStrictEqual([outcome, recorder.namesOf('wrong-ca')], [
      { code: 'TLS', message: "The server's certificate is not signed by the CA file you chose." },
      ['connecting', 'failed'],
    ]);
  });

  test('a server name the certificate does not carry fails', async () => {
    const outcome = await outcomeOf('wrong-name', tlsEndpoint(tlsServer.port, { servername: 'eeg-relay.lab' }));
    assert.deepStrictEqual(outcome, {
      code: 'TLS',
      message: "The server's certificate is not issued for eeg-relay.lab. Set the TLS server name in the profile to the name on the certificate.",
    });
  });

  test('without verification the wrong CA is accepted', async () => {
    assert.equal(await outcomeOf('unverified', tlsEndpoint(tlsServer.port, { caFile: certificates.otherCaFile, shouldVerify: false })), 'ready');
  });

  test('a plaintext profile against the TLS port fails clearly', async () => {
    const outcome = await outcomeOf('plain-to-tls', { host: '127.0.0.1', port: tlsServer.port, db: 0 });
    assert.deepStrictEqual(outcome, {
      code: 'TLS',
      message: `127.0.0.1:${tlsServer.port} closed the connection during the handshake. If this server uses TLS, turn TLS on in the profile.`,
    });
  });

  test('a TLS profile against a plaintext port fails clearly', async () => {
    const outcome = await outcomeOf('tls-to-plain', tlsEndpoint(plainServer.port));
    const port = plainServer.port;
    // Redis reads the TLS ClientHello as an inline command: it answers with an
    // error when the random bytes happen to hold a newline, and waits otherwise.
    const possible = [
      { code: 'TLS', message: `127.0.0.1:${port} does not speak TLS. Turn TLS off in the profile, or check the port.` },
      { code: 'TLS', message: `127.0.0.1:${port} accepted the connection but did not finish a TLS handshake within 1.5 s. Check that this port serves TLS.` },
    ];
    assert.ok(possible.some((expected) => JSON.stringify(expected) === JSON.stringify(outcome)), JSON.stringify(outcome));
  });

  test('a missing CA file fails naming the file', async () => {
    const missing = join(certificateDir, 'gone.crt');
    const outcome = await outcomeOf('missing-ca', tlsEndpoint(tlsServer.port, { caFile: missing }));
    assert.deepStrictEqual(outcome, {
      code: 'INVALID',
      message: `The TLS CA file ${missing} cannot be used: it must be a PEM file that Labwire can read, smaller than 1 MiB. Choose the file again in the profile.`,
    });
  });

  test('testConnection over TLS reads facts, and reports the wrong CA', async () => {
    const [right, wrong] = await Promise.all([
      testConnection(tlsEndpoint(tlsServer.port), TIMING),
      testConnection(tlsEndpoint(tlsServer.port, { caFile: certificates.otherCaFile }), TIMING),
    ]);
    assert.deepStrictEqual([right.ok && right.value.mode, wrong.ok || wrong.error.code], ['standalone', 'TLS']);
  });
});
