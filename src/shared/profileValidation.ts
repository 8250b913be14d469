/**
 * Field checks for a profile draft, in words for a lab technician. The editor
 * shows them as the user types; the bus runs the same checks before saving.
 */
import { MAX_TOPOLOGY_NODES, PROFILE_COLORS, type NodeAddress, type ProfileDraft, type ProfileTopology, type TlsSettings } from './profile';

export interface FieldProblem {
  /** Dotted path of the field, e.g. "port" or "tls.caFile". */
  field: string;
  message: string;
}

export const MAX_PROFILE_NAME_LENGTH = 80;
export const MAX_HOST_LENGTH = 253;
export const MAX_PATH_LENGTH = 4096;
export const MAX_SECRET_LENGTH = 4096;
export const MAX_OPERATOR_NAME_LENGTH = 80;
export const MAX_DEAD_LETTER_TEMPLATES = 8;
export const MAX_DEAD_LETTER_TEMPLATE_LENGTH = 200;
/** Where a dead-letter name pattern puts the origin stream's key (as shared/deadLetterNames.ts reads it). */
const DEAD_LETTER_PLACEHOLDER = '{stream}';

const HOST_PATTERN = /^[A-Za-z0-9._:[\]-]+$/;

export function findProfileProblems(draft: ProfileDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = draft.name.trim();
  if (name.length === 0) problems.push({ field: 'name', message: 'Give the profile a name, for example "Lab 2 Redis".' });
  else if (name.length > MAX_PROFILE_NAME_LENGTH)
    problems.push({ field: 'name', message: `Keep the name under ${MAX_PROFILE_NAME_LENGTH} characters.` });

  const host = draft.host.trim();
  if (host.length === 0) problems.push({ field: 'host', message: 'Enter the server address, for example 127.0.0.1 or redis.lab.local.' });
  else if (host.length > MAX_HOST_LENGTH || !HOST_PATTERN.test(host))
    problems.push({ field: 'host', message: 'The address may contain only letters, digits, dots, dashes and colons (no spaces or "redis://").' });

  if (!Number.isInteger(draft.port) || draft.port < 1 || draft.port > 65535)
    problems.push({ field: 'port', message: 'The port is a whole number from 1 to 65535 (Redis normally uses 6379).' });
  if (!Number.isInteger(draft.db) || draft.db < 0 || draft.db > 1_000_000)
    problems.push({ field: 'db', message: 'The database is a whole number, 0 or more (most labs use 0).' });
  if (draft.username.length > 256 || /\s/.test(draft.username))
    problems.push({ field: 'username', message: 'The user name cannot contain spaces.' });
  if (typeof draft.password === 'string' && draft.password.length > MAX_SECRET_LENGTH)
    problems.push({ field: 'password', message: 'The password is too long.' });
  if (!(PROFILE_COLORS as readonly string[]).includes(draft.color))
    problems.push({ field: 'color', message: 'Pick one of the offered colours.' });

  problems.push(...findTlsProblems(draft.tls, 'tls'));
  if (typeof draft.sentinelPassword === 'string' && draft.sentinelPassword.length > MAX_SECRET_LENGTH)
    problems.push({ field: 'sentinelPassword', message: "The sentinels' password is too long." });
  if (draft.topology !== undefined) problems.push(...findTopologyProblems(draft.topology));

  if (draft.operatorName !== undefined && draft.operatorName.trim().length > MAX_OPERATOR_NAME_LENGTH)
    problems.push({ field: 'operatorName', message: `Keep the operator name under ${MAX_OPERATOR_NAME_LENGTH} characters.` });
  const templateProblem = draft.deadLetterTemplates === undefined ? null : findTemplateProblem(draft.deadLetterTemplates);
  if (templateProblem) problems.push({ field: 'deadLetterTemplates', message: templateProblem });
  return problems;
}

function findTlsProblems(tls: TlsSettings, prefix: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
    if (tls[key].length > MAX_PATH_LENGTH) problems.push({ field: `${prefix}.${key}`, message: 'This file path is too long.' });
  }
  if (tls.isEnabled && (tls.certFile === '') !== (tls.keyFile === ''))
    problems.push({
      field: tls.certFile === '' ? `${prefix}.certFile` : `${prefix}.keyFile`,
      message: 'A client certificate needs both the certificate file and its key file.',
    });
  if (tls.servername.length > MAX_HOST_LENGTH) problems.push({ field: `${prefix}.servername`, message: 'The server name is too long.' });
  return problems;
}

