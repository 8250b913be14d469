/**
 * An EEG channel flat or railed for a while: each series of the rule's
 * path (`channels.*` gives Ch0, Ch1, ...) is judged on its own. Flat: the
 * value stayed within `flatWithin` of where it last moved for `seconds`.
 * Railed: at or beyond ±`railAt` without a break for `seconds`. Judged on
 * arriving samples only; a stream that stops is the silent-channel rule's
 * business.
 */
import type { SignalQualityRule } from '../../shared/features/alertsContract';
import type { SeriesWatch } from './thresholdWatch';
import { MAX_SERIES_PER_RULE } from './thresholdWatch';

export type SignalProblem = 'flat' | 'railed';

export interface SignalQualityEvents {
  fire(problem: SignalProblem, subject: string, value: number): void;
  resolve(problem: SignalProblem, subject: string): void;
}

interface SeriesQuality {
  reference: number;
  steadySince: number;
  railedSince: number | null;
  isFlat: boolean;
  isRailed: boolean;
}

export class SignalQualityWatch implements SeriesWatch {
  private readonly series = new Map<string, SeriesQuality>();
  ignoredSeries = 0;

  constructor(
    readonly rule: SignalQualityRule,
    private readonly events: SignalQualityEvents,
  ) {}

  observe(subject: string, value: number, now: number): void {
    if (Number.isNaN(value)) return;
    let quality = this.series.get(subject);
    if (!quality) {
      if (this.series.size >= MAX_SERIES_PER_RULE) {
        this.ignoredSeries++;
        return;
      }
      quality = { reference: value, steadySince: now, railedSince: null, isFlat: false, isRailed: false };
      this.series.set(subject, quality);
    }
    const holdMs = this.rule.seconds * 1000;
    if (Math.abs(value - quality.reference) > this.rule.flatWithin) {
      quality.reference = value;
      quality.steadySince = now;
      if (quality.isFlat) {
        quality.isFlat = false;
        this.events.resolve('flat', subject);
      }
    } else if (!quality.isFlat && now - quality.steadySince >= holdMs) {
      quality.isFlat = true;
      this.events.fire('flat', subject, value);
    }
    if (this.rule.railAt === null) return;
    if (Math.abs(value) >= this.rule.railAt) {
      quality.railedSince ??= now;
      if (!quality.isRailed && now - quality.railedSince >= holdMs) {
        quality.isRailed = true;
        this.events.fire('railed', subject, value);
      }
    } else {
      quality.railedSince = null;
      if (quality.isRailed) {
        quality.isRailed = false;
        this.events.resolve('railed', subject);
      }
    }
  }

  tick(): void {
    // Judged on arriving samples only (see the header).
  }
}

export function describeSignalProblem(rule: SignalQualityRule, problem: SignalProblem, subject: string, value: number): string {
  const where = `${rule.channel} ${subject || rule.fieldPath}`;
  return problem === 'flat'
    ? `${where} is flat at ${value} (changed less than ${rule.flatWithin} for ${rule.seconds} s)`
    : `${where} is railed at ${value} (beyond ±${rule.railAt} for ${rule.seconds} s)`;
}
