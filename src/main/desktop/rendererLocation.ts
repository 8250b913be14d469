/**
 * Where the renderer is loaded from, and the one test of "is this URL our
 * app?" that the IPC sender check, the frame acknowledgements, the navigation
 * lock and the permission policy all share.
 */

/** The privileged scheme the built renderer is served from (rendererProtocol.ts); never file://. */
export const APP_SCHEME = 'labwire';
/** The one host on that scheme: the app's origin is `labwire://app`. */
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

export type RendererLocation =
  /** Built renderer: the files under `rootPath` (out/renderer), served as labwire://app/... */
  | { kind: 'appScheme'; url: string; origin: string; rootPath: string }
  /** `electron-vite dev`: the Vite dev server, reached over http on localhost. */
  | { kind: 'devServer'; url: string; origin: string };

export interface RendererLocationInputs {
  /** `app.isPackaged`: a packaged app never follows the dev-server variable. */
  isPackaged: boolean;
  /** `process.env.ELECTRON_RENDERER_URL`, set by electron-vite in dev. */
  devServerUrl: string | undefined;
  /** Absolute path of the built renderer folder, `out/renderer`. */
  rendererRootPath: string;
}

/**
 * A packaged app ignores ELECTRON_RENDERER_URL: anyone who can set an
 * environment variable must not be able to point the privileged window (and
 * its IPC access) at another page. The dev server must be on loopback.
 */
export function resolveRendererLocation(inputs: RendererLocationInputs): RendererLocation {
  const devServer = inputs.isPackaged ? null : parseLoopbackHttpUrl(inputs.devServerUrl);
  if (devServer) return { kind: 'devServer', url: devServer.href, origin: devServer.origin };
  return { kind: 'appScheme', url: APP_INDEX_URL, origin: APP_ORIGIN, rootPath: inputs.rendererRootPath };
}

/** Development features (devtools, reload) exist only while the dev server serves the renderer. */
export function isDevelopmentLocation(location: RendererLocation): boolean {
  return location.kind === 'devServer';
}

/**
 * True when `url` is on the app's own origin: exactly `labwire://app` (no
 * user, password or port), or the dev server's origin. Any path on it is
 * ours, because the scheme serves nothing but the built renderer.
 * Unparseable URLs are never ours.
 */
export function isAppUrl(url: string, location: RendererLocation): boolean {
  const candidate = parseUrl(url);
  if (!candidate) return false;
  if (location.kind === 'devServer') return candidate.origin === location.origin;
  // Node gives custom schemes an opaque origin ("null"), so the parts are compared instead.
  return (
    candidate.protocol === `${APP_SCHEME}:` &&
    candidate.hostname.toLowerCase() === APP_HOST &&
    candidate.username === '' &&
    candidate.password === '' &&
    candidate.port === ''
  );
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseLoopbackHttpUrl(value: string | undefined): URL | null {
  if (!value) return null;
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return LOOPBACK_HOSTS.has(url.hostname) ? url : null;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
