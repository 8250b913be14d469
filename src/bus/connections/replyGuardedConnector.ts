/**
 * The socket factory every Labwire Redis client uses (ioredis's `Connector`
 * option): it opens the TCP or TLS socket as ioredis's own standalone
 * connector does, and puts a ReplyScanner in front of the client's parser.
 * Bytes that are not RESP2 within the limits never reach the parser: the
 * socket is destroyed with a ServerProtocolError, which ioredis reports as
 * the client's error before it closes, so the profile can say what happened.
 *
 * The scanner sits in the socket's own `emit`: a second 'data' listener would
 * run too late, as every listener gets the chunk that overflows the parser.
 *
 * Standalone servers only (host and port, TCP or TLS): a `Connector` replaces
 * ioredis's Sentinel connector too, so Sentinel support needs its own guarded
 * connector.
 */
import { createConnection } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { AbstractConnector, type RedisOptions } from 'ioredis';
import { ServerProtocolError } from './describeRedisError';
import { ReplyScanner } from './replyScanner';

type NetStream = Awaited<ReturnType<AbstractConnector['connect']>>;

/** ioredis's own text when a connect is abandoned before the socket exists; describeRedisError knows it. */
const CONNECTION_CLOSED_MESSAGE = 'Connection is closed.';
/** ioredis's default, used when the options name none. */
const DISCONNECT_TIMEOUT_MS = 2_000;

/** ioredis's default port, used when the options name none (ioredis fills it in before this runs). */
const DEFAULT_PORT = 6379;

export class ReplyGuardedConnector extends AbstractConnector {
  private readonly options: RedisOptions;

  /** ioredis calls this with the client's resolved options. */
  constructor(options: unknown) {
    const redisOptions = options as RedisOptions;
    super(redisOptions.disconnectTimeout ?? DISCONNECT_TIMEOUT_MS);
    this.options = redisOptions;
  }

  connect(): Promise<NetStream> {
    this.connecting = true;
    // Created on the next tick, as ioredis's connector does: a disconnect() right after connect() then opens nothing.
    return new Promise((resolve, reject) => {
      process.nextTick(() => {
        if (!this.connecting) {
          reject(new Error(CONNECTION_CLOSED_MESSAGE));
          return;
        }
        let stream: NetStream;
        try {
          const address = { host: this.options.host, port: this.options.port ?? DEFAULT_PORT };
          stream = this.options.tls ? connectTls({ ...address, ...this.options.tls }) : createConnection(address);
        } catch (error) {
          reject(error);
          return;
        }
        stream.once('error', (error: Error) => {
          this.firstError = error;
        });
        guardReplies(stream);
        this.stream = stream;
        resolve(stream);
      });
    });
  }
}

/** Lets each incoming chunk through only while everything so far was Redis replies within the limits. */
export function guardReplies(stream: NetStream): void {
  const scanner = new ReplyScanner();
  const emit = stream.emit.bind(stream) as (event: string | symbol, ...args: unknown[]) => boolean;
  let hasTripped = false;
  const guardedEmit = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event !== 'data') return emit(event, ...args);
    if (hasTripped) return false;
    const problem = scanner.scan(args[0] as Uint8Array);
    if (problem === null) return emit(event, ...args);
    hasTripped = true;
    stream.destroy(new ServerProtocolError(problem));
    return false;
  };
  stream.emit = guardedEmit as typeof stream.emit;
}
