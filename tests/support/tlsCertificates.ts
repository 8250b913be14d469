/**
 * Throwaway TLS material for tests, made with the openssl CLI: a CA, a server
 * certificate it signs for 127.0.0.1 and localhost, and a second, unrelated
 * CA to play the wrong one.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  /** A CA that did not sign the server certificate. */
  otherCaFile: string;
}

async function makeCa(dir: string, name: string): Promise<{ certFile: string; keyFile: string }> {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=Labwire test ${name}`, '-keyout', keyFile, '-out', certFile]);
  return { certFile, keyFile };
}

export async function createTestCertificates(dir: string): Promise<TestCertificates> {
  const [ca, otherCa] = await Promise.all([makeCa(dir, 'ca'), makeCa(dir, 'other-ca')]);
  const serverKeyFile = join(dir, 'server.key');
  const requestFile = join(dir, 'server.csr');
  const serverCertFile = join(dir, 'server.crt');
  const extensionsFile = join(dir, 'server.ext');
  await writeFile(extensionsFile, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', '/CN=localhost', '-keyout', serverKeyFile, '-out', requestFile]);
  await run('openssl', [
    'x509', '-req', '-in', requestFile, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial',
    '-days', '2', '-sha256', '-extfile', extensionsFile, '-out', serverCertFile,
  ]);
  return { caFile: ca.certFile, serverCertFile, serverKeyFile, otherCaFile: otherCa.certFile };
}

/** redis-server arguments serving TLS with these files, without asking clients for certificates. */
export function redisTlsArgs(certificates: TestCertificates): string[] {
  return [
    '--tls-cert-file', certificates.serverCertFile,
    '--tls-key-file', certificates.serverKeyFile,
    '--tls-ca-cert-file', certificates.caFile,
    '--tls-auth-clients', 'no',
  ];
}

/**
 * Another server certificate from the CA of `createTestCertificates(dir)`,
 * naming only `subjectAltName` ("DNS:localhost" or "IP:127.0.0.1"): lets a
 * test tell which name a client checked the certificate against.
 */
export async function issueServerCertificate(dir: string, name: string, subjectAltName: string): Promise<{ certFile: string; keyFile: string }> {
  const keyFile = join(dir, `${name}.key`);
  const requestFile = join(dir, `${name}.csr`);
  const certFile = join(dir, `${name}.crt`);
  const extensionsFile = join(dir, `${name}.ext`);
  await writeFile(extensionsFile, `subjectAltName=${subjectAltName}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', `/CN=${name}`, '-keyout', keyFile, '-out', requestFile]);
  await run('openssl', [
    'x509', '-req', '-in', requestFile, '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial',
    '-days', '2', '-sha256', '-extfile', extensionsFile, '-out', certFile,
  ]);
  return { certFile, keyFile };
}
