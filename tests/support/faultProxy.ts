/**
 * A TCP proxy between a client and a real redis-server that, on cue, loses
 * a reply or cuts the connection: the faults a lost network reply makes.
 * Real sockets on loopback; each accepted client gets its own upstream.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface FaultProxy {
  /** Where clients connect. */
  port: number;
  /** The next bytes the server sends to any client are dropped (a small reply arrives in one such chunk). */
  swallowNextReply(): void;
  /** Resolves once a reply has been swallowed since the last cue. */
  replySwallowed(): Promise<void>;
  /** Destroys every open client and upstream socket now; new connections still work. */
  cutConnections(): void;
  /** Connections accepted so far. */
  readonly acceptedCount: number;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  let isSwallowing = false;
  let onSwallowed: (() => void) | undefined;
  let swallowed: Promise<void> = Promise.resolve();
  let acceptedCount = 0;

  const server: Server = createServer((client) => {
    acceptedCount++;
    const upstream = createConnection({ port: targetPort, host: targetHost });
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (isSwallowing) {
        isSwallowing = false;
        onSwallowed?.();
        return;
      }
      client.write(chunk);
    });
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy has no port');

  return {
    port: address.port,
    swallowNextReply() {
      isSwallowing = true;
      swallowed = new Promise((resolve) => {
        onSwallowed = resolve;
      });
    },
    replySwallowed: () => swallowed,
    cutConnections() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    get acceptedCount() {
      return acceptedCount;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