/** The first problem of one node address, worded with what the node is ("Sentinel 2"). */
function findNodeProblem(node: NodeAddress, field: string, label: string): FieldProblem | null {
  const host = node.host.trim();
  if (host.length === 0) return { field: `${field}.host`, message: `Enter the address of ${label}, for example 10.0.0.5.` };
  if (host.length > MAX_HOST_LENGTH || !HOST_PATTERN.test(host))
    return { field: `${field}.host`, message: `The address of ${label} may contain only letters, digits, dots, dashes and colons.` };
  if (!Number.isInteger(node.port) || node.port < 1 || node.port > 65535)
    return { field: `${field}.port`, message: `The port of ${label} is a whole number from 1 to 65535.` };
  return null;
}

function findNodeListProblems(nodes: readonly NodeAddress[], field: string, noun: string, example: string): FieldProblem[] {
  if (nodes.length === 0) return [{ field, message: `Add at least one ${noun}, for example ${example}.` }];
  if (nodes.length > MAX_TOPOLOGY_NODES) return [{ field, message: `List at most ${MAX_TOPOLOGY_NODES} ${noun}s; the others are found on their own.` }];
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  nodes.forEach((node, index) => {
    const problem = findNodeProblem(node, `${field}.${index}`, `${noun} ${index + 1}`);
    if (problem) problems.push(problem);
    const key = `${node.host.trim().toLowerCase()}:${node.port}`;
    if (seen.has(key)) problems.push({ field: `${field}.${index}`, message: `${noun[0]?.toUpperCase()}${noun.slice(1)} ${index + 1} repeats ${key}.` });
    seen.add(key);
  });
  return problems;
}

function findTopologyProblems(topology: ProfileTopology): FieldProblem[] {
  if (topology.mode === 'standalone') return [];
  if (topology.mode === 'sentinel') {
    const problems = findNodeListProblems(topology.sentinels, 'topology.sentinels', 'sentinel', '10.0.0.5 port 26379');
    const masterName = topology.masterName.trim();
    if (masterName.length === 0 || masterName.length > MAX_HOST_LENGTH || /\s/.test(masterName))
      problems.push({ field: 'topology.masterName', message: 'Enter the master name the sentinels monitor (from "sentinel monitor <name>"), without spaces.' });
    if (topology.sentinelUsername.length > 256 || /\s/.test(topology.sentinelUsername))
      problems.push({ field: 'topology.sentinelUsername', message: "The sentinels' user name cannot contain spaces." });
    problems.push(...findTlsProblems(topology.sentinelTls, 'topology.sentinelTls'));
    return problems;
  }
  const problems = findNodeListProblems(topology.seeds, 'topology.seeds', 'seed node', '10.0.0.5 port 7000');
  if (topology.natMap.length > MAX_TOPOLOGY_NODES * 4)
    problems.push({ field: 'topology.natMap', message: `Keep at most ${MAX_TOPOLOGY_NODES * 4} address mappings.` });
  topology.natMap.forEach((mapping, index) => {
    const from = findNodeProblem(mapping.from, `topology.natMap.${index}.from`, `the announced address of mapping ${index + 1}`);
    const to = findNodeProblem(mapping.to, `topology.natMap.${index}.to`, `the reachable address of mapping ${index + 1}`);
    if (from) problems.push(from);
    if (to) problems.push(to);
  });
  return problems;
}

function findTemplateProblem(templates: readonly string[]): string | null {
  if (templates.length > MAX_DEAD_LETTER_TEMPLATES) return `Keep at most ${MAX_DEAD_LETTER_TEMPLATES} dead-letter name patterns.`;
  for (const template of templates) {
    const trimmed = template.trim();
    if (trimmed.length > MAX_DEAD_LETTER_TEMPLATE_LENGTH) return `Keep each dead-letter name pattern under ${MAX_DEAD_LETTER_TEMPLATE_LENGTH} characters.`;
    if (!trimmed.includes(DEAD_LETTER_PLACEHOLDER))
      return `The pattern "${trimmed.slice(0, 60)}" must contain ${DEAD_LETTER_PLACEHOLDER}, where the origin stream's name goes (for example {stream}:dlq).`;
    if (trimmed === DEAD_LETTER_PLACEHOLDER) return 'A pattern of only {stream} would make every stream a dead-letter stream: add a prefix or suffix, such as :dlq.';
  }
  return null;
}
