/**
 * Field checks for a profile draft, in words for a lab technician. The editor
 * shows them as the user types; the bus runs the same checks before saving.
 */
import { PROFILE_COLORS, type ProfileDraft } from './profile';

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

  const tls = draft.tls;
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
    if (tls[key].length > MAX_PATH_LENGTH) problems.push({ field: `tls.${key}`, message: 'This file path is too long.' });
  }
  if (tls.isEnabled && (tls.certFile === '') !== (tls.keyFile === ''))
    problems.push({
      field: tls.certFile === '' ? 'tls.certFile' : 'tls.keyFile',
      message: 'A client certificate needs both the certificate file and its key file.',
    });
  if (tls.servername.length > MAX_HOST_LENGTH) problems.push({ field: 'tls.servername', message: 'The server name is too long.' });

  if (draft.operatorName !== undefined && draft.operatorName.trim().length > MAX_OPERATOR_NAME_LENGTH)
    problems.push({ field: 'operatorName', message: `Keep the operator name under ${MAX_OPERATOR_NAME_LENGTH} characters.` });
  const templateProblem = draft.deadLetterTemplates === undefined ? null : findTemplateProblem(draft.deadLetterTemplates);
  if (templateProblem) problems.push({ field: 'deadLetterTemplates', message: templateProblem });
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
