/**
 * A TCP proxy in front of a real server that records every byte clients
 * send through it. Tests search those bytes for a secret that must never
 * reach that server (the proxy passes it on all the same).
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface RecordingProxy {
  /** Where clients connect. */
  port: number;
  /** Everything clients sent so far, over all connections. */
  sent(): Buffer;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ port: targetPort, host: '127.0.0.1' });
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      chunks.push(Buffer.from(chunk));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('close', closeBoth);
      socket.on('error', closeBoth);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('recording proxy has no port');
  return {
    port: address.port,
    sent: () => Buffer.concat(chunks),
    async close() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
