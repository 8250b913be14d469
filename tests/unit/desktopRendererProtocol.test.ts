/**
 * The labwire://app scheme handler, with a Fake file reader standing in for
 * the renderer folder inside app.asar (Electron cannot run here): only files
 * under the folder are served, each with its Content-Type and the CSP header.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RENDERER_CONTENT_SECURITY_POLICY } from '../../src/shared/contentSecurityPolicy';
import { APP_SCHEME_PRIVILEGES, createRendererProtocolHandler } from '../../src/main/desktop/rendererProtocol';

const ROOT = '/opt/Labwire/resources/app.asar/out/renderer';
const SECRET_PATH = '/opt/Labwire/resources/app.asar/out/secret.txt';

class FakeRendererFiles {
  readonly reads: string[] = [];
  private readonly files = new Map<string, string>([
    [`${ROOT}/index.html`, '<!doctype html><title>Labwire</title>'],
    [`${ROOT}/assets/index-3f2a.js`, 'console.log("app")'],
    [`${ROOT}/assets/index-9c1b.css`, 'body{}'],
    [`${ROOT}/assets/inter.woff2`, 'font'],
    [`${ROOT}/assets/data.bin`, 'bytes'],
    [SECRET_PATH, 'TOP SECRET'],
    ['/etc/passwd', 'root:x:0:0'],
  ]);
  readFile = async (path: string): Promise<Uint8Array> => {
    this.reads.push(path);
    const text = this.files.get(path);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return new TextEncoder().encode(text);
  };
}

interface Answer {
  status: number;
  contentType: string | null;
  policy: string | null;
  nosniff: string | null;
  body: string;
}

async function ask(files: FakeRendererFiles, url: string, method = 'GET'): Promise<Answer> {
  const handle = createRendererProtocolHandler({ rootPath: ROOT, readFile: files.readFile });
  const response = await handle({ method, url });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    policy: response.headers.get('content-security-policy'),
    nosniff: response.headers.get('x-content-type-options'),
    body: await response.text(),
  };
}

const served = (contentType: string, body: string): Answer => ({ status: 200, contentType, policy: RENDERER_CONTENT_SECURITY_POLICY, nosniff: 'nosniff', body });
const notFound: Answer = { status: 404, contentType: 'text/plain; charset=utf-8', policy: RENDERER_CONTENT_SECURITY_POLICY, nosniff: 'nosniff', body: 'Not found.\n' };

describe('labwire://app', () => {
  test('serves the renderer folder with the right Content-Type and the CSP header on every answer', async () => {
    const files = new FakeRendererFiles();
    const answers = {
      root: await ask(files, 'labwire://app/'),
      index: await ask(files, 'labwire://app/index.html?profile=p1#/plots'),
      script: await ask(files, 'labwire://app/assets/index-3f2a.js'),
      style: await ask(files, 'labwire://app/assets/index-9c1b.css'),
      font: await ask(files, 'labwire://app/assets/inter.woff2'),
      unknownKind: await ask(files, 'labwire://app/assets/data.bin'),
      missing: await ask(files, 'labwire://app/assets/gone.js'),
      head: await ask(files, 'labwire://app/index.html', 'HEAD'),
      post: await ask(files, 'labwire://app/index.html', 'POST'),
    };
    assert.deepStrictEqual(answers, {
      root: served('text/html; charset=utf-8', '<!doctype html><title>Labwire</title>'),
      index: served('text/html; charset=utf-8', '<!doctype html><title>Labwire</title>'),
      script: served('text/javascript; charset=utf-8', 'console.log("app")'),
      style: served('text/css; charset=utf-8', 'body{}'),
      font: served('font/woff2', 'font'),
      unknownKind: served('application/octet-stream', 'bytes'),
      missing: notFound,
      head: served('text/html; charset=utf-8', ''),
      post: { ...notFound, status: 405, body: 'Labwire serves its own files for reading only.\n' },
    });
  });

  test('nothing outside the renderer folder: dot segments, encoded slashes and dots, absolute and drive paths, other hosts', async () => {
    const files = new FakeRendererFiles();
    const attempts = [
      'labwire://app/../secret.txt',
      'labwire://app/%2e%2e/secret.txt',
      'labwire://app/assets/%2E%2E/%2E%2E/secret.txt',
      'labwire://app/..%2Fsecret.txt',
      'labwire://app/..%2fsecret.txt',
      'labwire://app/..%5Csecret.txt',
      'labwire://app/assets/..%252Fsecret.txt',
      'labwire://app/%2Fetc%2Fpasswd',
      'labwire://app//etc/passwd',
      'labwire://app/C:%5Cetc%5Cpasswd',
      'labwire://app/C:/etc/passwd',
      'labwire://app/index.html%00.js',
      'labwire://app/%E0%A4%A',
      'labwire://evil/index.html',
      'labwire://app:8080/index.html',
      'file:///etc/passwd',
      'not a url',
    ];
    const answers = await Promise.all(attempts.map(async (url) => [url, (await ask(files, url)).status]));
    const readsOutside = files.reads.filter((path) => !path.startsWith(`${ROOT}/`));
    assert.deepStrictEqual({ answers, readsOutside }, { answers: attempts.map((url) => [url, 404]), readsOutside: [] });
  });

  test('the scheme is standard and secure, and may not bypass the CSP', () => {
    assert.deepStrictEqual(APP_SCHEME_PRIVILEGES, {
      scheme: 'labwire',
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    });
  });
});
