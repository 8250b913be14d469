/**
 * The built renderer, served from the privileged `labwire://app` scheme
 * through `protocol.handle` instead of file://. A page on its own standard,
 * secure origin gets what a web page gets and nothing more (file:// pages
 * may read other local files, and need the GrantFileProtocolExtraPrivileges
 * fuse on), and every response carries the Content-Security-Policy header.
 *
 * Only files under the renderer folder are served: the URL path is decoded
 * once, and any `..` or `.` segment, empty segment (`//`), backslash, colon
 * (drive letters) or NUL is refused before the path is joined, so neither
 * encoded dots and slashes nor absolute paths lead out. Symbolic links are
 * not followed out either: the folder is the build output inside app.asar,
 * which holds none.
 */
import { extname, join, relative, isAbsolute } from 'node:path';
import type { CustomScheme } from 'electron';
import { RENDERER_CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';
import { RENDERER_CONTENT_TYPES, UNKNOWN_CONTENT_TYPE } from '../../shared/rendererContentTypes';
import { APP_HOST, APP_SCHEME } from './rendererLocation';

/**
 * `standard` gives the scheme a real origin ('self' in the CSP, relative
 * URLs, localStorage); `secure` makes it a secure context like https;
 * `supportFetchAPI` lets the page fetch its own assets; `codeCache` keeps V8's
 * compiled bundles between starts. No `bypassCSP`, no service workers, no
 * CORS: nothing else may read it.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const INDEX_FILE = 'index.html';

export type RendererFileLookup =
  | { state: 'file'; path: string; contentType: string }
  /** 404 for anything outside the folder or not on our host, 405 for methods other than GET and HEAD. */
  | { state: 'refused'; status: 404 | 405 };

/** Maps a request to a file under `rootPath`, or refuses it. Pure: nothing is read. */
export function lookUpRendererFile(method: string, url: string, rootPath: string): RendererFileLookup {
  if (method !== 'GET' && method !== 'HEAD') return { state: 'refused', status: 405 };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { state: 'refused', status: 404 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname.toLowerCase() !== APP_HOST || parsed.username || parsed.password || parsed.port) {
    return { state: 'refused', status: 404 };
  }
  const segments = decodedSegments(parsed.pathname);
  if (!segments) return { state: 'refused', status: 404 };
  const path = join(rootPath, ...(segments.length === 0 ? [INDEX_FILE] : segments));
  const inside = relative(rootPath, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { state: 'refused', status: 404 };
  return { state: 'file', path, contentType: RENDERER_CONTENT_TYPES[extname(path).toLowerCase()] ?? UNKNOWN_CONTENT_TYPE };
}

/** Path segments after one decode, or null when any could step outside the folder. */
function decodedSegments(pathname: string): string[] | null {
  const raw = pathname.replace(/^\//, '');
  if (raw === '') return [];
  const segments: string[] = [];
  for (const encoded of raw.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

export interface RendererProtocolOptions {
  /** Absolute path of out/renderer. */
  rootPath: string;
  /** Reads a whole file (fs.promises.readFile, which Electron routes into app.asar); rejects when it is missing. */
  readFile(path: string): Promise<Uint8Array>;
}

/** The request as protocol.handle gives it (a fetch Request). */
export interface RendererRequestLike {
  readonly method: string;
  readonly url: string;
}

/** Every answer of the scheme carries these, refusals too. */
function baseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': RENDERER_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // index.html names the hashed bundles of this build; a cached copy would load a stale app.
    'Cache-Control': 'no-cache',
  };
}

const REFUSED_TEXT: Record<404 | 405, string> = {
  404: 'Not found.\n',
  405: 'Labwire serves its own files for reading only.\n',
};

/** The handler for protocol.handle(APP_SCHEME, ...). Never rejects: a file that cannot be read is a 404. */
export function createRendererProtocolHandler(options: RendererProtocolOptions): (request: RendererRequestLike) => Promise<Response> {
  const refuse = (status: 404 | 405): Response =>
    new Response(REFUSED_TEXT[status], { status, headers: baseHeaders('text/plain; charset=utf-8') });
  return async (request) => {
    const lookup = lookUpRendererFile(request.method, request.url, options.rootPath);
    if (lookup.state === 'refused') return refuse(lookup.status);
    let bytes: Uint8Array;
    try {
      bytes = await options.readFile(lookup.path);
    } catch {
      return refuse(404);
    }
    const headers = { ...baseHeaders(lookup.contentType), 'Content-Length': String(bytes.byteLength) };
    return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers });
  };
}
