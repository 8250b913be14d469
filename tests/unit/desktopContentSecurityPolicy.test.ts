import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { writeContentSecurityPolicyMeta } from '../../src/shared/contentSecurityPolicy';
import { buildContentSecurityPolicy, RENDERER_CONTENT_SECURITY_POLICY } from '../../src/main/desktop/contentSecurityPolicy';
import type { RendererLocation } from '../../src/main/desktop/rendererLocation';
import { withContentSecurityPolicy } from '../../src/main/desktop/sessionHardening';

const APP_LOCATION: RendererLocation = {
  kind: 'appScheme',
  url: 'labwire://app/index.html',
  origin: 'labwire://app',
  rootPath: '/opt/Labwire/out/renderer',
};
const DEV_LOCATION: RendererLocation = { kind: 'devServer', url: 'http://localhost:5173/', origin: 'http://localhost:5173' };

function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('content security policy', () => {
  test('production (labwire://app): nothing by default, own scripts only, no eval, no remote connections', () => {
    const policy = buildContentSecurityPolicy(APP_LOCATION);
    assert.equal(policy, RENDERER_CONTENT_SECURITY_POLICY);
    assert.deepStrictEqual(directives(policy), {
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'worker-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
  });

  test('dev server: loosened only for Vite (inline preamble and styles, hot-reload socket), still no eval', () => {
    const production = directives(RENDERER_CONTENT_SECURITY_POLICY);
    const development = directives(buildContentSecurityPolicy(DEV_LOCATION));
    assert.deepStrictEqual(development, {
      ...production,
      'script-src': ["'self'", "'unsafe-inline'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'connect-src': ["'self'", 'ws://localhost:5173'],
    });
  });

  test("no policy allows 'unsafe-eval', wildcards or remote schemes", () => {
    for (const policy of [buildContentSecurityPolicy(APP_LOCATION), buildContentSecurityPolicy(DEV_LOCATION)]) {
      const sources = Object.values(directives(policy)).flat();
      assert.deepStrictEqual(
        sources.filter((source) => ["'unsafe-eval'", '*', 'http:', 'https:', 'ws:', 'wss:'].includes(source)),
        [],
        policy,
      );
    }
  });

  test('the header replaces any policy the server sent, whatever its case', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] },
      RENDERER_CONTENT_SECURITY_POLICY,
    );
    assert.deepStrictEqual(headers, {
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [RENDERER_CONTENT_SECURITY_POLICY],
    });
  });

  // file:// pages get no response headers, so the built desktop app is protected by the <meta> tag alone.
  test("the build writes the same policy into the renderer's <meta> tag", async () => {
    const html = await readFile(new URL('../../src/renderer/index.html', import.meta.url), 'utf8');
    const built = writeContentSecurityPolicyMeta(html, 'build');
    const metas = [...built.matchAll(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/g)].map((m) => m[1]);
    assert.deepStrictEqual(metas, [RENDERER_CONTENT_SECURITY_POLICY]);
  });

  test('a page without the placeholder fails the build instead of shipping without a policy', () => {
    assert.throws(() => writeContentSecurityPolicyMeta('<html><head></head></html>', 'build'), /lacks the <meta> tag/);
  });
});
