/**
 * The numeric field paths seen on a channel, so the plot editor offers
 * them instead of making someone type `data.telemetry.co2` blind.
 *
 * Paths are written by the shared field-path module (src/shared/fieldPath.ts),
 * so each one parses back to where it was found: bare keys joined by dots,
 * other keys bracketed and quoted, list elements as [i], wildcards as `.*`.
 * An object or array with many numeric children is also offered as a
 * wildcard (`channels.*`), and its children are listed only when there are
 * few of them, so a 64-channel EEG frame offers one line, not 65.
 *
 * Bounded: a fast channel is sampled (one message per SAMPLE_INTERVAL_MS),
 * each walk visits at most MAX_NODES_PER_MESSAGE values, and the catalog
 * keeps the MAX_PATHS most recently seen paths.
 */
import { appendFieldPathKey, formatFieldPathSegment, isIndexable, MAX_FIELD_PATH_CHARS } from '../../shared/fieldPath';
import { sortNatural } from '../signal/naturalSort';

export const MAX_PATHS = 256;
/** Short text leaves (device ids, experiment ids) are kept too, so charts can be offered per sender. */
export const MAX_TEXT_PATHS = 64;
export const MAX_TEXT_VALUES_PER_PATH = 32;
const MAX_TEXT_VALUE_CHARS = 100;
const MAX_DEPTH = 8;
const MAX_NODES_PER_MESSAGE = 2000;
const SAMPLE_INTERVAL_MS = 250;
/**
 * Messages looked at per interval: several, because senders often publish in
 * bursts (three devices in one tick) and a catalog that saw only the first
 * of each burst would never learn the other senders' ids.
 */
const SAMPLES_PER_INTERVAL = 8;
/** This many numeric children make a container worth a wildcard. */
const WILDCARD_MIN_CHILDREN = 4;
/** Beyond this many numeric children only the wildcard is listed. */
const MAX_LISTED_CHILDREN = 16;
/** Publish times are numbers, but nobody plots them. */
const TOP_LEVEL_TIME_KEYS = new Set(['timestamp', 'ts', 'time']);

function isNumeric(value: unknown): boolean {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint';
}

export class PathCatalog {
  /** Path -> when last seen; Map order is the eviction order (oldest first). */
  private readonly seen = new Map<string, number>();
  /** Path -> the distinct short texts seen there, most recent last; Map order is the eviction order. */
  private readonly texts = new Map<string, Set<string>>();
  private intervalStartMs = Number.NEGATIVE_INFINITY;
  private walksInInterval = 0;
  private nodeBudget = 0;

  /** True when a message received at `receivedAt` would be looked at (decoding can be skipped otherwise). */
  isDue(receivedAt: number): boolean {
    const isNewInterval = receivedAt - this.intervalStartMs >= SAMPLE_INTERVAL_MS || receivedAt < this.intervalStartMs;
    return isNewInterval || this.walksInInterval < SAMPLES_PER_INTERVAL;
  }

  offer(value: unknown, receivedAt: number): void {
    if (!this.isDue(receivedAt)) return;
    if (receivedAt - this.intervalStartMs >= SAMPLE_INTERVAL_MS || receivedAt < this.intervalStartMs) {
      this.intervalStartMs = receivedAt;
      this.walksInInterval = 0;
    }
    this.walksInInterval++;
    this.nodeBudget = MAX_NODES_PER_MESSAGE;
    this.walk(value, '', 0, receivedAt);
  }

  /** Distinct short text values by path, each list in natural order. */
  textValues(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [path, values] of this.texts) out[path] = sortNatural([...values]);
    return out;
  }

  /** Natural order; a wildcard sorts just before the paths it covers. */
  paths(): string[] {
    return sortNatural([...this.seen.keys()]);
  }

  private walk(value: unknown, prefix: string, depth: number, receivedAt: number): void {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || this.nodeBudget <= 0) return;
    const isRoot = depth === 0;
    const numericChildren: string[] = [];
    let numericCount = 0;
    const visit = (child: unknown, path: string): void => {
      // A path the plots would refuse is not worth offering (keys of hundreds of characters).
      if (--this.nodeBudget < 0 || path.length > MAX_FIELD_PATH_CHARS) return;
      if (isNumeric(child)) {
        numericCount++;
        if (numericChildren.length <= MAX_LISTED_CHILDREN) numericChildren.push(path);
      } else if (typeof child === 'string') {
        if (child.length > 0 && child.length <= MAX_TEXT_VALUE_CHARS) this.rememberText(path, child);
      } else {
        this.walk(child, path, depth + 1, receivedAt);
      }
    };
    const wildcard = prefix + formatFieldPathSegment({ kind: 'wildcard' }, isRoot);
    if (isIndexable(value)) {
      for (let index = 0; index < value.length && this.nodeBudget > 0; index++) visit(value[index], `${prefix}[${index}]`);
      if (numericCount >= WILDCARD_MIN_CHILDREN) this.remember(wildcard, receivedAt);
    } else if (value instanceof Map) {
      for (const [key, child] of value) {
        if (this.nodeBudget <= 0) break;
        if (typeof key !== 'string' && typeof key !== 'number') continue;
        const text = String(key);
        if (!(isRoot && TOP_LEVEL_TIME_KEYS.has(text))) visit(child, appendFieldPathKey(prefix, text));
      }
      if (numericCount >= WILDCARD_MIN_CHILDREN) this.remember(wildcard, receivedAt);
    } else if (!(value instanceof Date) && !ArrayBuffer.isView(value)) {
      const fields = value as Record<string, unknown>;
      for (const key in fields) {
        if (this.nodeBudget <= 0) break;
        if (!Object.hasOwn(fields, key) || (isRoot && TOP_LEVEL_TIME_KEYS.has(key))) continue;
        visit(fields[key], appendFieldPathKey(prefix, key));
      }
      if (numericCount >= WILDCARD_MIN_CHILDREN) this.remember(wildcard, receivedAt);
    }
    if (numericCount <= MAX_LISTED_CHILDREN) for (const path of numericChildren) this.remember(path, receivedAt);
  }

  private rememberText(path: string, value: string): void {
    let values = this.texts.get(path);
    if (values) this.texts.delete(path);
    else values = new Set();
    this.texts.set(path, values);
    values.delete(value);
    values.add(value);
    if (values.size > MAX_TEXT_VALUES_PER_PATH) {
      const oldest = values.values().next().value;
      if (oldest !== undefined) values.delete(oldest);
    }
    if (this.texts.size > MAX_TEXT_PATHS) {
      const oldestPath = this.texts.keys().next().value;
      if (oldestPath !== undefined) this.texts.delete(oldestPath);
    }
  }

  private remember(path: string, receivedAt: number): void {
    this.seen.delete(path);
    this.seen.set(path, receivedAt);
    if (this.seen.size > MAX_PATHS) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
