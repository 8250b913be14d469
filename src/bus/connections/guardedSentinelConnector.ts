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

const SWITCH_CHANNEL = '+switch-master';

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
  /** "ip:port" the data connection reached; null until it connects. */
  private currentMaster: string | null = null;
  private readonly masterName: string;

  /** ioredis calls this with the client's resolved options. */
  constructor(options: unknown) {
    super(options as SentinelConnectionOptions);
    this.masterName = (options as { name?: string }).name ?? '';
    const factory = this as unknown as SentinelClientFactory;
    const createSentinelClient = factory.connectToSentinel.bind(this);
    factory.connectToSentinel = (endpoint, clientOptions) => {
      const client = createSentinelClient(endpoint, clientOptions);
      client.on('error', (error: unknown) => {
        this.firstSentinelError ??= error;
      });
      this.hideSwitchesToCurrentMaster(client);
      return client;
    };
  }

  /**
   * Every sentinel publishes +switch-master when it learns of a switch, the
   * last ones up to seconds after the leader. ioredis's failover detector
   * (made anew after each reconnect) drops the connection on any of them, so
   * a late sentinel's message cut the connection that had just reached the
   * new master: a second gap, seen in 1 of 5 SIGKILL tests. A switch to the
   * master this connection already reached is not passed to the detector.
   */
  private hideSwitchesToCurrentMaster(client: Redis): void {
    const on = client.on.bind(client);
    client.on = ((event: string | symbol, listener: (...args: unknown[]) => void) => {
      if (event !== 'message') return on(event, listener);
      return on(event, (...args: unknown[]) => {
        if (args[0] === SWITCH_CHANNEL && this.isSwitchToCurrentMaster(args[1])) return;
        listener(...args);
      });
    }) as Redis['on'];
  }

  private isSwitchToCurrentMaster(message: unknown): boolean {
    if (typeof message !== 'string' || this.currentMaster === null) return false;
    // "<master name> <old ip> <old port> <new ip> <new port>"
    const [name, , , host, port] = message.split(' ');
    return name === this.masterName && `${host}:${port}` === this.currentMaster;
  }

  private noteCurrentMaster(stream: NetStream): void {
    this.currentMaster = null;
    const note = (): void => {
      const address = (stream as { remoteAddress?: string }).remoteAddress;
      const port = (stream as { remotePort?: number }).remotePort;
      if (address !== undefined && port !== undefined) this.currentMaster = `${address.replace(/^::ffff:/, '')}:${port}`;
    };
    stream.once('connect', note);
    stream.once('secureConnect', note);
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
    this.noteCurrentMaster(stream);
    return stream;
  }
}
