/**
 * The baselines: bare subscribers that receive each payload as a Buffer and
 * hand it to the scenario's work (decode, timestamp) and nothing else. Each
 * runs in this process on this thread, like the fastest thing a lab could
 * write by hand.
 */
import { Redis as Redis5 } from 'ioredis';
import { Redis as Redis6 } from 'ioredis6';
import { createClient } from 'redis';

export type BareClientName = 'ioredis5' | 'ioredis6' | 'node-redis';

export const BARE_CLIENT_NAMES: readonly BareClientName[] = ['ioredis5', 'ioredis6', 'node-redis'];

export interface BareSubscriber {
  readonly name: BareClientName;
  /** Resolves once the server confirmed the subscription. */
  subscribe(channel: string): Promise<void>;
  close(): Promise<void>;
}

export async function connectBareSubscriber(name: BareClientName, port: number, onPayload: (payload: Buffer) => void): Promise<BareSubscriber> {
  switch (name) {
    case 'ioredis5':
      return connectIoredis(name, new Redis5({ port, host: '127.0.0.1', lazyConnect: true }), onPayload);
    case 'ioredis6':
      return connectIoredis(name, new Redis6({ port, host: '127.0.0.1', lazyConnect: true }), onPayload);
    case 'node-redis':
      return connectNodeRedis(port, onPayload);
  }
}

interface IoredisLike {
  connect(): Promise<void>;
  on(event: 'messageBuffer', listener: (channel: Buffer, payload: Buffer) => void): unknown;
  subscribe(channel: string): Promise<unknown>;
  quit(): Promise<unknown>;
}

async function connectIoredis(name: BareClientName, client: IoredisLike, onPayload: (payload: Buffer) => void): Promise<BareSubscriber> {
  await client.connect();
  client.on('messageBuffer', (_channel, payload) => onPayload(payload));
  return {
    name,
    subscribe: async (channel) => void (await client.subscribe(channel)),
    close: async () => void (await client.quit()),
  };
}

async function connectNodeRedis(port: number, onPayload: (payload: Buffer) => void): Promise<BareSubscriber> {
  const client = createClient({ socket: { host: '127.0.0.1', port } });
  client.on('error', (error: unknown) => console.error('node-redis baseline:', error));
  await client.connect();
  return {
    name: 'node-redis',
    // bufferMode (the third argument) hands the message over as the Buffer it arrived in.
    subscribe: (channel) => client.subscribe(channel, (payload: Buffer) => onPayload(payload), true),
    close: async () => void (await client.quit()),
  };
}
