/**
 * Typed results: nothing throws across a process or thread boundary. Every
 * request answers with a `Result`, and every failure carries a code the UI can
 * branch on plus a message written for a lab technician.
 */

export type BusErrorCode =
  /** The server rejected the username/password pair (WRONGPASS). */
  | 'WRONGPASS'
  /** The server needs a password and none was given (NOAUTH). */
  | 'NOAUTH'
  /** The ACL user may not run this command or touch this channel/key (NOPERM). */
  | 'NOPERM'
  /** No answer in time: hung server, network partition, SIGSTOP. */
  | 'TIMEOUT'
  /** Nothing listens at host:port (ECONNREFUSED). */
  | 'REFUSED'
  /** The host name does not resolve, or the host is unreachable. */
  | 'UNREACHABLE'
  /** TLS handshake failed: unknown CA, wrong servername, plaintext port. */
  | 'TLS'
  /** The connection dropped; the command may or may not have run. */
  | 'CONNECTION_LOST'
  /** There is no open connection for this profile. */
  | 'NOT_CONNECTED'
  /** The request itself is malformed (bad params, validation failed). */
  | 'INVALID'
  /** The profile is read-only and the request would write. */
  | 'READ_ONLY'
  /** A production profile: the user must confirm this action first. */
  | 'NEEDS_CONFIRMATION'
  /** No such profile, key, stream entry ... */
  | 'NOT_FOUND'
  /** Secrets cannot be stored safely on this machine. */
  | 'SECRETS_UNAVAILABLE'
  /** The server sent bytes that are not a Redis reply, or one too big or too deep to hold. */
  | 'PROTOCOL'
  /** The Redis server answered with an error not covered above. */
  | 'REDIS_ERROR'
  /** A bug or an unexpected failure inside Labwire. */
  | 'INTERNAL';

export interface BusError {
  code: BusErrorCode;
  /** A sentence a lab technician understands, naming what to check. */
  message: string;
  /** The raw error text from Redis or Node, for support; never contains secrets. */
  detail?: string;
  /** For INVALID: which field of the params was wrong, as a dotted path. */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: BusError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(
  code: BusErrorCode,
  message: string,
  extra: Pick<BusError, 'detail' | 'field'> = {},
): Result<T> {
  return { ok: false, error: { code, message, ...extra } };
}
