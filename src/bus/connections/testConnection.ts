/**
 * "Test connection" in the profile editor: one attempt, no retries, facts,
 * then QUIT. Bounded: the handshake by connectTimeoutMs and the facts by
 * commandTimeoutMs, so the editor never waits forever.
 */
import type { ServerFacts } from '../../shared/connectionState';
import { ok, type Result } from '../../shared/result';
import { connectClient, errorContextOf } from './connectClient';
import { resolveTiming, type ConnectionTiming } from './connectionTiming';
import { describeRedisError } from './describeRedisError';
import { readConnectionFiles, redisOptionsFor } from './redisClientOptions';
import type { RedisEndpoint } from './redisEndpoint';
import { readServerFacts } from './serverFacts';
import { withDeadline } from './withDeadline';

const QUIT_TIMEOUT_MS = 500;

export async function testConnection(endpoint: RedisEndpoint, timingOverrides?: Partial<ConnectionTiming>): Promise<Result<ServerFacts>> {
  const timing = resolveTiming(timingOverrides);
  const files = await readConnectionFiles(endpoint);
  if (!files.ok) return files;
  const outcome = await connectClient({
    endpoint,
    options: redisOptionsFor(endpoint, 'test', timing, files.value),
    timeoutMs: timing.connectTimeoutMs,
  });
  if (!outcome.ok) return outcome;
  const client = outcome.client;
  try {
    return ok(await withDeadline(readServerFacts(client), timing.commandTimeoutMs));
  } catch (error) {
    return { ok: false, error: describeRedisError(error, errorContextOf(endpoint, true), endpoint.tls?.caFile) };
  } finally {
    await withDeadline(client.quit(), QUIT_TIMEOUT_MS).catch(() => undefined);
    client.disconnect();
  }
}
