/**
 * The combinators request params are checked with, at every boundary (IPC,
 * WebSocket, worker). A check answers null or a plain-words problem naming
 * the field, never an exception.
 *
 * A `Check<T>` carries, for the compiler only, the type of what it accepts,
 * so a feature's contract slice (src/shared/features) writes a request's
 * params type and its check once and the compiler holds them together
 * (`request<Params, Result>(check)` refuses a check that lets through
 * something that is not `Params`).
 *
 * Only own properties count: field tables have no prototype and a value's
 * inherited members (`toString`, `__proto__`) are absent, so a key named
 * after one of Object.prototype's members is an unknown field.
 */

/** Says what is wrong with `value` at `path`, or null when it is fine. */
export type Check<T = unknown> = ((value: unknown, path: string) => string | null) & {
  /** Never set: the compiler's record of what the check accepts. */
  readonly acceptedType?: T;
};

/** What a check accepts. */
export type CheckedType<C> = C extends Check<infer T> ? T : never;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const string =
  (maxLength = 1_000_000): Check<string> =>
  (value, path) =>
    typeof value === 'string' && value.length <= maxLength ? null : `${path} must be text of at most ${maxLength} characters`;

export const integer =
  (min: number, max: number): Check<number> =>
  (value, path) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? null
      : `${path} must be a whole number from ${min} to ${max}`;

export const number =
  (min: number, max: number): Check<number> =>
  (value, path) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? null
      : `${path} must be a number from ${min} to ${max}`;

export const boolean: Check<boolean> = (value, path) => (typeof value === 'boolean' ? null : `${path} must be true or false`);

export const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (value, path) =>
    value === undefined ? null : check(value, path);

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (value, path) =>
    value === null ? null : check(value, path);

export const oneOf =
  <const V extends string>(values: readonly V[]): Check<V> =>
  (value, path) =>
    typeof value === 'string' && (values as readonly string[]).includes(value) ? null : `${path} must be one of ${values.join(', ')}`;

/** One of these numbers exactly (a setting with a few allowed values, e.g. mains frequencies). */
export const oneOfNumbers =
  <const V extends number>(values: readonly V[]): Check<V> =>
  (value, path) =>
    typeof value === 'number' && (values as readonly number[]).includes(value) ? null : `${path} must be ${listInWords(values)}`;

export const arrayOf =
  <T>(check: Check<T>, maxLength: number): Check<T[]> =>
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
export function ownTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

/** A value's own property; an inherited one (`toString`) counts as absent. */
const ownValue = (record: Record<string, unknown>, key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);

type ShapeOf<F extends Record<string, Check<unknown>>> = { [K in keyof F]: CheckedType<F[K]> };

/** An object with exactly these keys (unknown keys are refused, so typos surface). */
export const shape = <F extends Record<string, Check<unknown>>>(fieldChecks: F): Check<ShapeOf<F>> => {
  const fields = ownTable<Check<unknown>>(fieldChecks);
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

/** A union of shapes told apart by `field`. */
export const variants = <S extends Record<string, Check<unknown>>>(field: string, shapeChecks: S): Check<CheckedType<S[keyof S]>> => {
  const shapes = ownTable<Check<unknown>>(shapeChecks);
  return (value, path) => {
    if (!isRecord(value)) return `${path} must be an object`;
    const tag = ownValue(value, field);
    const check = typeof tag === 'string' && Object.hasOwn(shapes, tag) ? shapes[tag] : undefined;
    if (!check) return `${path}.${field} must be one of ${Object.keys(shapes).join(', ')}`;
    return check(value, path);
  };
};

/** Ids of profiles, lanes and plots. */
export const idCheck = string(200);

/** Channel names and patterns: up to 1 MB of text, as Redis allows far more than anyone types. */
export const channelNameCheck = string(1024 * 1024);

/** Params of a request that takes none. */
export const empty: Check<Record<string, never>> = shape({});

function listInWords(values: readonly number[]): string {
  if (values.length < 2) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
