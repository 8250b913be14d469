/**
 * The topology part of a profile read from untrusted JSON, and its clean
 * copy. A profile saved before topologies has none and is standalone.
 */
import { TOPOLOGY_MODES, type AddressMapping, type NodeAddress, type ProfileTopology, type TlsSettings } from '../../shared/profile';
import type { FieldProblem } from '../../shared/profileValidation';
import { readTls, type FieldReader } from './profileFieldsParser';

export type TopologyParseResult = { ok: true; topology: ProfileTopology } | { ok: false; problem: FieldProblem };

function readNode(reader: FieldReader, label: string): NodeAddress {
  return { host: reader.text('host', null, `${label} address`), port: reader.integer('port', null, `${label} port`) };
}

export function readTopology(reader: FieldReader): TopologyParseResult {
  const mode = reader.choice('mode', TOPOLOGY_MODES, 'standalone', 'connection mode');
  const readers: (FieldReader | null)[] = [reader];
  const finish = (topology: ProfileTopology): TopologyParseResult => {
    const problem = readers.map((each) => each?.problem ?? null).find((found) => found !== null) ?? null;
    return problem ? { ok: false, problem } : { ok: true, topology };
  };
  if (mode === 'sentinel') {
    const sentinels = reader.groups('sentinels', 'sentinels');
    readers.push(...sentinels);
    const nodes = sentinels.map((each) => readNode(each, 'sentinel'));
    const tlsReader = reader.nested('sentinelTls', "sentinels' TLS settings");
    readers.push(tlsReader);
    const masterName = reader.text('masterName', null, 'master name');
    const sentinelUsername = reader.text('sentinelUsername', '', "sentinels' user name");
    return finish({ mode, sentinels: nodes, masterName, sentinelUsername, sentinelTls: readTls(tlsReader) });
  }
  if (mode === 'cluster') {
    const seeds = reader.groups('seeds', 'seed nodes');
    readers.push(...seeds);
    const nodes = seeds.map((each) => readNode(each, 'seed node'));
    const natMap: AddressMapping[] = reader.groups('natMap', 'address mappings').map((mapping) => {
      const from = mapping.nested('from', 'announced address');
      const to = mapping.nested('to', 'reachable address');
      readers.push(mapping, from, to);
      return {
        from: from ? readNode(from, 'announced') : { host: '', port: 0 },
        to: to ? readNode(to, 'reachable') : { host: '', port: 0 },
      };
    });
    return finish({ mode, seeds: nodes, natMap });
  }
  return finish({ mode: 'standalone' });
}

function cleanNode(node: NodeAddress): NodeAddress {
  return { host: node.host.trim(), port: node.port };
}

function cleanTls(tls: TlsSettings): TlsSettings {
  return {
    isEnabled: tls.isEnabled,
    caFile: tls.caFile,
    certFile: tls.certFile,
    keyFile: tls.keyFile,
    servername: tls.servername,
    shouldVerify: tls.shouldVerify,
  };
}

/** A copy holding exactly the topology's keys, addresses trimmed. */
export function cleanTopology(topology: ProfileTopology): ProfileTopology {
  if (topology.mode === 'sentinel')
    return {
      mode: 'sentinel',
      sentinels: topology.sentinels.map(cleanNode),
      masterName: topology.masterName.trim(),
      sentinelUsername: topology.sentinelUsername,
      sentinelTls: cleanTls(topology.sentinelTls),
    };
  if (topology.mode === 'cluster')
    return {
      mode: 'cluster',
      seeds: topology.seeds.map(cleanNode),
      natMap: topology.natMap.map((mapping) => ({ from: cleanNode(mapping.from), to: cleanNode(mapping.to) })),
    };
  return { mode: 'standalone' };
}
