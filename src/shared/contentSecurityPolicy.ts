/**
 * The renderer's Content-Security-Policy, one string for every host. The
 * build writes it into index.html as a <meta> tag; both hosts also send it as
 * a header (the desktop host on every labwire://app response, the serve host
 * with the directives a <meta> tag cannot carry).
 *
 * No eval, no inline script or style, nothing remote. `data:`/`blob:` images
 * and `data:` fonts because Vite inlines small assets and plots export as
 * blobs; `connect-src 'self'` lets the serve host's page open its same-origin
 * WebSocket (the desktop page talks over IPC and needs none).
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [name: string, sources: readonly string[]]> = [
  ['default-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['font-src', ["'self'", 'data:']],
  ['connect-src', ["'self'"]],
  ['worker-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
];

export function serializeContentSecurityPolicy(
  directives: ReadonlyArray<readonly [name: string, sources: readonly string[]]>,
): string {
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

export const RENDERER_CONTENT_SECURITY_POLICY = serializeContentSecurityPolicy(CSP_DIRECTIVES);

/** The placeholder src/renderer/index.html carries where the build writes the policy. */
export const CSP_META_PLACEHOLDER = '%LABWIRE_CONTENT_SECURITY_POLICY%';

const PLACEHOLDER_META = new RegExp(`\\s*<meta http-equiv="Content-Security-Policy" content="${CSP_META_PLACEHOLDER}"\\s*/?>`);

/**
 * Writes the policy into the page at build time. On the dev server the <meta>
 * tag is removed instead: Vite's dev page needs inline scripts and styles, and
 * the desktop host's header (buildContentSecurityPolicy) covers it there.
 * Throws when the placeholder is missing, so a page can never ship without a policy.
 */
export function writeContentSecurityPolicyMeta(html: string, mode: 'build' | 'dev'): string {
  if (!PLACEHOLDER_META.test(html)) throw new Error(`index.html lacks the <meta> tag with ${CSP_META_PLACEHOLDER}`);
  if (mode === 'dev') return html.replace(PLACEHOLDER_META, '');
  return html.replace(CSP_META_PLACEHOLDER, RENDERER_CONTENT_SECURITY_POLICY);
}
