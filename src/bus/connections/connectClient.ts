/**
 * One bounded connection attempt: TCP, TLS, AUTH, SELECT and the ready check
 * must all finish within connectTimeoutMs. A SIGSTOPped server still accepts
 * TCP connections (the kernel's backlog does), so only a deadline over the
 * whole handshake tells a hung server from a slow one.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { BusError } from '../../shared/result';
import { DeadlineError, describeRedisError, HandshakeClosedError, type ErrorContext } from './describeRedisError';
import { GuardedSentinelConnector, SentinelsUnreachableError } from './guardedSentinelConnector';
import { clusterOptionsFor } from './redisClientOptions';
import { ReplyGuardedConnector } from './replyGuardedConnector';
import { describeAddress, type RedisEndpoint } from './redisEndpoint';
import { withDeadline } from './withDeadline';

/** A client of one server (standalone, or the master a Sentinel group names) or of a whole Cluster. */
export type LabwireClient = Redis | Cluster;

export type ConnectOutcome = { ok: true; client: LabwireClient } | { ok: false; error: BusError };

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
  // Errors name the node the user typed: the first sentinel or seed when the profile has no single host.
  const topology = endpoint.topology;
  const named = topology?.mode === 'sentinel' ? topology.sentinels[0] : topology?.mode === 'cluster' ? topology.seeds[0] : undefined;
  return {
    host: named?.host ?? endpoint.host,
    port: named?.port ?? endpoint.port,
    db: endpoint.db,
    username: endpoint.username,
    isTls: endpoint.tls !== undefined,
    hasConnectedBefore,
    servername: endpoint.tls?.servername,
  };
}

/**
 * Every Labwire Redis client of one server: the server's bytes pass the reply
 * guard before ioredis parses them. Options with `sentinels` get the guarded
 * Sentinel connector, which asks the sentinels for the master first.
 */
export function createRedisClient(options: RedisOptions): Redis {
  return new Redis({ ...options, Connector: options.sentinels ? GuardedSentinelConnector : ReplyGuardedConnector });
}

/**
 * The one construction point for a profile's client: a Cluster client for a
 * Cluster profile (each node's client guarded like a standalone one),
 * otherwise createRedisClient.
 */
export function createClient(endpoint: RedisEndpoint, options: RedisOptions, onNodeSocketError?: (error: unknown) => void): LabwireClient {
  if (endpoint.topology?.mode !== 'cluster') return createRedisClient(options);
  const Connector = onNodeSocketError ? reportingConnector(onNodeSocketError) : ReplyGuardedConnector;
  const cluster = clusterOptionsFor(endpoint, { ...options, Connector });
  return new Cluster(cluster.seeds, cluster.options);
}

/**
 * A node connector that also reports each socket's error. ioredis asks a
 * node for CLUSTER SLOTS over a duplicate client whose errors it drops, and
 * then says only "None of startup nodes is available": without this a wrong
 * CA looks like a network fault and is retried for ever.
 */
function reportingConnector(onSocketError: (error: unknown) => void): typeof ReplyGuardedConnector {
  return class ReportingConnector extends ReplyGuardedConnector {
    override async connect(): ReturnType<ReplyGuardedConnector['connect']> {
      const stream = await super.connect();
      stream.once('error', onSocketError);
      return stream;
    }
  };
}

/** What the connection panel and errors call where the client is connected now. */
export function describeConnectedNode(client: LabwireClient): string | null {
  if (client instanceof Cluster) return null;
  const stream = client.stream as { remoteAddress?: string; remotePort?: number } | undefined;
  if (!stream?.remoteAddress || stream.remotePort === undefined) return null;
  return describeAddress({ host: stream.remoteAddress, port: stream.remotePort });
}

/**
 * A Sentinel failure is described with the sentinels' TLS settings and says
 * it happened at the sentinels.
 */
function describeConnectError(error: unknown, endpoint: RedisEndpoint, hasConnectedBefore = false): BusError {
  const context = errorContextOf(endpoint, hasConnectedBefore);
  const topology = endpoint.topology;
  if (error instanceof SentinelsUnreachableError && topology?.mode === 'sentinel') {
    const tls = topology.sentinelTls;
    const described = describeRedisError(error.cause, { ...context, isTls: tls !== undefined, servername: tls?.servername }, tls?.caFile);
    return { ...described, message: `The sentinels could not be asked for the master. ${described.message}` };
  }
  return describeRedisError(error, context, endpoint.tls?.caFile);
}

export async function connectClient(request: ConnectRequest): Promise<ConnectOutcome> {
  const { endpoint } = request;
  const describe = (error: unknown): BusError => describeConnectError(error, endpoint, request.hasConnectedBefore);

  if (request.signal?.aborted) return { ok: false, error: describe(new HandshakeClosedError()) };
  let client: LabwireClient;
  let firstNodeError: unknown;
  try {
    client = createClient(endpoint, request.options, (error) => {
      firstNodeError ??= error;
    });
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
    // A Cluster's node socket error says why (see reportingConnector).
    if (firstNodeError !== undefined) return { ok: false, error: describe(firstNodeError) };
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
function handshakePhase(client: LabwireClient, isTls: boolean): DeadlineError['phase'] {
  if (client instanceof Cluster || client.status !== 'connecting') return 'handshake';
  const stream = client.stream as { connecting?: boolean } | undefined;
  if (!stream || stream.connecting) return 'tcp';
  return isTls ? 'tls' : 'handshake';
}
