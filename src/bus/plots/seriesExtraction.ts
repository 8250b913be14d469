/**
 * Turns a decoded message into one time step of a plot stream: the numbers
 * its field paths reach, each in its series' slot.
 *
 * Series get slots in the order they are first seen and keep them (the
 * history is laid out by slot); the display order is separate: path by
 * path as the user listed them, and within a wildcard in natural order
 * (Ch2 before Ch10). A path without a wildcard is one series named as the
 * user wrote it; a wildcard path adds a series per key it reaches, up to
 * the plot's series cap.
 */
import { fail, ok, type Result } from '../../shared/result';
import { compileFieldPath, type FieldExtractor, type SeriesVisitor } from '../signal/fieldPath';
import { compareNatural } from '../signal/naturalSort';
import { compileMatcher, type MessageMatcher } from './matchFilter';

export const MAX_SERIES_PER_PLOT = 128;

export interface ExtractionSpec {
  fieldPaths: string[];
  match: { path: string; equals: string } | null;
}

/** extract()'s answer when the match filter turned the message away. */
export const NOT_MATCHED = -1;

export class SeriesExtractor {
  /** Slot -> name. */
  readonly names: string[] = [];
  /** Slot -> index of the path that produced it. */
  private readonly pathOfSlot: number[] = [];
  private readonly slotOfWildcardName = new Map<string, number>();
  private readonly visitors: SeriesVisitor[];
  /** One time step, slot-indexed; NaN where the message had no number. */
  readonly values = new Float64Array(MAX_SERIES_PER_PLOT);
  private found = 0;
  private order: number[] = [];
  private isOrderStale = true;
  /** Increments whenever a series is added: the history must make room. */
  version = 0;
  /** Distinct names refused because the plot already had MAX_SERIES_PER_PLOT series. */
  refusedSeries = 0;
  private readonly refusedNames = new Set<string>();

  private constructor(
    private readonly extractors: FieldExtractor[],
    private readonly matcher: MessageMatcher | null,
    private readonly maxSeries: number,
  ) {
    this.visitors = extractors.map((extractor, pathIndex) => {
      if (extractor.hasWildcard) {
        return (name: string, value: number) => {
          const slot = this.slotOfWildcardName.get(name) ?? this.addWildcardSeries(name, pathIndex);
          if (slot < 0) return;
          this.values[slot] = value;
          if (!Number.isNaN(value)) this.found++;
        };
      }
      const slot = this.addSeries(extractor.path, pathIndex);
      return (_name: string, value: number) => {
        this.values[slot] = value;
        if (!Number.isNaN(value)) this.found++;
      };
    });
  }

  static create(spec: ExtractionSpec, maxSeries: number = MAX_SERIES_PER_PLOT): Result<SeriesExtractor> {
    if (spec.fieldPaths.length === 0) return fail('INVALID', 'Choose at least one field to plot.', { field: 'fieldPaths' });
    const fixedCount = spec.fieldPaths.length;
    if (fixedCount > maxSeries) {
      return fail('INVALID', `A plot shows at most ${maxSeries} series; ${fixedCount} fields were chosen.`, { field: 'fieldPaths' });
    }
    const extractors: FieldExtractor[] = [];
    for (const path of spec.fieldPaths) {
      const compiled = compileFieldPath(path);
      if (!compiled.ok) return compiled;
      extractors.push(compiled.value);
    }
    let matcher: MessageMatcher | null = null;
    if (spec.match !== null) {
      const compiled = compileMatcher(spec.match);
      if (!compiled.ok) return compiled;
      matcher = compiled.value;
    }
    return ok(new SeriesExtractor(extractors, matcher, Math.min(maxSeries, MAX_SERIES_PER_PLOT)));
  }

  get seriesCount(): number {
    return this.names.length;
  }

  /**
   * Fills `values` for one message; returns how many numbers it found, or
   * NOT_MATCHED. Slots the message did not reach are NaN.
   */
  extract(message: unknown): number {
    if (this.matcher !== null && !this.matcher(message)) return NOT_MATCHED;
    this.values.fill(Number.NaN, 0, this.names.length);
    this.found = 0;
    for (let pathIndex = 0; pathIndex < this.extractors.length; pathIndex++) {
      this.extractors[pathIndex]!.forEach(message, this.visitors[pathIndex]!);
    }
    return this.found;
  }

  /** Slots in display order. */
  displayOrder(): number[] {
    if (this.isOrderStale) {
      const slots = this.names.map((_, slot) => slot);
      slots.sort((a, b) => this.pathOfSlot[a]! - this.pathOfSlot[b]! || compareNatural(this.names[a]!, this.names[b]!));
      this.order = slots;
      this.isOrderStale = false;
    }
    return this.order;
  }

  private addWildcardSeries(name: string, pathIndex: number): number {
    if (this.names.length >= this.maxSeries) {
      if (!this.refusedNames.has(name) && this.refusedNames.size < MAX_SERIES_PER_PLOT) {
        this.refusedNames.add(name);
        this.refusedSeries++;
      }
      return -1;
    }
    const slot = this.addSeries(name, pathIndex);
    this.slotOfWildcardName.set(name, slot);
    this.values[slot] = Number.NaN;
    return slot;
  }

  private addSeries(name: string, pathIndex: number): number {
    this.names.push(name);
    this.pathOfSlot.push(pathIndex);
    this.isOrderStale = true;
    this.version++;
    return this.names.length - 1;
  }
}
