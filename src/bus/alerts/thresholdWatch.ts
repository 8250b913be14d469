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

/**
 * One compiled path of one channel and the rules that compare it.
 *
 * Motivation: 100 rules each walking the payload for their own path took
 * the feed from 15,900 to 9,600 msg/s in `npm run bench -- --only=alert-rules`
 * (4 distinct paths); reading each distinct path once per message is what
 * the rules actually need.
 */
/** What a FieldReader feeds: a rule watching each series of its path. */
export interface SeriesWatch {
  observe(subject: string, value: number, now: number): void;
  tick(now: number): void;
}

export class FieldReader {
  readonly watches: SeriesWatch[] = [];
  private now = 0;
  private readonly visit: (name: string, value: number) => void;

  constructor(private readonly extractor: FieldExtractor) {
    // One closure for the reader's life: the hot path allocates nothing per message.
    this.visit = (name, value) => {
      const subject = extractor.hasWildcard ? name : '';
      for (const watch of this.watches) watch.observe(subject, value, this.now);
    };
  }

  read(value: unknown, now: number): void {
    this.now = now;
    this.extractor.forEach(value, this.visit);
  }
}

export class ThresholdWatch implements SeriesWatch {
  private readonly series = new Map<string, SeriesCondition>();
  private readonly compare: (value: number, limit: number) => boolean;
  /** Series refused because the rule already watched MAX_SERIES_PER_RULE. */
  ignoredSeries = 0;

  constructor(
    readonly rule: ThresholdRule,
    private readonly events: ThresholdEvents,
  ) {
    this.compare = COMPARE[rule.operator];
  }

  /** Moves pending and resolving series on when no message arrives to do it. */
  tick(now: number): void {
    for (const [subject, condition] of this.series) this.advance(subject, condition, now);
  }

  observe(subject: string, value: number, now: number): void {
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
      condition.trueSince ??= now;
      condition.falseSince = null;
    } else {
      condition.trueSince = null;
      if (condition.isFiring) condition.falseSince ??= now;
    }
    this.advance(subject, condition, now);
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
