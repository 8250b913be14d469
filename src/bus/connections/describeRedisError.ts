/**
 * Turns what ioredis, Node's sockets and TLS throw into a BusError with a
 * sentence a lab technician can act on. Pure: no I/O, so it is unit-tested
 * with hand-made errors. Messages never contain a password: the endpoint's
 * password is not even passed in.
 */
import type { BusError, BusErrorCode } from '../../shared/result';
import { describeAddress, type RedisEndpoint } from './redisEndpoint';

export type ErrorContext = Pick<RedisEndpoint, 'host' | 'port' | 'db' | 'username'> & {
  isTls: boolean;
  /**
   * This profile reached the server before. A handshake that stalls or is cut
   * then means a hung or restarting server, not wrong TLS settings.
   */
  hasConnectedBefore?: boolean;
  /** The name the server certificate must carry, when it is not `host`. */
  servername?: string;
};

/** Thrown by our own deadline when a handshake or command does not finish in time. */
export class DeadlineError extends Error {
  constructor(
    readonly phase: 'tcp' | 'tls' | 'handshake' | 'command',
    readonly timeoutMs: number,
  ) {
    super(`No answer within ${timeoutMs} ms (${phase})`);
    this.name = 'DeadlineError';
  }
}

/** The server closed the socket before the handshake finished, without saying why. */
export class HandshakeClosedError extends Error {
  constructor(cause?: unknown) {
    super(cause instanceof Error ? `Connection closed during the handshake (${cause.message})` : 'Connection closed during the handshake');
    this.name = 'HandshakeClosedError';
  }
}

/**
 * The server sent bytes that are not a Redis reply, or one bigger or deeper
 * than Labwire holds (replyScanner.ts). `reason` is plain words for the message.
 */
export class ServerProtocolError extends Error {
  constructor(readonly reason: string) {
    super(`Not a Redis reply: ${reason}`);
    this.name = 'ServerProtocolError';
  }
}

/** The scanner's error, or ioredis's parser giving up: either way the bytes were not Redis. */
export function isProtocolFailure(error: unknown): boolean {
  return error instanceof ServerProtocolError || (error instanceof Error && error.name === 'ParserError');
}

const CODES_RETRYING_CANNOT_FIX: ReadonlySet<BusErrorCode> = new Set(['WRONGPASS', 'NOAUTH', 'NOPERM', 'TLS', 'INVALID', 'PROTOCOL']);

/** False for errors that the same attempt would only repeat: credentials, permissions, TLS settings. */
export function isRetryable(error: BusError): boolean {
  return !CODES_RETRYING_CANNOT_FIX.has(error.code);
}

const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** An established connection closed under us (server killed, restarted, network cut). */
export function describeConnectionLoss(context: ErrorContext): BusError {
  return { code: 'CONNECTION_LOST', message: `The connection to ${describeAddress(context)} dropped.` };
}

