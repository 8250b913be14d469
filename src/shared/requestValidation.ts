/**
 * Runtime checks of request params at every boundary (IPC, WebSocket, worker):
 * the types say what should arrive, this says what did. A failure is an
 * INVALID result naming the field, never an exception.
 */
import { REQUEST_METHODS, type RequestMethod } from './contract';
import { PROFILE_COLORS } from './profile';
import { fail, ok, type Result } from './result';

type Check = (value: unknown, path: string) => string | null;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const string =
  (maxLength = 1_000_000): Check =>
  (value, path) =>
    typeof value === 'string' && value.length <= maxLength ? null : `${path} must be text of at most ${maxLength} characters`;

const integer =
  (min: number, max: number): Check =>
  (value, path) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? null
      : `${path} must be a whole number from ${min} to ${max}`;

const boolean: Check = (value, path) => (typeof value === 'boolean' ? null : `${path} must be true or false`);

const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? null : check(value, path);

const nullable =
  (check: Check): Check =>
  (value, path) =>
    value === null ? null : check(value, path);

const oneOf =
  (values: readonly string[]): Check =>
  (value, path) =>
    typeof value === 'string' && values.includes(value) ? null : `${path} must be one of ${values.join(', ')}`;

const arrayOf =
  (check: Check, maxLength: number): Check =>
  (value, path) => {
    if (!Array.isArray(value) || value.length > maxLength) return `${path} must be a list of at most ${maxLength} items`;
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };

/** An object with exactly these keys (unknown keys are refused, so typos surface). */
const shape =
  (fields: Record<string, Check>): Check =>
  (value, path) => {
    if (!isRecord(value)) return `${path || 'params'} must be an object`;
    for (const key of Object.keys(value)) {
      if (!(key in fields)) return `${path ? `${path}.` : ''}${key} is not a known field`;
    }
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(value[key], path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
    return null;
  };

const id = string(200);
const empty = shape({});

const tlsSettings = shape({
  isEnabled: boolean,
  caFile: string(4096),
  certFile: string(4096),
  keyFile: string(4096),
  servername: string(253),
  shouldVerify: boolean,
});

const profileDraft = shape({
  id: optional(id),
  name: string(200),
  host: string(253),
  port: integer(0, 65535),
  db: integer(0, 1_000_000),
  username: string(256),
  password: optional(nullable(string(4096))),
  tls: tlsSettings,
  color: oneOf(PROFILE_COLORS),
  isReadOnly: boolean,
  isProduction: boolean,
});

const simulatorOptions = shape({
  eegUsers: integer(0, 8),
  eegRateHz: integer(10, 1000),
  eegChannels: integer(1, 64),
  shouldPublishLabChannels: boolean,
});

const PARAM_CHECKS: Record<RequestMethod, Check> = {
  'system:hello': empty,
  'profiles:list': empty,
  'profiles:save': profileDraft,
  'profiles:duplicate': shape({ id }),
  'profiles:delete': shape({ id }),
  'profiles:export': shape({ ids: optional(arrayOf(id, 10_000)) }),
  'profiles:import': shape({ json: string(10 * 1024 * 1024) }),
  'connection:open': shape({ profileId: id }),
  'connection:close': shape({ profileId: id }),
  'connection:test': shape({ draft: profileDraft }),
  'connection:facts': shape({ profileId: id }),
  'connection:states': empty,
  'localRedis:start': empty,
  'localRedis:stop': empty,
  'simulator:start': shape({ profileId: id, options: simulatorOptions }),
  'simulator:stop': shape({ profileId: id }),
  'simulator:status': shape({ profileId: id }),
};

export function isRequestMethod(value: unknown): value is RequestMethod {
  return typeof value === 'string' && (REQUEST_METHODS as readonly string[]).includes(value);
}

/** Checks a method name and its params as they arrived from another process. */
export function validateRequest(method: unknown, params: unknown): Result<{ method: RequestMethod; params: unknown }> {
  if (!isRequestMethod(method)) {
    return fail('INVALID', `Unknown request "${String(method).slice(0, 80)}".`, { field: 'method' });
  }
  const problem = PARAM_CHECKS[method](params ?? {}, '');
  if (problem) return fail('INVALID', `The request ${method} was malformed: ${problem}.`, { field: problem.split(' ')[0] });
  return ok({ method, params: params ?? {} });
}
