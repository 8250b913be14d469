/**
 * Who may open the relay. Every connection must carry the relay's token as
 * `?token=` in its address (browsers cannot set headers on a WebSocket, and a
 * token in the subprotocol list would take the place Foxglove's protocol name
 * needs). A page's Origin must be this computer's own (http or https on
 * localhost, 127.0.0.1 or [::1], any port) or one the operator listed; a
 * connection with no Origin is a script or a tool, not a page another site
 * could have opened, and passes on its token alone.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type Admission = { isAdmitted: true } | { isAdmitted: false; status: 401 | 403; reason: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Constant-time comparison of the token a client sent with the relay's. */
export function isRelayToken(sent: string | null, token: string): boolean {
  if (sent === null) return false;
  // Digests have equal lengths, which timingSafeEqual needs, so a wrong length takes the same time as a wrong byte.
  return timingSafeEqual(digest(sent), digest(token));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
}

/** An origin as the operator typed it, in the form browsers send (scheme://host[:port], no path): null when it is not one. */
export function normalizeOrigin(typed: string): string | null {
  try {
    const url = new URL(typed.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function admitRelayClient(request: { url: string | undefined; origin: string | undefined }, token: string, allowedOrigins: readonly string[]): Admission {
  const sentToken = new URL(request.url ?? '/', 'ws://relay.invalid').searchParams.get('token');
  if (!isRelayToken(sentToken, token))
    return { isAdmitted: false, status: 401, reason: 'The relay needs its token: add ?token=... from the Labwire relay panel to the address.' };
  const origin = request.origin;
  if (origin === undefined || origin === '') return { isAdmitted: true };
  if (isLoopbackOrigin(origin) || allowedOrigins.includes(origin)) return { isAdmitted: true };
  return {
    isAdmitted: false,
    status: 403,
    reason: `Pages from ${origin} may not use this relay. Add the origin in the Labwire relay panel if it should.`,
  };
}