export function describeRedisError(error: unknown, context: ErrorContext, caFile?: string): BusError {
  const detail = errorText(error);
  const make = (code: BusErrorCode, message: string): BusError => ({ code, message, detail });
  const address = describeAddress(context);
  const user = context.username || 'default';

  if (error instanceof DeadlineError) {
    const isTlsSuspect = error.phase === 'tls' && !context.hasConnectedBefore;
    return make(isTlsSuspect ? 'TLS' : 'TIMEOUT', deadlineMessage(error, address, isTlsSuspect));
  }
  if (error instanceof ServerProtocolError) return make('PROTOCOL', protocolMessage(address, error.reason));
  // ioredis's parser (redis-parser) names what it could not read a ParserError; the scanner usually stops it first.
  if (error instanceof Error && error.name === 'ParserError') return make('PROTOCOL', protocolMessage(address, 'a reply the Redis client could not read'));
  if (error instanceof HandshakeClosedError) {
    return context.isTls || context.hasConnectedBefore
      ? make('CONNECTION_LOST', `${address} closed the connection during the handshake. Try again; if it keeps happening, check the server's log.`)
      : make('TLS', `${address} closed the connection during the handshake. If this server uses TLS, turn TLS on in the profile.`);
  }

  const code = errorCode(error);
  if (code && UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return make(
      'TLS',
      caFile
        ? "The server's certificate is not signed by the CA file you chose."
        : "The server's certificate is not signed by a CA this computer trusts. Choose the lab's CA file in the profile.",
    );
  }
  switch (code) {
    case 'ECONNREFUSED':
      return make('REFUSED', `Nothing answers at ${address}. Is Redis running there, and is the port right?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make('UNREACHABLE', `The host name ${context.host} could not be found. Check its spelling and the network.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return make('UNREACHABLE', `${context.host} cannot be reached from this computer. Check the network connection.`);
    case 'ETIMEDOUT':
      return make('TIMEOUT', `${address} did not answer in time. The server may be down, hung, or behind a firewall.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return make('CONNECTION_LOST', `The connection to ${address} dropped.`);
    case 'CERT_HAS_EXPIRED':
      return make('TLS', "The server's certificate has expired. Ask the server's administrator to renew it.");
    case 'CERT_NOT_YET_VALID':
      return make('TLS', "The server's certificate is not valid yet. Check this computer's clock.");
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return make('TLS', `The server's certificate is not issued for ${context.servername || context.host}. Set the TLS server name in the profile to the name on the certificate.`);
  }
  // ioredis wraps the reply that failed its INFO ready check (NOAUTH, say).
  const replyText = detail.replace(/^Ready check failed: /, '');
  const isReply = /^[A-Z]+ /.test(replyText);
  if (code?.startsWith('ERR_SSL') || code === 'EPROTO' || (!isReply && /ssl|tls/i.test(detail))) return make('TLS', tlsMessage(code, detail, address));

  return describeReply(replyText, context, address, user, make);
}

function describeReply(
  detail: string,
  context: ErrorContext,
  address: string,
  user: string,
  make: (code: BusErrorCode, message: string) => BusError,
): BusError {
  if (detail.startsWith('WRONGPASS') || detail.startsWith('ERR invalid password') || detail.includes('invalid username-password pair')) {
    return make('WRONGPASS', `The server refused the password for user ${user}.`);
  }
  if (detail.startsWith('NOAUTH')) return make('NOAUTH', 'This server needs a password. Add it to the profile.');
  if (detail.startsWith('NOPERM')) return make('NOPERM', permissionMessage(detail, user));
  if (detail.includes('DB index is out of range') || detail.includes('invalid DB index')) {
    return { ...make('INVALID', `This server has no database ${context.db}. Pick a lower database number in the profile.`), field: 'db' };
  }
  if (detail.startsWith('LOADING')) return make('REDIS_ERROR', 'The server is still loading its data. Labwire keeps trying.');
  if (detail.includes('max number of clients reached')) return make('REDIS_ERROR', `${address} has reached its maximum number of clients.`);
  if (detail === 'Command timed out') return make('TIMEOUT', `${address} did not answer in time.`);
  if (detail.startsWith('Connection is closed') || detail.startsWith("Stream isn't writeable") || detail.startsWith('Command aborted')) {
    return make('CONNECTION_LOST', `The connection to ${address} is closed.`);
  }
  if (/^[A-Z]+ /.test(detail)) return make('REDIS_ERROR', `The server answered with an error: ${detail}`);
  return make('INTERNAL', `Labwire could not talk to ${address}. Details are in the log.`);
}

function protocolMessage(address: string, reason: string): string {
  return `${address} sent something that is not a Redis reply (${reason}). Check the host and port: is this a Redis server?`;
}

function permissionMessage(detail: string, user: string): string {
  const command = /'([^']+)' command/.exec(detail)?.[1];
  if (command) return `User ${user} may not run the ${command.toUpperCase()} command on this server.`;
  if (detail.includes('channel')) return `User ${user} may not use this channel on this server.`;
  if (detail.includes('key')) return `User ${user} may not touch this key on this server.`;
  return `User ${user} does not have permission for this on this server.`;
}

function tlsMessage(code: string | undefined, detail: string, address: string): string {
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long|unknown protocol|record layer failure/i.test(detail)) {
    return `${address} does not speak TLS. Turn TLS off in the profile, or check the port.`;
  }
  if (/certificate required|handshake failure|alert bad certificate/i.test(detail)) {
    return 'The server wants a client certificate it accepts. Choose the certificate and key files in the profile.';
  }
  return `The secure (TLS) connection to ${address} failed. Check the TLS settings in the profile.`;
}

function deadlineMessage(error: DeadlineError, address: string, isTlsSuspect: boolean): string {
  const seconds = formatSeconds(error.timeoutMs);
  switch (error.phase) {
    case 'tcp':
      return `${address} did not accept a connection within ${seconds}. The server may be down or behind a firewall.`;
    case 'tls':
      return isTlsSuspect
        ? `${address} accepted the connection but did not finish a TLS handshake within ${seconds}. Check that this port serves TLS.`
        : `${address} accepted the connection but did not finish the TLS handshake within ${seconds}. The server may be hung or overloaded.`;
    case 'handshake':
      return `${address} accepted the connection but did not answer within ${seconds}. The server may be hung or overloaded.`;
    case 'command':
      return `${address} did not answer within ${seconds}. The server may be hung or overloaded.`;
  }
}

function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
