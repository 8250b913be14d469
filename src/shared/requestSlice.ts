/**
 * How a feature declares its requests (src/shared/features/*Contract.ts):
 * one entry per method, its params check beside its params and result
 * types, so the type the compiler knows and the check that runs at the
 * boundary are written once, together.
 */
import type { Check } from './requestChecks';

/** One request: the check of its params (which must accept only `Params`) and, for the compiler, its result. */
export interface RequestDeclaration<Params, ResultValue> {
  readonly params: Check<Params>;
  /** Never set: the compiler's record of what the request answers. */
  readonly resultType?: ResultValue;
}

/** Declares a request; the compiler refuses a check that lets through something that is not `Params`. */
export function request<Params, ResultValue>(params: Check<Params>): RequestDeclaration<Params, ResultValue> {
  return { params };
}

/** A feature's requests: method name to declaration. */
export type RequestSlice = Readonly<Record<string, RequestDeclaration<unknown, unknown>>>;

/** The `{params, result}` types of a slice, the form `BusRequests` has. */
export type RequestTypesOf<S> = {
  -readonly [M in keyof S]: S[M] extends RequestDeclaration<infer Params, infer ResultValue> ? { params: Params; result: ResultValue } : never;
};
