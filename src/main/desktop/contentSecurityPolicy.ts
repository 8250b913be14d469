/**
 * The renderer's Content-Security-Policy. The built renderer is served from
 * labwire://app (rendererProtocol.ts), whose responses carry
 * RENDERER_CONTENT_SECURITY_POLICY as a header; the <meta> tag in
 * src/renderer/index.html carries the same policy verbatim. The session also
 * sends the policy as a header on http(s) responses, which is what protects
 * the dev-server page.
 */
import type { RendererLocation } from './rendererLocation';

import {
  CSP_DIRECTIVES,
  RENDERER_CONTENT_SECURITY_POLICY,
  serializeContentSecurityPolicy,
} from '../../shared/contentSecurityPolicy';

export { RENDERER_CONTENT_SECURITY_POLICY };

/**
 * The policy for a location. On the dev server (`electron-vite dev`, loopback
 * only) the header leaves room for what Vite does there: @vitejs/plugin-react
 * injects an inline module script (the fast-refresh preamble), Vite injects
 * CSS as <style> elements, and hot reload talks over a WebSocket to the dev
 * origin. Both policies are enforced, so these loosenings take effect only
 * where the page's <meta> policy allows them too. Still no 'unsafe-eval'.
 */
export function buildContentSecurityPolicy(location: RendererLocation): string {
  if (location.kind === 'appScheme') return RENDERER_CONTENT_SECURITY_POLICY;
  const webSocketOrigin = location.origin.replace(/^http/, 'ws');
  const loosened: Record<string, readonly string[]> = {
    'script-src': ["'self'", "'unsafe-inline'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'connect-src': ["'self'", webSocketOrigin],
  };
  return serializeContentSecurityPolicy(CSP_DIRECTIVES.map(([name, sources]) => [name, loosened[name] ?? sources] as const));
}
