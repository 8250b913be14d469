/**
 * Builds ioredis options from an endpoint. ioredis' own reconnecting is
 * switched off everywhere (retryStrategy null): the profile's supervisor owns
 * the reconnect loop, so there is one place that decides when to try again
 * and what the user sees meanwhile.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { RedisOptions } from 'ioredis';
import { fail, ok, type Result } from '../../shared/result';
import type { ConnectionTiming } from './connectionTiming';
import type { RedisEndpoint } from './redisEndpoint';

/** What a connection is for; each role gets the options its traffic needs. */
export type ClientRole = 'command' | 'subscriber' | 'blocking' | 'test';

/** The PEM files named by an endpoint's TLS settings, as read from disk. */
export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

const TLS_FILES = [
  { field: 'caFile', option: 'ca', label: 'CA file' },
  { field: 'certFile', option: 'cert', label: 'client certificate file' },
  { field: 'keyFile', option: 'key', label: 'client key file' },
] as const;

/** Reads the TLS files; a missing or unreadable one is an INVALID result naming the file. */
export async function readTlsFiles(endpoint: RedisEndpoint): Promise<Result<TlsFiles>> {
  const files: TlsFiles = {};
  for (const { field, option, label } of TLS_FILES) {
    const path = endpoint.tls?.[field];
    if (!path) continue;
    try {
      files[option] = await readFile(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
      return fail('INVALID', `The TLS ${label} ${path} ${reason}. Choose the file again in the profile.`, {
        detail: error instanceof Error ? error.message : String(error),
        field: `tls.${field}`,
      });
    }
  }
  return ok(files);
}

export function redisOptionsFor(endpoint: RedisEndpoint, role: ClientRole, timing: ConnectionTiming, tlsFiles: TlsFiles): RedisOptions {
  const isLane = role === 'subscriber' || role === 'blocking';
  return {
    host: endpoint.host,
    port: endpoint.port,
    db: endpoint.db,
    username: endpoint.username || undefined,
    password: endpoint.password || undefined,
    connectionName: `labwire-${role}`,
    lazyConnect: true,
    retryStrategy: () => null,
    connectTimeout: timing.connectTimeoutMs,
    enableReadyCheck: true,
    // A command never waits for a connection that may not come back, and a
    // command whose reply was lost is never sent twice (it may have run).
    // The lazily opened lanes are created while the profile is ready, so a
    // command there may wait for their own short handshake.
    enableOfflineQueue: isLane,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    // Resubscribing is the subscription layer's job, channel by channel.
    autoResubscribe: false,
    // A blocking read waits on purpose; a subscriber receives, it does not ask.
    ...(isLane ? {} : { commandTimeout: timing.commandTimeoutMs }),
    ...(endpoint.tls ? { tls: tlsOptionsFor(endpoint, tlsFiles) } : {}),
  };
}

function tlsOptionsFor(endpoint: RedisEndpoint, files: TlsFiles): NonNullable<RedisOptions['tls']> {
  const expectedName = endpoint.tls?.servername || endpoint.host;
  return {
    ...files,
    rejectUnauthorized: endpoint.tls?.shouldVerify ?? true,
    // SNI may not carry an IP address (RFC 6066), so an IP is checked against
    // the certificate without being sent as the server name.
    ...(isIP(expectedName)
      ? { checkServerIdentity: (_host: string, certificate) => checkServerIdentity(expectedName, certificate) }
      : { servername: expectedName }),
  };
}
