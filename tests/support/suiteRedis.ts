/**
 * A suite's own redis-server and plain clients on it, each undone by the
 * suite's cleanups (the server stopped by its pid, the client disconnected).
 */
import { Redis } from 'ioredis';
import { startRedisServer, type TestRedisServer } from './redisServer';
import type { suiteCleanups } from './unhandledRejections';

type SuiteCleanups = ReturnType<typeof suiteCleanups>;

export async function startSuiteServer(cleanups: SuiteCleanups, args: string[] = []): Promise<TestRedisServer> {
  const server = await startRedisServer({ args });
  cleanups.push(() => server.stop());
  return server;
}

/** Connected, and never retrying: a fault the test makes stays a fault for this client. */
export async function connectPlainClient(cleanups: SuiteCleanups, server: TestRedisServer, password?: string): Promise<Redis> {
  const client = new Redis({ host: '127.0.0.1', port: server.port, password, lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.connect();
  cleanups.push(() => void client.disconnect());
  return client;
}
