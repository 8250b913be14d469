/**
 * Builds ioredis options from an endpoint. ioredis' own reconnecting is
 * switched off everywhere (retryStrategy null): the profile's supervisor owns
 * the reconnect loop, so there is one place that decides when to try again
 * and what the user sees meanwhile.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { ClusterOptions, RedisOptions } from 'ioredis';
import { fail, ok, type Result } from '../../shared/result';
import type { ConnectionTiming } from './connectionTiming';
import type { EndpointTls, NodeEndpoint, RedisEndpoint } from './redisEndpoint';
import { sentinelTestHooks } from './sentinelTestHooks';

/** What a connection is for; each role gets the options its traffic needs. */
export type ClientRole = 'command' | 'subscriber' | 'blocking' | 'publisher' | 'test';

/** The PEM files named by an endpoint's TLS settings, as read from disk. */
export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** A CA bundle or a client certificate is a few kilobytes; anything this large is not one. */
export const MAX_TLS_FILE_BYTES = 1024 * 1024;

const CERTIFICATE_PATTERN = /-----BEGIN CERTIFICATE-----/;
/** The key formats Node's TLS reads (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8); not OpenSSH's own. */
const PRIVATE_KEY_PATTERN = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

const TLS_FILES = [
  { field: 'caFile', option: 'ca', label: 'CA file', pattern: CERTIFICATE_PATTERN },
  { field: 'certFile', option: 'cert', label: 'client certificate file', pattern: CERTIFICATE_PATTERN },
  { field: 'keyFile', option: 'key', label: 'client key file', pattern: PRIVATE_KEY_PATTERN },
] as const;

/**
 * The file's bytes when it is a regular file under MAX_TLS_FILE_BYTES holding
 * the expected PEM block; null for anything else, with no reason: a missing
 * file, an unreadable one, a folder, a device or a file of another kind all
 * look the same, so a profile cannot be used to probe which files exist.
 */
