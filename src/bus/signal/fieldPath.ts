/**
 * Numeric series picked out of decoded JSON or MessagePack values by path.
 * The syntax, its parser and its error sentences are the shared one
 * (src/shared/fieldPath.ts): keys joined by dots (`data.telemetry.co2`),
 * `*` for every key or element (`channels.*`), other keys bracketed and
 * quoted (`data["sensor.temp"]`), `[3]` or `.3` for a list position.
 *
 * Each series is named by its concrete path in the same syntax
 * (`channels.Ch3`, `items[0]`, `data["sensor.temp"]`), so a name compiles
 * back to a path for exactly that series. Names under a wildcard come out
 * in natural order (Ch2 before Ch10), array elements in index order.
 *
 * What counts as a number: finite JSON/MessagePack numbers, and BigInt
 * (64-bit MessagePack integers), converted to the nearest double. Strings
 * never do, even "12.5": a string is how publishers send ids, versions and
 * codes ("007", "1e3"), and plotting those as data would mislead; a
 * publisher that means a number sends one. Booleans and null are
 * skipped. NaN and infinities are numbers the publisher sent: they reach
 * the visitor as NaN (a gap in the line), so a channel that sends only
 * them still gets its series and can say so, instead of vanishing; they
 * are not counted as values found. Threshold rules compile their path
 * with `isNumericTextRead` (FieldPathReading): a rule compares what a
 * technician sees, and "23.5" on a telemetry channel is 23.5 to them, as
 * on the agent board (agents/agentValues.ts reads numeric text the same way).
 */
import { appendFieldPathKey, childAt, formatFieldPathSegment, isIndexable, parseFieldPath, positionOfKey, type FieldPathSegment, type FieldPathStep } from '../../shared/fieldPath';
import { ok, type Result } from '../../shared/result';
import { compareNatural } from './naturalSort';

/** A parsed segment with what the hot path needs precomputed. */
type PathSegment =
  | { kind: 'key'; key: string; arrayIndex: number; step: FieldPathStep }
  | { kind: 'wildcard'; shape: WildcardShape };

/**
 * What a wildcard saw last time. Streams repeat one record shape message
 * after message, so the sorted key order and the series names are computed
 * once per shape and reused while the object's keys arrive in the same
 * order, as msgpackr reuses record structures.
 *
 * Motivation: 1,000 EEG messages of 64 channels took 3.9 to 4.9 ms with
 * the learned shape against 5.7 to 8.7 ms sorting the keys and building
 * the names for every message (three runs, Node 20.20, shared 2-core
 * machine).
 */
interface WildcardShape {
  /** Formatted path between this wildcard and the next one (or the end). */
  suffix: string;
  prefix: string;
  keysInArrivalOrder: string[];
  sortedKeys: string[];
  names: string[];
  arrayLength: number;
  arrayNames: string[];
  arrayPrefix: string;
}

export type SeriesVisitor = (name: string, value: number) => void;

export interface FieldExtractor {
  /** The path as compiled. */
  readonly path: string;
  readonly hasWildcard: boolean;
  /** Calls visit for each number the path reaches, in natural name order; returns how many. */
  forEach(value: unknown, visit: SeriesVisitor): number;
  /** The same as [name, value] pairs, for code off the hot path. */
  extract(value: unknown): Array<[string, number]>;
  /**
   * The key steps before the first wildcard, one text per step (two paths
   * share a step when these are equal): several readers of one message walk
   * a shared prefix once (alerts/profileAlerts.ts).
   */
  readonly leadingSteps: readonly string[];
  /** Follows the first `depth` steps (all keys, depth <= leadingSteps.length); undefined when one is missing. */
  descend(value: unknown, depth: number): unknown;
  /** forEach for a value already reached by the first `depth` steps (descend's answer). */
  forEachFrom(value: unknown, depth: number, visit: SeriesVisitor): number;
}

export interface FieldPathReading {
  /** Text that spells a number ("23.5", " -4e3 ") counts as that number. Off for plots, on for threshold rules (see above). */
  isNumericTextRead?: boolean;
}

/** The agent board's pattern (agents/agentValues.ts): decimal or exponent notation, no hex, no "Infinity". */
const NUMERIC_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** Longer text is not a reading: a number spelled out needs far fewer characters. */
const MAX_NUMERIC_TEXT_CHARS = 64;

function toSeriesNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

function toSeriesNumberOrText(value: unknown): number | undefined {
  if (typeof value !== 'string') return toSeriesNumber(value);
  if (value.length > MAX_NUMERIC_TEXT_CHARS) return undefined;
  const text = value.trim();
  if (!NUMERIC_TEXT.test(text)) return undefined;
  const number = Number(text);
  // "1e999" spells a number too large for a double: like a sent Infinity, a gap.
  return Number.isFinite(number) ? number : Number.NaN;
}

function newShape(): WildcardShape {
  return {
    suffix: '',
    prefix: '',
    keysInArrivalOrder: [],
    sortedKeys: [],
    names: [],
    arrayLength: -1,
    arrayNames: [],
    arrayPrefix: '',
  };
}

class CompiledFieldPath implements FieldExtractor {
  readonly hasWildcard: boolean;
  /** Formatted path up to the first wildcard: every series name starts with it. */
  private readonly rootName: string;
  private readonly toNumber: (value: unknown) => number | undefined;

