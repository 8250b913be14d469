/**
 * The serve host's access token: random per start, carried once in the URL
 * printed to the terminal, then in an HttpOnly cookie.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SERVE_TOKEN_COOKIE, SERVE_TOKEN_QUERY } from '../shared/contract';

const TOKEN_BYTES = 32;
/** A cookie header longer than this is not ours to parse. */
const MAX_COOKIE_HEADER_CHARS = 8_192;

export function createServeToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Constant-time: hashing first makes the comparison independent of where, and whether, the lengths differ. */
export function isSameToken(candidate: string, token: string): boolean {
  const candidateDigest = createHash('sha256').update(candidate).digest();
  const tokenDigest = createHash('sha256').update(token).digest();
  return timingSafeEqual(candidateDigest, tokenDigest);
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header || header.length > MAX_COOKIE_HEADER_CHARS) return null;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    if (part.slice(0, equals).trim() === name) return part.slice(equals + 1).trim();
  }
  return null;
}

/**
 * Cookies ignore ports, so each serve host names its cookie after its port:
 * two hosts on one machine (say a lab's and a test's) never overwrite each
 * other's login.
 */
export function tokenCookieName(port: number): string {
  return `${SERVE_TOKEN_COOKIE}_${port}`;
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export type TokenCheck =
  /** The URL carries the right token: set the cookie and redirect to drop it from the address bar. */
  | { state: 'query' }
  | { state: 'cookie' }
  | { state: 'missing' }
  | { state: 'wrong' };

export function checkRequestToken(request: IncomingMessage, url: URL, token: string, port: number): TokenCheck {
  const fromQuery = url.searchParams.get(SERVE_TOKEN_QUERY);
  if (fromQuery !== null) return isSameToken(fromQuery, token) ? { state: 'query' } : { state: 'wrong' };
  const fromCookie = readCookie(request.headers.cookie, tokenCookieName(port));
  if (fromCookie === null) return { state: 'missing' };
  return isSameToken(fromCookie, token) ? { state: 'cookie' } : { state: 'wrong' };
}
