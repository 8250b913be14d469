/**
 * TLS-only test topologies: a Sentinel group (master and replica serve TLS
 * only, replicate over TLS; sentinels listen on a plain and a TLS port and
 * watch the master over TLS) and a 3-master Cluster whose nodes and cluster
 * bus speak TLS only. Every process is stopped by its own pid.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { findFreePort } from './freePort';
import { findFreeClusterPort } from './redisCluster';
import { startRedisServer, type TestRedisServer } from './redisServer';
import { pollUntil, removeAtExit, runOn, startSentinelProcess, type SentinelProcess } from './topologyProcesses';

const READY_TIMEOUT_MS = 60_000;

/** A server's certificate and key, and the CA that signed it. */
export interface TlsIdentity {
  caFile: string;
  certFile: string;
  keyFile: string;
}

function tlsArgs(identity: TlsIdentity): string[] {
  return ['--tls-cert-file', identity.certFile, '--tls-key-file', identity.keyFile, '--tls-ca-cert-file', identity.caFile, '--tls-auth-clients', 'no', '--tls-replication', 'yes'];
}

/** One command on 127.0.0.1:port over TLS (the CA verifies, any name accepted), with a throwaway client. */
export async function runOnTls<T>(port: number, caFile: string, run: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    tls: { ca: await readFile(caFile), checkServerIdentity: () => undefined },
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await run(client);
  } finally {
    client.disconnect();
  }
}

export interface TlsSentinelGroup {
  masterName: string;
  master: TestRedisServer;
  replica: TestRedisServer;
  sentinels: { plainPort: number; tlsPort: number; process: SentinelProcess }[];
  stop(): Promise<void>;
}

export const TLS_MASTER_NAME = 'tlsmaster';

export async function startTlsSentinelGroup(data: TlsIdentity, sentinel: TlsIdentity, sentinelCount = 2): Promise<TlsSentinelGroup> {
  const dir = await mkdtemp(join(tmpdir(), 'labwire-tls-sentinel-'));
  removeAtExit(dir);
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async (): Promise<void> => {
    for (const running of started.reverse()) await running.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const master = await startRedisServer({ isTls: true, dir: await mkdtemp(join(dir, 'node-')), args: tlsArgs(data) });
    started.push(master);
    const replica = await startRedisServer({ isTls: true, dir: await mkdtemp(join(dir, 'node-')), args: [...tlsArgs(data), '--replicaof', '127.0.0.1', String(master.port)] });
    started.push(replica);
    const sentinels: TlsSentinelGroup['sentinels'] = [];
    for (let index = 0; index < sentinelCount; index++) {
      const plainPort = await findFreePort();
      const tlsPort = await findFreePort();
      const configPath = join(dir, `sentinel-${tlsPort}.conf`);
      await writeFile(
        configPath,
        [
          `port ${plainPort}`,
          `tls-port ${tlsPort}`,
          // localhost may resolve to ::1 first; "-" makes the IPv6 address optional.
          'bind 127.0.0.1 -::1',
          `dir ${dir}`,
          `logfile ${join(dir, `sentinel-${tlsPort}.log`)}`,
          `tls-cert-file ${sentinel.certFile}`,
          `tls-key-file ${sentinel.keyFile}`,
          // The sentinel dials the data nodes over TLS and checks them against this CA.
          `tls-ca-cert-file ${data.caFile}`,
          'tls-auth-clients no',
          'tls-replication yes',
          `sentinel monitor ${TLS_MASTER_NAME} 127.0.0.1 ${master.port} 1`,
          `sentinel down-after-milliseconds ${TLS_MASTER_NAME} 1000`,
          '',
        ].join('\n'),
      );
      const sentinelProcess = await startSentinelProcess(configPath, plainPort);
      started.push(sentinelProcess);
      sentinels.push({ plainPort, tlsPort, process: sentinelProcess });
    }
    const sentinelSees = async (port: number): Promise<boolean> => {
      const address = await runOn(port, (client) => client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', TLS_MASTER_NAME));
      const replicas = await runOn(port, (client) => client.call('SENTINEL', 'REPLICAS', TLS_MASTER_NAME));
      return Array.isArray(address) && Number(address[1]) === master.port && Array.isArray(replicas) && replicas.length === 1;
    };
    for (const { plainPort } of sentinels) await pollUntil('each sentinel to see the TLS master and its replica', () => sentinelSees(plainPort), READY_TIMEOUT_MS);
    return { masterName: TLS_MASTER_NAME, master, replica, sentinels, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export interface TlsCluster {
  nodes: TestRedisServer[];
  ports: number[];
  stop(): Promise<void>;
}

/** Three masters, no replicas (enough to prove every node is reached over TLS, and quicker to start). */
export async function startTlsCluster(identity: TlsIdentity): Promise<TlsCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'labwire-tls-cluster-'));
  removeAtExit(dir);
  const nodes: TestRedisServer[] = [];
  const stopAll = async (): Promise<void> => {
    for (const node of nodes) await node.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const taken = new Set<number>();
    for (let index = 0; index < 3; index++) {
      const port = await findFreeClusterPort(taken);
      taken.add(port).add(port + 10_000);
      nodes.push(
        await startRedisServer({
          isTls: true,
          port,
          dir: await mkdtemp(join(dir, 'node-')),
          args: [...tlsArgs(identity), '--tls-cluster', 'yes', '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'],
        }),
      );
    }
    const ports = nodes.map((node) => node.port);
    await promisify(execFile)('redis-cli', ['--tls', '--cacert', identity.caFile, '--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
    const isReady = async (): Promise<boolean> => {
      for (const port of ports) if (!String(await runOnTls(port, identity.caFile, (client) => client.call('CLUSTER', 'INFO'))).includes('cluster_state:ok')) return false;
      return true;
    };
    await pollUntil('the TLS cluster to be ok on every node', isReady, READY_TIMEOUT_MS);
    return { nodes, ports, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
