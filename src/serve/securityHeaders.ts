/** Headers on every response of the serve host. */
import { CSP_DIRECTIVES, serializeContentSecurityPolicy } from '../shared/contentSecurityPolicy';

/**
 * `connectHost` is the validated host:port the page was loaded from; the
 * explicit ws:// source is there because older engines do not count ws:
 * as 'self'.
 */
export function securityHeaders(connectHost: string): Record<string, string> {
  const directives = CSP_DIRECTIVES.map(([name, sources]) =>
    name === 'connect-src' ? ([name, [...sources, `ws://${connectHost}`]] as const) : ([name, sources] as const),
  );
  // frame-ancestors only works as a header, never in <meta>.
  const policy = serializeContentSecurityPolicy([...directives, ['frame-ancestors', ["'none'"]]]);
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
