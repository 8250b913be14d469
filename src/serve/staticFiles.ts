/** Serves the built renderer: files under one folder, nothing outside it. */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { RENDERER_CONTENT_TYPES, UNKNOWN_CONTENT_TYPE } from '../shared/rendererContentTypes';

export type StaticFile = { state: 'found'; path: string; size: number; contentType: string } | { state: 'not-found' };

/**
 * Maps a URL path to a file inside `rootDir` (already a real path). Encoded
 * dots and slashes are decoded before the check, and symbolic links are
 * followed before it, so neither leads outside the folder.
 */
export async function findStaticFile(rootDir: string, urlPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { state: 'not-found' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { state: 'not-found' };
  const relative = decoded === '/' || decoded === '' ? 'index.html' : `.${decoded}`;
  const candidate = resolve(rootDir, relative);
  if (!isInside(rootDir, candidate)) return { state: 'not-found' };
  try {
    const real = await realpath(candidate);
    if (!isInside(rootDir, real)) return { state: 'not-found' };
    const info = await stat(real);
    if (!info.isFile()) return { state: 'not-found' };
    const contentType = RENDERER_CONTENT_TYPES[extname(real).toLowerCase()] ?? UNKNOWN_CONTENT_TYPE;
    return { state: 'found', path: real, size: info.size, contentType };
  } catch {
    return { state: 'not-found' };
  }
}

function isInside(rootDir: string, path: string): boolean {
  return path.startsWith(rootDir.endsWith(sep) ? rootDir : rootDir + sep);
}

export function sendStaticFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: Extract<StaticFile, { state: 'found' }>,
): void {
  const isHtml = file.contentType.startsWith('text/html');
  response.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': String(file.size),
    // index.html names the hashed bundles of this build; a cached copy would load a stale app.
    'Cache-Control': isHtml ? 'no-store' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
