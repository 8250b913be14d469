/**
 * Reads the sequence numbers producers put in their messages (UDP
 * amplifiers number their datagrams, the demo and EEG relays number each
 * channel's messages) and says what each new one means: the next in order,
 * with how many were skipped (7 after 4 is two missing); one that arrives
 * late (lower than one already seen, not seen before); a repeat; or a
 * restart. One mechanism for the device bridges and the live feed.
 *
 * A restart is a producer that began counting again: its number falls back
 * to one it already used at its start (0 or 1 again), falls further back
 * than any late message plausibly arrives, or leaps ahead further than any
 * plausible loss. Counting starts again from it and the restart is reported
 * on its own, so one reboot does not show as millions of losses.
 */
import { parseSingleFieldPath, resolveFieldPath, type FieldPathStep } from '../../shared/fieldPath';
import { fail, ok, type Result } from '../../shared/result';

/** A leap larger than this is read as a restart, not as lost records. */
export const MAX_COUNTED_GAP = 1_000_000;
/**
 * How far below the highest number seen a message still counts as late
 * (and is told apart from a repeat); further back is a restart. 256 numbers
 * cover a failover's reordering (issue #15 measured up to 45) in 32 bytes.
 */
export const REORDER_WINDOW = 256;
/** A number at or below this that was already seen is a producer starting again, not a repeat. */
const RESTART_START_MAX = 1;

export type SequenceObservation =
  /** The record carries no whole, non-negative number at the path. */
  | { kind: 'none' }
  /** In order; `missing` numbers were skipped since the highest one (0 when none). */
  | { kind: 'next'; missing: number }
  /** Lower than the highest seen and not seen before. `wasCountedMissing`: it was among the skipped (not before counting began). */
  | { kind: 'late'; wasCountedMissing: boolean }
  /** Seen before. */
  | { kind: 'duplicate' }
  /** Fell back to its start, far back, or leapt far ahead: counting starts again here. */
  | { kind: 'restart'; previous: number; now: number };

/**
 * The common answer, one object for every message that follows the last in
 * order; callers only read observations. Motivation: the live feed checks
 * every numbered message, and a fresh object each was 40 of the feed's
 * 1,530 bytes of garbage per stream entry (sampling heap profile,
 * bench/README.md, "Session 10 (tailceiling)").
 */
const NEXT_NONE_MISSING: SequenceObservation = Object.freeze({ kind: 'next', missing: 0 });

/** Numbers seen in order of arrival, one producer's. */
export class SequenceTracker {
  private highest = -1;
  /** The first number after counting (re)started: lower ones were never counted missing. */
  private floor = 0;
  /** Bit i: highest - i was seen. */
  private readonly seen = new Uint32Array(REORDER_WINDOW / 32);

  observe(sequence: number): SequenceObservation {
    const highest = this.highest;
    if (highest < 0) return this.startAt(sequence, { kind: 'next', missing: 0 });
    if (sequence > highest) {
      const missing = sequence - highest - 1;
      if (missing > MAX_COUNTED_GAP) return this.startAt(sequence, { kind: 'restart', previous: highest, now: sequence });
      this.shiftWindow(sequence - highest);
      this.highest = sequence;
      this.mark(0);
      return missing === 0 ? NEXT_NONE_MISSING : { kind: 'next', missing };
    }
    const behind = highest - sequence;
    if (behind >= REORDER_WINDOW) return this.startAt(sequence, { kind: 'restart', previous: highest, now: sequence });
    const isMarked = this.isMarked(behind);
    // Back at its start, seen there already or never counted from there: the producer began again.
    if (sequence <= RESTART_START_MAX && behind > 0 && (isMarked || sequence < this.floor)) {
      return this.startAt(sequence, { kind: 'restart', previous: highest, now: sequence });
    }
    if (isMarked) return { kind: 'duplicate' };
    this.mark(behind);
    return { kind: 'late', wasCountedMissing: sequence >= this.floor };
  }

  /** Forgets every number (the device was reopened). */
  reset(): void {
    this.highest = -1;
    this.seen.fill(0);
  }

  private startAt(sequence: number, observation: SequenceObservation): SequenceObservation {
    this.seen.fill(0);
    this.highest = sequence;
    this.floor = sequence;
    this.mark(0);
    return observation;
  }

  private shiftWindow(by: number): void {
    const words = this.seen;
    if (by >= REORDER_WINDOW) {
      words.fill(0);
      return;
    }
    const wordShift = by >>> 5;
    const bitShift = by & 31;
    for (let index = words.length - 1; index >= 0; index--) {
      const from = index - wordShift;
      const high = from >= 0 ? words[from]! : 0;
      const low = from - 1 >= 0 ? words[from - 1]! : 0;
      words[index] = bitShift === 0 ? high : ((high << bitShift) | (low >>> (32 - bitShift))) >>> 0;
    }
  }

  private mark(behind: number): void {
    this.seen[behind >>> 5]! |= 1 << (behind & 31);
  }

  private isMarked(behind: number): boolean {
    return (this.seen[behind >>> 5]! & (1 << (behind & 31))) !== 0;
  }
}

/** The whole, non-negative number at `steps` in a decoded value, or null. */
export function readSequence(value: unknown, steps: readonly FieldPathStep[]): number | null {
  const raw = resolveFieldPath(value, steps);
  const sequence = typeof raw === 'bigint' ? Number(raw) : raw;
  return typeof sequence === 'number' && Number.isSafeInteger(sequence) && sequence >= 0 ? sequence : null;
}

export interface SequenceGapCounter {
  observe(record: unknown): SequenceObservation;
  /** Forgets the numbers seen (the device was reopened). */
  reset(): void;
}

/** A counter reading the sequence at `path` ("seq", "header.seq"); a path that cannot be read is an error in words. */
export function createSequenceGapCounter(path: string): Result<SequenceGapCounter> {
  const steps = parseSingleFieldPath(path);
  if (!steps.ok) return fail('INVALID', `The sequence field: ${steps.error.message}`, { field: 'udp.sequencePath' });
  const tracker = new SequenceTracker();
  return ok({
    observe: (record) => {
      const sequence = readSequence(record, steps.value);
      return sequence === null ? { kind: 'none' } : tracker.observe(sequence);
    },
    reset: () => tracker.reset(),
  });
}
