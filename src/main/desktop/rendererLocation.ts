/**
 * Where the renderer is loaded from, and the one test of "is this URL our
 * app?" that the IPC sender check, the navigation lock and the permission
 * policy all share.
 */

export type RendererLocation =
  /** Built renderer: `out/renderer/index.html` loaded with `loadFile`. */
  | { kind: 'file'; filePath: string; url: string }
  /** `electron-vite dev`: the Vite dev server, reached over http on localhost. */
  | { kind: 'devServer'; url: string; origin: string };

export interface RendererLocationInputs {
  /** `app.isPackaged`: a packaged app never follows the dev-server variable. */
  isPackaged: boolean;
  /** `process.env.ELECTRON_RENDERER_URL`, set by electron-vite in dev. */
  devServerUrl: string | undefined;
  /** Absolute path of the built `out/renderer/index.html`. */
  rendererIndexPath: string;
  /** `url.pathToFileURL(path).href`, injected so this module stays free of Node path rules per OS. */
  toFileUrl(path: string): string;
}

/**
 * A packaged app ignores ELECTRON_RENDERER_URL: anyone who can set an
 * environment variable must not be able to point the privileged window (and
 * its IPC access) at another page. The dev server must be on loopback.
 */
export function resolveRendererLocation(inputs: RendererLocationInputs): RendererLocation {
  const devServer = inputs.isPackaged ? null : parseLoopbackHttpUrl(inputs.devServerUrl);
  if (devServer) return { kind: 'devServer', url: devServer.href, origin: devServer.origin };
  return { kind: 'file', filePath: inputs.rendererIndexPath, url: inputs.toFileUrl(inputs.rendererIndexPath) };
}

/** Development features (devtools, reload) exist only while the dev server serves the renderer. */
export function isDevelopmentLocation(location: RendererLocation): boolean {
  return location.kind === 'devServer';
}

/**
 * True when `url` is the app's own page: the same file (any query or hash) or
 * the same dev-server origin. Unparseable URLs are never ours.
 */
export function isAppUrl(url: string, location: RendererLocation): boolean {
  const candidate = parseUrl(url);
  if (!candidate) return false;
  if (location.kind === 'devServer') return candidate.origin === location.origin;
  const ours = parseUrl(location.url);
  if (!ours || candidate.protocol !== 'file:' || candidate.host !== ours.host) return false;
  const candidatePath = decodePath(candidate.pathname);
  return candidatePath !== null && candidatePath === decodePath(ours.pathname);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseLoopbackHttpUrl(value: string | undefined): URL | null {
  if (!value) return null;
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return LOOPBACK_HOSTS.has(url.hostname) ? url : null;
}

const WINDOWS_DRIVE_PATH = /^\/[A-Za-z]:\//;

/**
 * Chromium and Node percent-encode file paths a little differently (spaces,
 * non-ASCII), so compare decoded; Windows drive paths compare without case.
 */
function decodePath(pathname: string): string | null {
  try {
    const decoded = decodeURIComponent(pathname);
    return WINDOWS_DRIVE_PATH.test(decoded) ? decoded.toLowerCase() : decoded;
  } catch {
    return null;
  }
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
