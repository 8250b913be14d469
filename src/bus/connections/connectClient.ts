/**
 * One bounded connection attempt: TCP, TLS, AUTH, SELECT and the ready check
 * must all finish within connectTimeoutMs. A SIGSTOPped server still accepts
 * TCP connections (the kernel's backlog does), so only a deadline over the
 * whole handshake tells a hung server from a slow one.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { BusError } from '../../shared/result';
import { DeadlineError, describeRedisError, HandshakeClosedError, type ErrorContext } from './describeRedisError';
import { ReplyGuardedConnector } from './replyGuardedConnector';
import type { RedisEndpoint } from './redisEndpoint';
import { withDeadline } from './withDeadline';

export type ConnectOutcome = { ok: true; client: Redis } | { ok: false; error: BusError };

export interface ConnectRequest {
  endpoint: RedisEndpoint;
  /** From redisOptionsFor, for this endpoint. */
  options: RedisOptions;
  timeoutMs: number;
  /** The profile reached this server before; see ErrorContext. */
  hasConnectedBefore?: boolean;
  /** Aborting drops the half-open client at once; the outcome is then a CONNECTION_LOST failure nobody reads. */
  signal?: AbortSignal;
}

export function errorContextOf(endpoint: RedisEndpoint, hasConnectedBefore = false): ErrorContext {
  return {
    host: endpoint.host,
    port: endpoint.port,
    db: endpoint.db,
    username: endpoint.username,
    isTls: endpoint.tls !== undefined,
    hasConnectedBefore,
    servername: endpoint.tls?.servername,
  };
}

/** Every Labwire Redis client: the server's bytes pass the reply guard before ioredis parses them. */
export function createRedisClient(options: RedisOptions): Redis {
  return new Redis({ ...options, Connector: ReplyGuardedConnector });
}

export async function connectClient(request: ConnectRequest): Promise<ConnectOutcome> {
  const { endpoint } = request;
  const describe = (error: unknown): BusError =>
    describeRedisError(error, errorContextOf(endpoint, request.hasConnectedBefore), endpoint.tls?.caFile);

  if (request.signal?.aborted) return { ok: false, error: describe(new HandshakeClosedError()) };
  let client: Redis;
  try {
    client = createRedisClient(request.options);
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
  let firstError: unknown;
  // Stays attached for the client's whole life: ioredis re-emits socket and
  // reply errors, and an 'error' event without a listener would crash the bus.
  client.on('error', (error: unknown) => {
    firstError ??= error;
  });
  const onAbort = (): void => client.disconnect();
  request.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    await withDeadline(client.connect(), request.timeoutMs, () => handshakePhase(client, endpoint.tls !== undefined));
  } catch (error) {
    client.disconnect();
    if (error instanceof DeadlineError) return { ok: false, error: describe(error) };
    return { ok: false, error: describe(isCutOff(firstError) ? new HandshakeClosedError(firstError) : (firstError ?? new HandshakeClosedError())) };
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
  }
  // ioredis reports a failed SELECT as an 'error' event and still becomes ready.
  if (firstError !== undefined) {
    client.disconnect();
    return { ok: false, error: describe(firstError) };
  }
  return { ok: true, client };
}

/** A reset before ready is the same event as a plain close, seen from the other side of a race. */
function isCutOff(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

/** How far a stalled handshake got: TCP not accepted, TLS not finished, or no reply to AUTH/INFO. */
function handshakePhase(client: Redis, isTls: boolean): DeadlineError['phase'] {
  if (client.status !== 'connecting') return 'handshake';
  const stream = client.stream as { connecting?: boolean } | undefined;
  if (!stream || stream.connecting) return 'tcp';
  return isTls ? 'tls' : 'handshake';
}
