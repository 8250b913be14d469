/**
 * Sequence gaps in records that carry a sequence number (a UDP amplifier's
 * packet counter): a record whose number is more than one past the last
 * one's counts the numbers in between as missing. A number at or below the
 * last one is a device restart or a reordered datagram: the watch follows it
 * without counting, since nothing is known to be missing.
 */
import { parseSingleFieldPath, resolveFieldPath, type FieldPathStep } from '../../shared/fieldPath';

export class SequenceWatch {
  private last: number | null = null;

  private constructor(private readonly steps: readonly FieldPathStep[]) {}

  /** A watch for the path, or null when the bridge names none (or a path that cannot name one field: the store refuses those). */
  static forPath(path: string): SequenceWatch | null {
    if (path === '') return null;
    const steps = parseSingleFieldPath(path);
    return steps.ok ? new SequenceWatch(steps.value) : null;
  }

  /** The numbers missing before this record's (0 when none, or when it carries no whole number there). */
  observe(value: unknown): number {
    const found = resolveFieldPath(value, this.steps);
    if (typeof found !== 'number' || !Number.isSafeInteger(found)) return 0;
    const last = this.last;
    this.last = found;
    if (last === null || found <= last) return 0;
    return found - last - 1;
  }
}
