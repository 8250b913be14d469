/**
 * TLS on Sentinel and Cluster profiles against real TLS-only topologies.
 * The profile names the sentinels "localhost" and the data nodes' certificate
 * names only 127.0.0.1 (where the sentinels say the master is), so a client
 * that checks every node against one fixed name (the first sentinel's) fails
 * here: each connection must be checked against the address it dials.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { ConnectionTiming } from '../../src/bus/connections/connectionTiming';
import type { EndpointTls, RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { createTestCertificates, issueServerCertificate, type TestCertificates } from '../support/tlsCertificates';
import { runOnTls, startTlsCluster, startTlsSentinelGroup, type TlsCluster, type TlsSentinelGroup } from '../support/tlsTopology';
import { watchUnhandled } from '../support/unhandledRejections';
import { valueOf } from '../support/waitUntil';

const TIMING: Partial<ConnectionTiming> = { retryBaseMs: 200, retryMaxMs: 1_000, connectTimeoutMs: 5_000 };

describe('Sentinel and Cluster over TLS', () => {
  const unhandled = watchUnhandled();
  let certificateDir: string;
  let certificates: TestCertificates;
  let group: TlsSentinelGroup;
  let cluster: TlsCluster;
  let registry: ConnectionRegistry;
  let recorder: ConnectionStateRecorder;

  before(async () => {
    certificateDir = await mkdtemp(join(tmpdir(), 'labwire-topology-tls-'));
    certificates = await createTestCertificates(certificateDir);
    const data = await issueServerCertificate(certificateDir, 'data-node', 'IP:127.0.0.1');
    const sentinel = await issueServerCertificate(certificateDir, 'sentinel', 'DNS:localhost,IP:127.0.0.1');
    // The cluster bus asks each node for a client certificate, so this one serves both ways.
    const clusterNode = await issueServerCertificate(certificateDir, 'cluster-node', 'IP:127.0.0.1,DNS:localhost');
    const { caFile } = certificates;
    // One after the other: the machine is shared, and each start polls until ready.
    group = await startTlsSentinelGroup({ caFile, ...data }, { caFile, ...sentinel });
    cluster = await startTlsCluster({ caFile, ...clusterNode });
    recorder = new ConnectionStateRecorder();
    registry = new ConnectionRegistry({ ...recorder.listeners, timing: TIMING });
  });

  after(async () => {
    await registry?.dispose();
    await group?.stop();
    await cluster?.stop();
    if (certificateDir) await rm(certificateDir, { recursive: true, force: true });
    unhandled.stop();
    assert.deepStrictEqual(unhandled.seen, []);
  });

  const verified = (caFile: string): EndpointTls => ({ caFile, shouldVerify: true });

  /** As the editor saves it: host and port repeat the first sentinel. */
  function sentinelEndpoint(sentinels: { host: string; port: number }[], sentinelTls: EndpointTls | undefined): RedisEndpoint {
    const [first = { host: '', port: 0 }] = sentinels;
    return {
      host: first.host,
      port: first.port,
      db: 0,
      tls: verified(certificates.caFile),
      topology: { mode: 'sentinel', sentinels, masterName: group.masterName, ...(sentinelTls ? { sentinelTls } : {}) },
    };
  }

  async function outcomeOf(profileId: string, endpoint: RedisEndpoint): Promise<unknown> {
    registry.open(profileId, endpoint);
    const settled = await recorder.waitForState(profileId, (state) => state.state === 'ready' || state.state === 'failed', 20_000);
    return settled.state.state === 'failed' ? { code: settled.state.reason.code, message: settled.state.reason.message } : settled.state.state;
  }

  /** Writes through the profile's command client and reads the key back on the master directly. */
  async function writtenOnMaster(profileId: string, value: string): Promise<string | null> {
    const client = registry.commandClient(profileId);
    assert.ok(client, 'a ready Sentinel profile has a command client');
    await client.set(`lab:tls:${profileId}`, value);
    return runOnTls(group.master.port, certificates.caFile, (admin) => admin.get(`lab:tls:${profileId}`));
  }

  test('TLS to the sentinels and to the master: each is checked against its own address, and writes reach the master', async () => {
    const sentinels = group.sentinels.map((sentinel) => ({ host: 'localhost', port: sentinel.tlsPort }));
    const outcome = await outcomeOf('both-tls', sentinelEndpoint(sentinels, verified(certificates.caFile)));
    assert.deepStrictEqual([outcome, outcome === 'ready' ? await writtenOnMaster('both-tls', 'sealed both ways') : null], ['ready', 'sealed both ways']);
  });

  test('TLS to the master with plain sentinels: the master is still dialled over TLS', async () => {
    const sentinels = group.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.plainPort }));
    const outcome = await outcomeOf('data-tls', sentinelEndpoint(sentinels, undefined));
    assert.deepStrictEqual([outcome, outcome === 'ready' ? await writtenOnMaster('data-tls', 'sealed to the master') : null], ['ready', 'sealed to the master']);
  });

  test('the topology card reads the sentinels over TLS', async () => {
    const sentinels = group.sentinels.map((sentinel) => ({ host: 'localhost', port: sentinel.tlsPort }));
    assert.equal(await outcomeOf('card-tls', sentinelEndpoint(sentinels, verified(certificates.caFile))), 'ready');
    const facts = valueOf(await registry.readTopology('card-tls'));
    assert.deepStrictEqual(
      facts.mode === 'sentinel' ? { master: facts.master, replicas: facts.replicas.map((node) => node.address) } : facts.mode,
      { master: `127.0.0.1:${group.master.port}`, replicas: [`127.0.0.1:${group.replica.port}`] },
    );
  });

  test('a CA that did not sign the sentinels\' certificate fails once, saying it was the sentinels', async () => {
    const sentinels = group.sentinels.map((sentinel) => ({ host: 'localhost', port: sentinel.tlsPort }));
    const outcome = await outcomeOf('wrong-sentinel-ca', sentinelEndpoint(sentinels, verified(certificates.otherCaFile)));
    assert.deepStrictEqual([outcome, recorder.namesOf('wrong-sentinel-ca')], [
      { code: 'TLS', message: "The sentinels could not be asked for the master. The server's certificate is not signed by the CA file you chose." },
      ['connecting', 'failed'],
    ]);
  });

  test('a Cluster profile with TLS reaches every node by the name in its certificate and measures each one', async () => {
    const [seed = 0] = cluster.ports;
    const endpoint: RedisEndpoint = {
      host: 'localhost',
      port: seed,
      db: 0,
      tls: verified(certificates.caFile),
      topology: { mode: 'cluster', seeds: [{ host: 'localhost', port: seed }], natMap: [] },
    };
    assert.equal(await outcomeOf('cluster-tls', endpoint), 'ready');
    const facts = valueOf(await registry.readTopology('cluster-tls'));
    assert.deepStrictEqual(
      facts.mode === 'cluster' ? facts.nodes.map((node) => ({ address: node.address, answered: node.roundTripMs !== null, slots: node.slotCount > 0 })).sort((a, b) => a.address.localeCompare(b.address)) : facts.mode,
      cluster.ports.map((port) => ({ address: `127.0.0.1:${port}`, answered: true, slots: true })).sort((a, b) => a.address.localeCompare(b.address)),
    );
    assert.equal(valueOf(await registry.publish('cluster-tls', 'lab:tls', Buffer.from('over TLS'))), 0);
  });

  test('a Cluster profile whose CA did not sign the nodes\' certificates fails once, as a TLS problem', async () => {
    const [seed = 0] = cluster.ports;
    const endpoint: RedisEndpoint = {
      host: '127.0.0.1',
      port: seed,
      db: 0,
      tls: verified(certificates.otherCaFile),
      topology: { mode: 'cluster', seeds: [{ host: '127.0.0.1', port: seed }], natMap: [] },
    };
    const outcome = await outcomeOf('cluster-wrong-ca', endpoint);
    assert.deepStrictEqual([outcome, recorder.namesOf('cluster-wrong-ca')], [
      { code: 'TLS', message: "The server's certificate is not signed by the CA file you chose." },
      ['connecting', 'failed'],
    ]);
  });
});
