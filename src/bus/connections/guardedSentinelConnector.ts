/**
 * ioredis's Sentinel connector with the reply guard on the data connection:
 * a `Connector` option replaces ioredis's own choice of connector, so a
 * Sentinel client needs this one rather than ReplyGuardedConnector. The
 * sentinels' own replies (addresses, +switch-master) are read by ioredis's
 * internal clients, which the guard does not cover.
 */
import { SentinelConnector, type Redis, type SentinelConnectionOptions } from 'ioredis';
import { guardReplies } from './replyGuardedConnector';

type ErrorEmitter = Parameters<SentinelConnector['connect']>[0];
type NetStream = Awaited<ReturnType<SentinelConnector['connect']>>;

/**
 * No sentinel named the master. `cause` is the first socket or TLS error a
 * sentinel connection gave: ioredis's own error says only "All sentinels are
 * unreachable" and a wrong CA would otherwise look like a network fault and
 * be retried for ever.
 */
export class SentinelsUnreachableError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'SentinelsUnreachableError';
  }
}

/** The private method ioredis builds each sentinel client with (ioredis 5.11, SentinelConnector). */
interface SentinelClientFactory {
  connectToSentinel(endpoint: unknown, options?: unknown): Redis;
}

export class GuardedSentinelConnector extends SentinelConnector {
  private firstSentinelError: unknown;

  /** ioredis calls this with the client's resolved options. */
  constructor(options: unknown) {
    super(options as SentinelConnectionOptions);
    const factory = this as unknown as SentinelClientFactory;
    const createSentinelClient = factory.connectToSentinel.bind(this);
    factory.connectToSentinel = (endpoint, clientOptions) => {
      const client = createSentinelClient(endpoint, clientOptions);
      client.on('error', (error: unknown) => {
        this.firstSentinelError ??= error;
      });
      return client;
    };
  }

  override async connect(eventEmitter: ErrorEmitter): Promise<NetStream> {
    this.firstSentinelError = undefined;
    let stream: NetStream;
    try {
      stream = await super.connect(eventEmitter);
    } catch (error) {
      if (this.firstSentinelError === undefined) throw error;
      throw new SentinelsUnreachableError(error instanceof Error ? error.message : String(error), this.firstSentinelError);
    }
    guardReplies(stream);
    return stream;
  }
}
