import type { BusError } from '../../../shared/result';

/**
 * A failed request inside the renderer. React Query wants a thrown error for
 * its error state; the bus's plain message rides along for display.
 */
export class RequestError extends Error {
  constructor(readonly busError: BusError) {
    super(busError.message);
    this.name = 'RequestError';
  }
}

/** The sentence to show for any failure a query or mutation produced. */
export function describeError(error: unknown): string {
  if (error instanceof RequestError) return error.busError.message;
  return 'Labwire hit an unexpected problem in this window. Reload the page if it persists.';
}
