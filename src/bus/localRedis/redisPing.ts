/**
 * One PING over a bare socket, used while the managed server starts. A full
 * client would retry and queue on its own; here each attempt must either
 * answer or give up quickly so the start loop stays in charge of timing.
 * It sends no password: the managed server's -NOAUTH already proves it is up,
 * and nothing secret goes to a port before Labwire knows who listens there.
 */
import { createConnection } from 'node:net';

/** 'auth-required': a server that wants a password answered (-NOAUTH), so it is up. */
export type PingAnswer = 'pong' | 'auth-required' | 'loading' | 'no-answer';

const MAX_REPLY_BYTES = 512;

export function pingRedis(port: number, timeoutMs: number): Promise<PingAnswer> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = createConnection({ port, host: '127.0.0.1' });
    const finish = (answer: PingAnswer): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => finish('no-answer'));
    socket.once('error', () => finish('no-answer'));
    socket.once('close', () => finish('no-answer'));
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      const lineEnd = reply.indexOf('\r\n');
      if (lineEnd === -1 && reply.length < MAX_REPLY_BYTES) return;
      const line = lineEnd === -1 ? reply : reply.slice(0, lineEnd);
      // A server still loading its snapshot refuses commands with -LOADING.
      if (line === '+PONG') finish('pong');
      else if (line.startsWith('-NOAUTH')) finish('auth-required');
      else finish(line.startsWith('-LOADING') ? 'loading' : 'no-answer');
    });
  });
}
