/**
 * Counts missing sequence numbers in records that carry one (UDP
 * amplifiers number their datagrams): 7 after 4 is two gaps. A number that
 * goes back, repeats or leaps far ahead is a device restart or a counter
 * wrap, not a loss: the count starts again from it and the restart is
 * reported separately, so one reboot does not show as millions of losses.
 */
import { parseSingleFieldPath, resolveFieldPath, type FieldPathStep } from '../../../shared/fieldPath';
import { fail, ok, type Result } from '../../../shared/result';

/** A leap larger than this is read as a restart, not as lost records. */
export const MAX_COUNTED_GAP = 1_000_000;

export type SequenceObservation =
  /** The record carries no whole, non-negative number at the path. */
  | { kind: 'none' }
  /** In order; `missing` numbers were skipped since the last one (0 when none). */
  | { kind: 'next'; missing: number }
  /** Went back, repeated or leapt: counting starts again here. */
  | { kind: 'restart'; previous: number; now: number };

export interface SequenceGapCounter {
  observe(record: unknown): SequenceObservation;
  /** Forgets the last number (the device was reopened). */
  reset(): void;
}

/** A counter reading the sequence at `path` ("seq", "header.seq"); a path that cannot be read is an error in words. */
export function createSequenceGapCounter(path: string): Result<SequenceGapCounter> {
  const steps = parseSingleFieldPath(path);
  if (!steps.ok) return fail('INVALID', `The sequence field: ${steps.error.message}`, { field: 'udp.sequencePath' });
  return ok(new GapCounter(steps.value));
}

class GapCounter implements SequenceGapCounter {
  private last: number | null = null;

  constructor(private readonly steps: FieldPathStep[]) {}

  observe(record: unknown): SequenceObservation {
    const raw = resolveFieldPath(record, this.steps);
    const sequence = typeof raw === 'bigint' ? Number(raw) : raw;
    if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return { kind: 'none' };
    const previous = this.last;
    this.last = sequence;
    if (previous === null) return { kind: 'next', missing: 0 };
    const missing = sequence - previous - 1;
    if (missing < 0 || missing > MAX_COUNTED_GAP) return { kind: 'restart', previous, now: sequence };
    return { kind: 'next', missing };
  }

  reset(): void {
    this.last = null;
  }
}
