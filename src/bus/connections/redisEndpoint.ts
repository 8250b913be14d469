/** TLS towards one kind of node. */
export interface EndpointTls {
  /** PEM file with the CA(s) to trust; absent uses the system CAs. */
  caFile?: string;
  /** PEM client certificate, for mutual TLS. */
  certFile?: string;
  /** PEM private key of the client certificate. */
  keyFile?: string;
  /** Name expected in the server certificate; absent means the node's host. */
  servername?: string;
  /** Verify the server certificate (rejectUnauthorized). */
  shouldVerify: boolean;
}

export interface NodeEndpoint {
  host: string;
  port: number;
}

/**
 * How the data nodes are found. Absent: `host` and `port` are the server.
 * Sentinel: the sentinels name the master; `host`/`port` are not dialled.
 * Cluster: the seeds name every node; `host`/`port` are not dialled.
 */
export type EndpointTopology =
  | {
      mode: 'sentinel';
      sentinels: NodeEndpoint[];
      masterName: string;
      /** The sentinels' ACL user; absent means none. */
      sentinelUsername?: string;
      /** Held only in memory, like `password`; bound to these sentinels by the profile store. */
      sentinelPassword?: string;
      /** Absent means plain TCP to the sentinels. */
      sentinelTls?: EndpointTls;
    }
  | {
      mode: 'cluster';
      seeds: NodeEndpoint[];
      /** "host:port" as the cluster announces it → where to dial instead. */
      natMap: { from: NodeEndpoint; to: NodeEndpoint }[];
    };

/**
 * Where and how to reach one Redis server. The profile store builds these from
 * a profile and its decrypted secret; the connections module reads the TLS
 * files named here each time it connects, so a fixed file takes effect on the
 * next attempt.
 */
export interface RedisEndpoint {
  host: string;
  /** TCP port, 1..65535. */
  port: number;
  /** Logical database index selected after connecting. */
  db: number;
  /** ACL user; absent means the `default` user. */
  username?: string;
  /** Held only in memory; never copied into a message, detail or log line. */
  password?: string;
  /** Absent means plain TCP. */
  tls?: EndpointTls;
  /** Absent means standalone. */
  topology?: EndpointTopology;
}

/** True when both point at the same server with the same credentials and TLS files. */
export function isSameEndpoint(left: RedisEndpoint, right: RedisEndpoint): boolean {
  return (
    left.host === right.host &&
    left.port === right.port &&
    left.db === right.db &&
    left.username === right.username &&
    left.password === right.password &&
    left.tls?.caFile === right.tls?.caFile &&
    left.tls?.certFile === right.tls?.certFile &&
    left.tls?.keyFile === right.tls?.keyFile &&
    left.tls?.servername === right.tls?.servername &&
    left.tls?.shouldVerify === right.tls?.shouldVerify &&
    (left.tls === undefined) === (right.tls === undefined) &&
    // Built field by field in one order (profileEndpoint.ts), so equal topologies give equal text.
    JSON.stringify(left.topology ?? null) === JSON.stringify(right.topology ?? null)
  );
}

/** What the user would call the server: the address, or the master name and the seeds. */
export function describeTarget(endpoint: RedisEndpoint): string {
  const topology = endpoint.topology;
  if (topology?.mode === 'sentinel') return `master "${topology.masterName}" (via sentinels ${topology.sentinels.map(describeAddress).join(', ')})`;
  if (topology?.mode === 'cluster') return `the cluster at ${topology.seeds.map(describeAddress).join(', ')}`;
  return describeAddress(endpoint);
}

/** "host:port" as people write it; IPv6 literals get brackets. */
export function describeAddress(endpoint: Pick<RedisEndpoint, 'host' | 'port'>): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${host}:${endpoint.port}`;
}