  constructor(
    readonly path: string,
    private readonly segments: PathSegment[],
    reading: FieldPathReading,
  ) {
    this.toNumber = reading.isNumericTextRead ? toSeriesNumberOrText : toSeriesNumber;
    this.hasWildcard = segments.some((segment) => segment.kind === 'wildcard');
    let run = '';
    let pendingShape: WildcardShape | undefined;
    let rootName: string | undefined;
    segments.forEach((segment, position) => {
      if (segment.kind === 'key') {
        run += formatFieldPathSegment(segment.step, position === 0);
        return;
      }
      if (pendingShape === undefined) rootName = run;
      else pendingShape.suffix = run;
      pendingShape = segment.shape;
      run = '';
    });
    if (pendingShape === undefined) rootName = run;
    else pendingShape.suffix = run;
    this.rootName = rootName ?? '';
  }

  forEach(value: unknown, visit: SeriesVisitor): number {
    return this.walk(value, 0, this.rootName, visit);
  }

  get leadingSteps(): readonly string[] {
    const steps: string[] = [];
    for (const segment of this.segments) {
      if (segment.kind !== 'key') break;
      steps.push(`${segment.arrayIndex}:${segment.key}`);
    }
    return steps;
  }

  descend(value: unknown, depth: number): unknown {
    let current = value;
    for (let position = 0; position < depth; position++) {
      const segment = this.segments[position]!;
      if (segment.kind !== 'key') return undefined;
      current = childAt(current, segment.key, segment.arrayIndex);
      if (current === undefined) return undefined;
    }
    return current;
  }

  forEachFrom(value: unknown, depth: number, visit: SeriesVisitor): number {
    // Names do not change along key steps, so the root name holds from any depth before the first wildcard.
    return this.walk(value, depth, this.rootName, visit);
  }

  extract(value: unknown): Array<[string, number]> {
    const pairs: Array<[string, number]> = [];
    this.forEach(value, (name, number) => pairs.push([name, number]));
    return pairs;
  }

  private walk(value: unknown, depth: number, name: string, visit: SeriesVisitor): number {
    let current = value;
    let position = depth;
    // Key segments do not change the name (it was formatted at compile time), so follow them in a loop.
    for (; position < this.segments.length; position++) {
      const segment = this.segments[position]!;
      if (segment.kind === 'wildcard') return this.walkWildcard(current, position, segment.shape, name, visit);
      current = childAt(current, segment.key, segment.arrayIndex);
      if (current === undefined) return 0;
    }
    const number = this.toNumber(current);
    if (number === undefined) return 0;
    visit(name, number);
    return Number.isNaN(number) ? 0 : 1;
  }

  private walkWildcard(value: unknown, position: number, shape: WildcardShape, prefix: string, visit: SeriesVisitor): number {
    let count = 0;
    if (isIndexable(value)) {
      const names = arrayNames(shape, prefix, value.length);
      for (let index = 0; index < value.length; index++) {
        count += this.walk(value[index], position + 1, names[index]!, visit);
      }
      return count;
    }
    if (value instanceof Map) {
      const keys = [...value.keys()].filter((key) => typeof key === 'string' || typeof key === 'number');
      keys.sort((a, b) => compareNatural(String(a), String(b)));
      for (const key of keys) {
        const name = appendFieldPathKey(prefix, String(key)) + shape.suffix;
        count += this.walk(value.get(key), position + 1, name, visit);
      }
      return count;
    }
    if (value === null || typeof value !== 'object') return 0;
    const object = value as Record<string, unknown>;
    learnShape(shape, object, prefix);
    const { sortedKeys, names } = shape;
    for (let index = 0; index < sortedKeys.length; index++) {
      count += this.walk(object[sortedKeys[index]!], position + 1, names[index]!, visit);
    }
    return count;
  }
}

/** Reuses the sorted keys and names while the object's own keys arrive as last time. */
function learnShape(shape: WildcardShape, object: Record<string, unknown>, prefix: string): void {
  const seen = shape.keysInArrivalOrder;
  let isSame = shape.prefix === prefix;
  let count = 0;
  if (isSame) {
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      if (seen[count] !== key) {
        isSame = false;
        break;
      }
      count++;
    }
  }
  if (isSame && count === seen.length) return;
  shape.prefix = prefix;
  shape.keysInArrivalOrder = Object.keys(object);
  shape.sortedKeys = [...shape.keysInArrivalOrder].sort(compareNatural);
  shape.names = shape.sortedKeys.map((key) => appendFieldPathKey(prefix, key) + shape.suffix);
}

function arrayNames(shape: WildcardShape, prefix: string, length: number): string[] {
  if (shape.arrayLength !== length || shape.arrayPrefix !== prefix) {
    shape.arrayLength = length;
    shape.arrayPrefix = prefix;
    shape.arrayNames = Array.from({ length }, (_, index) => `${prefix}[${index}]${shape.suffix}`);
  }
  return shape.arrayNames;
}

function toPathSegment(segment: FieldPathSegment): PathSegment {
  switch (segment.kind) {
    case 'wildcard':
      return { kind: 'wildcard', shape: newShape() };
    case 'index':
      return { kind: 'key', key: String(segment.index), arrayIndex: segment.index, step: segment };
    case 'key':
      return { kind: 'key', key: segment.key, arrayIndex: positionOfKey(segment.key), step: segment };
  }
}

export function compileFieldPath(path: string, reading: FieldPathReading = {}): Result<FieldExtractor> {
  const segments = parseFieldPath(path);
  return segments.ok ? ok(new CompiledFieldPath(path, segments.value.map(toPathSegment), reading)) : segments;
}
