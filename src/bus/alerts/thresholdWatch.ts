/**
 * One threshold rule over the messages of its channel: the condition must
 * hold for the pending time before the alert fires, and stay false for the
 * resolve time before it resolves, so a value hovering at the threshold
 * does not flap. A wildcard path (`channels.*`) watches each series it
 * reaches as its own subject. The values come from a FieldReader shared by
 * every rule on the same channel and path, so a path is read once per
 * message however many rules compare it.
 */
import type { ThresholdOperator, ThresholdRule } from '../../shared/features/alertsContract';
import type { FieldExtractor } from '../signal/fieldPath';

interface SeriesCondition {
  /** When the condition started holding without a break (null while it does not hold). */
  trueSince: number | null;
  /** When it stopped holding while the alert was firing (null otherwise). */
  falseSince: number | null;
  isFiring: boolean;
  lastValue: number;
}

export interface ThresholdEvents {
  fire(subject: string, value: number): void;
  resolve(subject: string, value: number): void;
}

/** Series per rule kept at most (a wildcard over 10,000 keys must not grow without end). */
export const MAX_SERIES_PER_RULE = 256;

const COMPARE: Readonly<Record<ThresholdOperator, (value: number, limit: number) => boolean>> = {
  '>': (value, limit) => value > limit,
  '>=': (value, limit) => value >= limit,
  '<': (value, limit) => value < limit,
  '<=': (value, limit) => value <= limit,
};

/** What a FieldReader feeds: a rule watching each series of its path. */
export interface SeriesWatch {
  observe(subject: string, value: number, now: number): void;
  tick(now: number): void;
}

/**
 * One compiled path of one channel and the rules that compare it.
 *
 * Motivation: 100 rules each walking the payload for their own path took
 * the feed from 15,900 to 9,600 msg/s in `npm run bench -- --only=alert-rules`
 * (4 distinct paths); reading each distinct path once per message is what
 * the rules actually need.
 */
export class FieldReader {
  private readonly watches: SeriesWatch[] = [];
  /** The threshold watches among `watches`, while every watch is one and the path has no wildcard; null otherwise. */
  private thresholds: ThresholdWatch[] | null = [];
  /**
   * While every threshold is quiet (not holding, not firing), a value below
   * `quietBelow` and above `quietAbove` changes nothing and is not handed
   * to each watch. Motivation: 100 quiet rules over 4 paths cost 1.05 µs
   * per message handed to every watch, against 5.5 µs for the lane itself
   * (bench alert-rules-cpu); see bench/README.md, session 6.
   */
  private quietBelow = Number.POSITIVE_INFINITY;
  private quietAbove = Number.NEGATIVE_INFINITY;
  private areAllQuiet = false;
  private readonly visit: (name: string, value: number) => void;

  /**
   * `clock` is read only for a value that reaches the watches: a quiet
   * value needs no time.
   * Motivation: one Date.now() per message was 40 of the 180 ns that 100
   * quiet rules over 4 paths cost per message (CPU time, 2,000,000 messages,
   * session 9).
   */
  constructor(
    private readonly extractor: FieldExtractor,
    private readonly clock: () => number,
  ) {
    if (extractor.hasWildcard) this.thresholds = null;
    // One closure for the reader's life: the hot path allocates nothing per message.
    this.visit = (name, value) => {
      if (this.areAllQuiet && value < this.quietBelow && value > this.quietAbove) return;
      const subject = extractor.hasWildcard ? name : '';
      const now = this.clock();
      for (const watch of this.watches) watch.observe(subject, value, now);
      this.checkQuiet();
    };
  }

  add(watch: SeriesWatch): void {
    this.watches.push(watch);
    if (this.thresholds === null) return;
    if (!(watch instanceof ThresholdWatch)) {
      this.thresholds = null;
      this.areAllQuiet = false;
      return;
    }
    this.thresholds.push(watch);
    const { operator, value } = watch.rule;
    if (operator === '>' || operator === '>=') this.quietBelow = Math.min(this.quietBelow, value);
    else this.quietAbove = Math.max(this.quietAbove, value);
    this.checkQuiet();
  }

  /** The path's first `depth` key steps. */
  get leadingSteps(): readonly string[] {
    return this.extractor.leadingSteps;
  }