async function readUsableTlsFile(path: string, pattern: RegExp): Promise<Buffer | null> {
  let handle;
  try {
    // Non-blocking, so a FIFO cannot hold the open forever; fstat then refuses it.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_TLS_FILE_BYTES) return null;
    // One byte more than stat reported: a file that grew meanwhile is refused rather than cut short.
    const bytes = Buffer.alloc(info.size + 1);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    if (bytesRead > info.size) return null;
    const content = bytes.subarray(0, bytesRead);
    return pattern.test(content.toString('latin1')) ? Buffer.from(content) : null;
  } catch {
    return null;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Reads the TLS files; an unusable one is an INVALID result naming the file, worded the same whatever is wrong with it. */
export async function readTlsFiles(endpoint: RedisEndpoint): Promise<Result<TlsFiles>> {
  return readTlsFilesOf(endpoint.tls, '');
}

/** Both TLS settings' files: the data nodes' and (Sentinel profiles) the sentinels'. */
export async function readConnectionFiles(endpoint: RedisEndpoint): Promise<Result<ConnectionFiles>> {
  const data = await readTlsFiles(endpoint);
  if (!data.ok) return data;
  const topology = endpoint.topology;
  const sentinels = topology?.mode === 'sentinel' ? await readTlsFilesOf(topology.sentinelTls, "sentinels' ") : ok({});
  if (!sentinels.ok) return sentinels;
  return ok({ data: data.value, sentinels: sentinels.value });
}

async function readTlsFilesOf(tls: EndpointTls | undefined, owner: string): Promise<Result<TlsFiles>> {
  const files: TlsFiles = {};
  for (const { field, option, label, pattern } of TLS_FILES) {
    const path = tls?.[field];
    if (!path) continue;
    const content = await readUsableTlsFile(path, pattern);
    if (!content)
      return fail(
        'INVALID',
        `The ${owner}TLS ${label} ${path} cannot be used: it must be a PEM file that Labwire can read, smaller than 1 MiB. Choose the file again in the profile.`,
        { field: owner === '' ? `tls.${field}` : `topology.sentinelTls.${field}` },
      );
    files[option] = content;
  }
  return ok(files);
}

/** The files of both TLS settings a connection may need. */
export interface ConnectionFiles {
  data: TlsFiles;
  /** Towards the sentinels; empty unless the profile has TLS for them. */
  sentinels: TlsFiles;
}

/**
 * Options for one Redis client (standalone, or the master a Sentinel group
 * names), or for each node of a Cluster client (clusterOptionsFor).
 */
export function redisOptionsFor(endpoint: RedisEndpoint, role: ClientRole, timing: ConnectionTiming, files: ConnectionFiles): RedisOptions {
  const base = nodeOptionsFor(endpoint, role, timing, files.data);
  const topology = endpoint.topology;
  if (topology?.mode !== 'sentinel') return base;
  return {
    ...base,
    sentinels: topology.sentinels.map((node) => ({ host: node.host, port: node.port })),
    name: topology.masterName,
    sentinelUsername: topology.sentinelUsername,
    sentinelPassword: topology.sentinelPassword,
    // Without it, clients stay on the old master after SENTINEL FAILOVER (issue #15: still writing there 10 s later).
    failoverDetector: !sentinelTestHooks.isFailoverDetectorForcedOff,
    // The supervisor owns retrying; one pass over the sentinels per attempt.
    sentinelRetryStrategy: () => null,
    sentinelCommandTimeout: timing.connectTimeoutMs,
    // ioredis 5 reads the two sides apart: `enableTLSForSentinelMode` puts the
    // data connection (to the master the sentinels name) on `tls`, and
    // `sentinelTLS` is for the sentinels. Without the flag `tls` is ignored
    // and the master is dialled in plain TCP, password included.
    enableTLSForSentinelMode: endpoint.tls !== undefined,
    ...(topology.sentinelTls ? { sentinelTLS: tlsOptionsFor(topology.sentinelTls, undefined, files.sentinels) } : {}),
  };
}

/**
 * How long a command on a Cluster waits for a slot's new owner, through
 * MOVED, CLUSTERDOWN, TRYAGAIN and closed node connections. ioredis'
 * default budget (16 redirections, 100 ms apart: about 1.6 s) is shorter
 * than a failover (3.3–4.3 s measured on the test cluster, issue #15), so
 * publishes during one failed instead of waiting for the promoted replica.
 */
export const CLUSTER_FAILOVER_WAIT_MS = 10_000;
/** Pause before trying again after CLUSTERDOWN, TRYAGAIN or a closed node connection. */
const CLUSTER_RETRY_DELAY_MS = 200;
/**
 * A failover costs up to two redirections per pause (a MOVED to the dead
 * master, then its closed connection), so this many last at least
 * CLUSTER_FAILOVER_WAIT_MS / 2 and at most CLUSTER_FAILOVER_WAIT_MS.
 */
const CLUSTER_MAX_REDIRECTIONS = (2 * CLUSTER_FAILOVER_WAIT_MS) / CLUSTER_RETRY_DELAY_MS;

/**
 * A Cluster client's options: every node gets the same auth, TLS and
 * timeouts as a standalone client, and ioredis's own cluster reconnecting is
 * off like its standalone retrying (the supervisor decides). Retrying one
 * command through redirections and a failover stays on, within a budget
 * (CLUSTER_FAILOVER_WAIT_MS); publishing guards it against sending twice.
 */
export function clusterOptionsFor(endpoint: RedisEndpoint, nodeOptions: RedisOptions): { seeds: NodeEndpoint[]; options: ClusterOptions } {
  const topology = endpoint.topology;
  const seeds = topology?.mode === 'cluster' ? topology.seeds : [{ host: endpoint.host, port: endpoint.port }];
  const natMap = topology?.mode === 'cluster' ? Object.fromEntries(topology.natMap.map((mapping) => [`${mapping.from.host}:${mapping.from.port}`, mapping.to])) : {};
  const { host: _host, port: _port, db: _db, ...redisOptions } = nodeOptions;
  return {
    seeds,
    options: {
      redisOptions,
      natMap,
      lazyConnect: true,
      clusterRetryStrategy: () => null,
      enableOfflineQueue: nodeOptions.enableOfflineQueue,
      enableReadyCheck: true,
      maxRedirections: CLUSTER_MAX_REDIRECTIONS,
      retryDelayOnFailover: CLUSTER_RETRY_DELAY_MS,
      retryDelayOnClusterDown: CLUSTER_RETRY_DELAY_MS,
      retryDelayOnTryAgain: CLUSTER_RETRY_DELAY_MS,
      slotsRefreshTimeout: nodeOptions.connectTimeout,
      // ioredis resolves seed names to addresses before dialling; with TLS the
      // certificate names the host, so keep the name as typed.
      ...(endpoint.tls ? { dnsLookup: keepHostName } : {}),
    },
  };
}

function nodeOptionsFor(endpoint: RedisEndpoint, role: ClientRole, timing: ConnectionTiming, tlsFiles: TlsFiles): RedisOptions {
  // Lanes are opened lazily while the profile is ready: a command there may wait for their own short handshake.
  const isLane = role === 'subscriber' || role === 'blocking' || role === 'publisher';
  const waitsOnPurpose = role === 'subscriber' || role === 'blocking';
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
    ...(waitsOnPurpose ? {} : { commandTimeout: timing.commandTimeoutMs }),
    ...(endpoint.tls ? { tls: tlsOptionsFor(endpoint.tls, dialledHost(endpoint), tlsFiles) } : {}),
  };
}

function keepHostName(hostname: string, callback: (error: null, address: string) => void): void {
  callback(null, hostname);
}

/**
 * The one host a data connection dials when there is one (standalone). A
 * Sentinel's master and a Cluster's nodes are learned at run time and differ
 * per connection: undefined, so each is verified against the address it is
 * dialled at, not all against the first sentinel or seed.
 */
function dialledHost(endpoint: RedisEndpoint): string | undefined {
  return endpoint.topology === undefined ? endpoint.host : undefined;
}

/**
 * `host` undefined: no fixed name, so Node checks each certificate against
 * the host that connection dials (several sentinels, a master named by them,
 * cluster nodes). A server name typed in the profile applies to every node.
 */
function tlsOptionsFor(tls: EndpointTls, host: string | undefined, files: TlsFiles): NonNullable<RedisOptions['tls']> {
  const expectedName = tls.servername || host;
  const base = { ...files, rejectUnauthorized: tls.shouldVerify };
  if (expectedName === undefined) return base;
  return {
    ...base,
    // SNI may not carry an IP address (RFC 6066), so an IP is checked against
    // the certificate without being sent as the server name.
    ...(isIP(expectedName)
      ? { checkServerIdentity: (_host: string, certificate) => checkServerIdentity(expectedName, certificate) }
      : { servername: expectedName }),
  };
}
