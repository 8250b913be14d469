/**
 * One threshold rule over the messages of its channel: the condition must
 * hold for the pending time before the alert fires, and stay false for the
 * resolve time before it resolves, so a value hovering at the threshold
 * does not flap. A wildcard path (`channels.*`) watches each series it
 * reaches as its own subject.
 */
import type { ThresholdOperator, ThresholdRule } from '../../shared/features/alertsContract';
import { compileFieldPath, type FieldExtractor } from '../signal/fieldPath';

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

export class ThresholdWatch {
  private readonly series = new Map<string, SeriesCondition>();
  private readonly compare: (value: number, limit: number) => boolean;
  private readonly visit: (name: string, value: number) => void;
  private now = 0;
  /** Series refused because the rule already watched MAX_SERIES_PER_RULE. */
  ignoredSeries = 0;

  private constructor(
    readonly rule: ThresholdRule,
    private readonly extractor: FieldExtractor,
    private readonly events: ThresholdEvents,
  ) {
    this.compare = COMPARE[rule.operator];
    // One closure for the watch's life: the hot path allocates nothing per message.
    this.visit = (name, value) => this.observeSeries(extractor.hasWildcard ? name : '', value);
  }

  static create(rule: ThresholdRule, events: ThresholdEvents): ThresholdWatch | string {
    const compiled = compileFieldPath(rule.fieldPath);
    if (!compiled.ok) return compiled.error.message;
    return new ThresholdWatch(rule, compiled.value, events);
  }

  observe(value: unknown, now: number): void {
    this.now = now;
    this.extractor.forEach(value, this.visit);
  }

  /** Moves pending and resolving series on when no message arrives to do it. */
  tick(now: number): void {
    for (const [subject, condition] of this.series) this.advance(subject, condition, now);
  }

  private observeSeries(subject: string, value: number): void {
    let condition = this.series.get(subject);
    if (!condition) {
      if (this.series.size >= MAX_SERIES_PER_RULE) {
        this.ignoredSeries++;
        return;
      }
      condition = { trueSince: null, falseSince: null, isFiring: false, lastValue: value };
      this.series.set(subject, condition);
    }
    condition.lastValue = value;
    // NaN is a gap, not a crossing: it neither starts nor ends the condition.
    if (Number.isNaN(value)) return;
    if (this.compare(value, this.rule.value)) {
      condition.trueSince ??= this.now;
      condition.falseSince = null;
    } else {
      condition.trueSince = null;
      if (condition.isFiring) condition.falseSince ??= this.now;
    }
    this.advance(subject, condition, this.now);
  }

  private advance(subject: string, condition: SeriesCondition, now: number): void {
    if (!condition.isFiring && condition.trueSince !== null && now - condition.trueSince >= this.rule.pendingSeconds * 1000) {
      condition.isFiring = true;
      this.events.fire(subject, condition.lastValue);
    } else if (condition.isFiring && condition.falseSince !== null && now - condition.falseSince >= this.rule.resolveSeconds * 1000) {
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