  /** Follows this path's first `depth` steps (shared with other readers of the message). */
  descend(value: unknown, depth: number): unknown {
    return this.extractor.descend(value, depth);
  }

  /** Reads the path in a value already reached by its first `depth` steps (descend's answer). */
  readFrom(value: unknown, depth: number): void {
    this.extractor.forEachFrom(value, depth, this.visit);
  }

  tick(now: number): void {
    for (const watch of this.watches) watch.tick(now);
    this.checkQuiet();
  }

  private checkQuiet(): void {
    const thresholds = this.thresholds;
    if (thresholds === null) return;
    let areAllQuiet = true;
    for (const watch of thresholds) if (!watch.isQuiet()) areAllQuiet = false;
    this.areAllQuiet = areAllQuiet;
  }
}

export class ThresholdWatch implements SeriesWatch {
  private readonly series = new Map<string, SeriesCondition>();
  /** The series of a path without a wildcard (subject ''), also in `series`: looked up on every message, so kept at hand. */
  private plainSeries: SeriesCondition | undefined;
  private readonly compare: (value: number, limit: number) => boolean;
  private readonly limit: number;
  private readonly pendingMs: number;
  private readonly resolveMs: number;
  /** Series refused because the rule already watched MAX_SERIES_PER_RULE. */
  ignoredSeries = 0;

  constructor(
    readonly rule: ThresholdRule,
    private readonly events: ThresholdEvents,
  ) {
    this.compare = COMPARE[rule.operator];
    this.limit = rule.value;
    this.pendingMs = rule.pendingSeconds * 1000;
    this.resolveMs = rule.resolveSeconds * 1000;
  }

  /** Moves pending and resolving series on when no message arrives to do it. */
  tick(now: number): void {
    for (const [subject, condition] of this.series) this.advance(subject, condition, now);
  }

  /** The path's one series (no wildcard) neither holds nor fires: a value that does not cross changes nothing but its lastValue, which is read only when it next holds. */
  isQuiet(): boolean {
    const condition = this.plainSeries;
    return condition === undefined || (condition.trueSince === null && !condition.isFiring);
  }

  /**
   * Called for every message by every rule of its path, so the common case
   * (the value stays on the quiet side) returns without more work.
   * Motivation: bench alert-rules, 100 rules; see bench/README.md, session 6.
   */
  observe(subject: string, value: number, now: number): void {
    const condition = (subject === '' ? this.plainSeries : undefined) ?? this.seriesOf(subject, value);
    if (condition === undefined) return;
    condition.lastValue = value;
    // NaN is a gap, not a crossing: it neither starts nor ends the condition.
    if (Number.isNaN(value)) return;
    if (this.compare(value, this.limit)) {
      condition.trueSince ??= now;
      condition.falseSince = null;
      if (!condition.isFiring) this.advance(subject, condition, now);
    } else {
      condition.trueSince = null;
      if (!condition.isFiring) return;
      condition.falseSince ??= now;
      this.advance(subject, condition, now);
    }
  }

  /** The subject's series, made on first sight; undefined once the rule watches MAX_SERIES_PER_RULE. */
  private seriesOf(subject: string, value: number): SeriesCondition | undefined {
    let condition = this.series.get(subject);
    if (condition) return condition;
    if (this.series.size >= MAX_SERIES_PER_RULE) {
      this.ignoredSeries++;
      return undefined;
    }
    condition = { trueSince: null, falseSince: null, isFiring: false, lastValue: value };
    this.series.set(subject, condition);
    if (subject === '') this.plainSeries = condition;
    return condition;
  }

  private advance(subject: string, condition: SeriesCondition, now: number): void {
    if (!condition.isFiring && condition.trueSince !== null && now - condition.trueSince >= this.pendingMs) {
      condition.isFiring = true;
      this.events.fire(subject, condition.lastValue);
    } else if (condition.isFiring && condition.falseSince !== null && now - condition.falseSince >= this.resolveMs) {
      condition.isFiring = false;
      condition.falseSince = null;
      this.events.resolve(subject, condition.lastValue);
    }
  }
}

export function describeThreshold(rule: ThresholdRule, subject: string, value: number): string {
  const where = subject ? `${rule.channel} ${subject}` : `${rule.channel} ${rule.fieldPath}`;
  return `${where} is ${value} (${rule.operator} ${rule.value} for ${rule.pendingSeconds} s)`;
}
