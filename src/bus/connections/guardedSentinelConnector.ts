/**
 * ioredis's Sentinel connector with the reply guard on the data connection:
 * a `Connector` option replaces ioredis's own choice of connector, so a
 * Sentinel client needs this one rather than ReplyGuardedConnector. The
 * sentinels' own replies (addresses, +switch-master) are read by ioredis's
 * internal clients, which the guard does not cover.
 */
import { SentinelConnector, type SentinelConnectionOptions } from 'ioredis';
import { guardReplies } from './replyGuardedConnector';

type ErrorEmitter = Parameters<SentinelConnector['connect']>[0];
type NetStream = Awaited<ReturnType<SentinelConnector['connect']>>;

export class GuardedSentinelConnector extends SentinelConnector {
  /** ioredis calls this with the client's resolved options. */
  constructor(options: unknown) {
    super(options as SentinelConnectionOptions);
  }

  override async connect(eventEmitter: ErrorEmitter): Promise<NetStream> {
    const stream = await super.connect(eventEmitter);
    guardReplies(stream);
    return stream;
  }
}
