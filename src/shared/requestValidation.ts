/**
 * Runtime checks of request params at every boundary (IPC, WebSocket, worker):
 * the types say what should arrive, this says what did. A failure is an
 * INVALID result naming the field, never an exception.
 */
import { REQUEST_METHODS, type RequestMethod } from './contract';
import { DECODER_CHOICES } from './liveChannels';
import { MAX_PROFILE_IMPORT_CHARS, PROFILE_COLORS } from './profile';
import { PUBLISH_ENCODINGS } from './publishing';
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

/**
 * A lookup table with no prototype: `constructor`, `toString` or `__proto__`
 * sent as a key find nothing here instead of Object.prototype's members.
 */
function ownTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

/** A value's own property; an inherited one (`toString`) counts as absent. */
const ownValue = (record: Record<string, unknown>, key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);

/** An object with exactly these keys (unknown keys are refused, so typos surface). */
const shape = (fieldChecks: Record<string, Check>): Check => {
  const fields = ownTable(fieldChecks);
  return (value, path) => {
    if (!isRecord(value)) return `${path || 'params'} must be an object`;
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) return `${path ? `${path}.` : ''}${key} is not a known field`;
    }
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(ownValue(value, key), path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
    return null;
  };
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

const number =
  (min: number, max: number): Check =>
  (value, path) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? null
      : `${path} must be a number from ${min} to ${max}`;

/** A union of shapes told apart by `field`. */
const variants = (field: string, shapeChecks: Record<string, Check>): Check => {
  const shapes = ownTable(shapeChecks);
  return (value, path) => {
    if (!isRecord(value)) return `${path} must be an object`;
    const tag = ownValue(value, field);
    const check = typeof tag === 'string' && Object.hasOwn(shapes, tag) ? shapes[tag] : undefined;
    if (!check) return `${path}.${field} must be one of ${Object.keys(shapes).join(', ')}`;
    return check(value, path);
  };
};

/** Channel names and patterns: up to 1 MB of text, as Redis allows far more than anyone types. */
const channelName = string(1024 * 1024);
const decoder = oneOf(DECODER_CHOICES);

const laneTarget = variants('kind', {
  channel: shape({ kind: oneOf(['channel']), name: channelName }),
  pattern: shape({ kind: oneOf(['pattern']), pattern: channelName }),
});

const lanePatch = shape({
  isPaused: optional(boolean),
  filter: optional(string(2000)),
  decoder: optional(decoder),
  shouldClear: optional(boolean),
  shouldStopFilterScan: optional(boolean),
});

const publishRequest = shape({
  profileId: id,
  channel: channelName,
  payload: string(64 * 1024 * 1024),
  encoding: oneOf(PUBLISH_ENCODINGS),
  attemptId: string(100),
  isConfirmed: boolean,
});

const eegFilters = shape({
  highPassHz: number(0, 100),
  notchHz: (value, path) => ([0, 50, 60].includes(value as number) ? null : `${path} must be 0, 50 or 60`),
  notchHarmonics: boolean,
  bandPass: nullable(shape({ lowHz: number(0.01, 1000), highHz: number(0.1, 5000), order: integer(1, 8) })),
  isCommonAverageReference: boolean,
});

const timeSource = oneOf(['message', 'receive']);
const pixelWidth = integer(16, 8192);

const plotSpec = variants('kind', {
  eeg: shape({
    kind: oneOf(['eeg']),
    channel: channelName,
    fieldPath: string(1000),
    timeSource,
    windowSeconds: number(1, 30),
    filters: eegFilters,
    pixelWidth,
    shouldComputeSpectrum: boolean,
  }),
  telemetry: shape({
    kind: oneOf(['telemetry']),
    channel: channelName,
    fieldPaths: arrayOf(string(1000), 32),
    match: nullable(shape({ path: string(1000), equals: string(1000) })),
    timeSource,
    windowSeconds: number(10, 24 * 3600),
    pixelWidth,
  }),
});

const PARAM_CHECKS: Record<RequestMethod, Check> = {
  'system:hello': empty,
  'profiles:list': empty,
  'profiles:save': profileDraft,
  'profiles:duplicate': shape({ id }),
  'profiles:delete': shape({ id }),
  'profiles:export': shape({ ids: optional(arrayOf(id, 10_000)) }),
  'profiles:import': shape({ json: string(MAX_PROFILE_IMPORT_CHARS) }),
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
  'lanes:add': shape({ profileId: id, target: laneTarget, decoder }),
  'lanes:remove': shape({ profileId: id, laneId: id }),
  'lanes:update': shape({ profileId: id, laneId: id, patch: lanePatch }),
  'lanes:list': shape({ profileId: id }),
  'channels:discover': shape({ profileId: id, pattern: channelName }),
  'feed:message': shape({ profileId: id, seq: integer(0, Number.MAX_SAFE_INTEGER) }),
  'feed:recent': shape({ profileId: id, beforeSeq: nullable(integer(0, Number.MAX_SAFE_INTEGER)), limit: integer(1, 5000) }),
  'publish:send': publishRequest,
  'publish:history': shape({ profileId: id }),
  'plots:open': shape({ profileId: id, spec: plotSpec }),
  'plots:update': shape({ plotId: id, spec: plotSpec }),
  'plots:close': shape({ plotId: id }),
  'plots:keyframe': shape({ plotId: id }),
  'plots:range': shape({ plotId: id, fromMs: number(0, 1e15), toMs: number(0, 1e15), pixelWidth }),
  'plots:paths': shape({ profileId: id, channel: channelName }),
  'plots:streams': shape({ profileId: id }),
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
