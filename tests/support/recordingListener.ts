/**
 * A loopback listener that records every byte it receives and answers each
 * chunk with a RESP error, standing in for a server chosen by an attacker.
 * Tests search its bytes for secrets that must never reach it.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface RecordingListener {
  port: number;
  /** Everything received so far, over all connections. */
  received(): Buffer;
  connectionCount(): number;
  close(): Promise<void>;
}

export async function startRecordingListener(): Promise<RecordingListener> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(Buffer.from(chunk));
      socket.write('-ERR this is not a Redis server\r\n');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received: () => Buffer.concat(chunks),
    connectionCount: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
