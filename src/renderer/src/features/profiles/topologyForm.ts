/**
 * The editor's model of a profile's topology. Node lists are edited as text,
 * one "host:port" per line, the way lab notes and Docker files write them;
 * every mode's values are kept while the user switches modes, and only the
 * chosen mode's reach the draft.
 */
import { defaultTlsSettings, defaultTopology, type AddressMapping, type NodeAddress, type ProfileTopology, type TlsSettings, type TopologyMode } from '../../../../shared/profile';

export interface TopologyForm {
  mode: TopologyMode;
  /** One sentinel per line, "host:port". */
  sentinels: string;
  masterName: string;
  sentinelUsername: string;
  sentinelTls: TlsSettings;
  /** One seed node per line, "host:port". */
  seeds: string;
  /** One mapping per line, "announced host:port -> reachable host:port". */
  natMap: string;
}

const MAPPING_ARROW = '->';

function addressText(node: NodeAddress): string {
  return node.host.includes(':') ? `[${node.host}]:${node.port}` : `${node.host}:${node.port}`;
}

/** "10.0.0.5:26379" or "[::1]:26379"; a line without a port keeps the host and gets NaN, which validation reports in words. */
export function parseAddress(text: string): NodeAddress {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]*)\]:(\d{1,5})$/.exec(trimmed);
  if (bracketed) return { host: bracketed[1] ?? '', port: Number(bracketed[2]) };
  const separator = trimmed.lastIndexOf(':');
  if (separator < 0) return { host: trimmed, port: Number.NaN };
  const port = trimmed.slice(separator + 1);
  return { host: trimmed.slice(0, separator), port: /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN };
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function parseMapping(line: string): AddressMapping {
  const [from = '', to = ''] = line.split(MAPPING_ARROW);
  return { from: parseAddress(from), to: parseAddress(to) };
}

export function topologyFormFrom(topology: ProfileTopology): TopologyForm {
  const sentinel = topology.mode === 'sentinel' ? topology : defaultTopology('sentinel');
  const cluster = topology.mode === 'cluster' ? topology : defaultTopology('cluster');
  if (sentinel.mode !== 'sentinel' || cluster.mode !== 'cluster') throw new Error('defaultTopology returned another mode');
  return {
    mode: topology.mode,
    sentinels: sentinel.sentinels.map(addressText).join('\n'),
    masterName: sentinel.masterName,
    sentinelUsername: sentinel.sentinelUsername,
    sentinelTls: { ...(topology.mode === 'sentinel' ? topology.sentinelTls : defaultTlsSettings()) },
    seeds: cluster.seeds.map(addressText).join('\n'),
    natMap: cluster.natMap.map((mapping) => `${addressText(mapping.from)} ${MAPPING_ARROW} ${addressText(mapping.to)}`).join('\n'),
  };
}

export function topologyFromForm(form: TopologyForm): ProfileTopology {
  if (form.mode === 'sentinel') {
    const tls = form.sentinelTls;
    return {
      mode: 'sentinel',
      sentinels: lines(form.sentinels).map(parseAddress),
      masterName: form.masterName.trim(),
      sentinelUsername: form.sentinelUsername.trim(),
      sentinelTls: { ...tls, caFile: tls.caFile.trim(), certFile: tls.certFile.trim(), keyFile: tls.keyFile.trim(), servername: tls.servername.trim() },
    };
  }
  if (form.mode === 'cluster') return { mode: 'cluster', seeds: lines(form.seeds).map(parseAddress), natMap: lines(form.natMap).map(parseMapping) };
  return { mode: 'standalone' };
}

/** Non-empty lines with the line number the user sees in the text box (blank lines counted). */
function numberedLines(text: string): { number: number; line: string }[] {
  return text
    .split('\n')
    .map((line, index) => ({ number: index + 1, line: line.trim() }))
    .filter(({ line }) => line !== '');
}

/**
 * The first line of a node list that is not "host:port", in words that name
 * the line and show the format; null when every line has that shape (the
 * shared validation then checks hosts and port ranges).
 */
export function nodeLineProblem(text: string, example: string): string | null {
  for (const { number, line } of numberedLines(text)) {
    if (Number.isNaN(parseAddress(line).port)) return `Line ${number} ("${line}") needs a port: write host:port, for example ${example}.`;
  }
  return null;
}

/** Like nodeLineProblem, for "reported -> reachable" mapping lines. */
export function mappingLineProblem(text: string): string | null {
  for (const { number, line } of numberedLines(text)) {
    const sides = line.split(MAPPING_ARROW);
    if (sides.length !== 2)
      return `Line ${number} ("${line}") needs one arrow: the address the cluster reports, ->, then the address to use, for example 172.17.0.2:7000 -> 127.0.0.1:17000.`;
    if (sides.some((side) => Number.isNaN(parseAddress(side).port)))
      return `Line ${number} ("${line}") needs host:port on both sides of ->, for example 172.17.0.2:7000 -> 127.0.0.1:17000.`;
  }
  return null;
}
