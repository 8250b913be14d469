/**
 * Runtime checks of request params at every boundary (IPC, WebSocket, worker):
 * the types say what should arrive, this says what did. A failure is an
 * INVALID result naming the field, never an exception. Each method's check
 * is declared with its types in its feature's contract slice
 * (src/shared/features); the combinators are in requestChecks.ts.
 */
import { REQUEST_METHODS, type RequestMethod } from './contract';
import { PARAM_CHECKS } from './requestMap';
import { fail, ok, type Result } from './result';

export function isRequestMethod(value: unknown): value is RequestMethod {
  return typeof value === 'string' && (REQUEST_METHODS as readonly string[]).includes(value);
}

/** Checks a method name and its params as they arrived from another process. */
export function validateRequest(method: unknown, params: unknown): Result<{ method: RequestMethod; params: unknown }> {
  const check = isRequestMethod(method) ? PARAM_CHECKS[method] : undefined;
  if (!isRequestMethod(method) || !check) {
    return fail('INVALID', `Unknown request "${String(method).slice(0, 80)}".`, { field: 'method' });
  }
  const problem = check(params ?? {}, '');
  if (problem) return fail('INVALID', `The request ${method} was malformed: ${problem}.`, { field: problem.split(' ')[0] });
  return ok({ method, params: params ?? {} });
}
