/**
 * One profile's alerts and their states. Repeats of the same (source, rule,
 * subject) raise the occurrence count of one alert; acknowledgements,
 * silences and resolutions move its state, and every move is handed to the
 * history. Time comes from an injected clock so tests decide what "30 s
 * later" means.
 *
 * Rules of state: a resolved alert stays resolved until it fires again (an
 * acknowledgement that arrives after an automatic resolve changes nothing);
 * an acknowledged alert stays visible until it resolves and is not
 * notified again; a silenced alert is not notified and returns to firing
 * (or acknowledged) when its silence ends.
 */
import {
  AUTOMATIC_CHANGE_BY,
  type AlertHistoryEntry,
  type AlertList,
  type AlertOrigin,
  type AlertSeverity,
  type AlertView,
  type SilenceScope,
} from '../../shared/features/alertsContract';

export interface AlertRaise {
  origin: AlertOrigin;
  source: string;
  /** The rule as shown: its name (its id when unnamed), or the alert's own words on a channel. */
  rule: string;
  /**
   * What tells this rule's alerts from another's in the alert's id: the
   * bus's own rules give their id, because two rules may share a name (the
   * editor names every silence rule on a channel "<channel> silent");
   * absent, the shown `rule` is the key.
   */
  ruleKey?: string;
  subject: string;
  severity: AlertSeverity;
  rawSeverity: string | null;
  message: string;
}

export interface AlertBookListener {
  onDidChange(): void;
  onDidRecord(entry: AlertHistoryEntry): void;
  /** A critical alert fired or repeated while nobody has acknowledged or silenced it. */
  onDidNeedNotice(alert: AlertView): void;
}

interface Silence {
  /** 'all': a mute window over every alert of the profile (maintenance). */
  scope: SilenceScope | 'all';
  /** Epoch ms when it starts: now for a silence, later for a scheduled mute window. */
  from: number;
  /** The rule, source or subject it covers. */
  value: string;
  until: number;
  operator: string;
  reason: string;
}

/** Bounded: beyond this the oldest resolved alerts are forgotten (and counted). */
export const MAX_ALERTS_PER_PROFILE = 2000;
export const MAX_SILENCES_PER_PROFILE = 500;
/** A firing alert that keeps repeating is noticed again at most this often. */
export const RENOTICE_INTERVAL_MS = 5 * 60_000;

export function alertIdOf(source: string, rule: string, subject: string): string {
  return JSON.stringify([source, rule, subject]);
}

export class AlertBook {
  private readonly alerts = new Map<string, AlertView>();
  private readonly lastNoticeAt = new Map<string, number>();
  private silences: Silence[] = [];
  private forgotten = 0;
  private lastTickAt = 0;

  constructor(
    private readonly clock: () => number,
    private readonly listener: AlertBookListener,
  ) {}

  raise({ ruleKey, ...raise }: AlertRaise): AlertView {
    const now = this.clock();
    const id = alertIdOf(raise.source, ruleKey ?? raise.rule, raise.subject);
    const existing = this.alerts.get(id);
    if (existing && existing.state !== 'resolved') {
      existing.occurrences++;
      existing.lastSeen = now;
      existing.message = raise.message;
      existing.severity = raise.severity;
      existing.rawSeverity = raise.rawSeverity;
      // Map order is newest-last-seen last, for the forgetting order and the list.
      this.alerts.delete(id);
      this.alerts.set(id, existing);
      this.maybeNotice(existing, now);
      this.listener.onDidChange();
      return existing;
    }
    const alert: AlertView = {
      id,
      ...raise,
      state: 'firing',
      occurrences: (existing?.occurrences ?? 0) + 1,
      firstSeen: existing?.firstSeen ?? now,
      lastSeen: now,
      acknowledgement: null,
      silence: null,
      resolvedAt: null,
    };
    this.alerts.delete(id);
    this.alerts.set(id, alert);
    const silence = this.silenceFor(alert, now);
    if (silence) this.applySilence(alert, silence);
    this.record(alert, 'fired', AUTOMATIC_CHANGE_BY, raise.message, now);
    this.lastNoticeAt.delete(id);
    this.maybeNotice(alert, now);
    this.forgetBeyondCap();
    this.listener.onDidChange();
    return alert;
  }

  /** Resolves the alert if it is open; `by` is AUTOMATIC_CHANGE_BY for rules and channel messages. */
  resolve(id: string, by = AUTOMATIC_CHANGE_BY, note = ''): void {
    const alert = this.alerts.get(id);
    if (!alert || alert.state === 'resolved') return;
    const now = this.clock();
    alert.state = 'resolved';
    alert.resolvedAt = now;
    alert.silence = null;
    this.record(alert, 'resolved', by, note, now);
    this.listener.onDidChange();
  }

  get(id: string): AlertView | undefined {
    return this.alerts.get(id);
  }

  /** A resolved alert stays resolved (the race with an automatic resolve); it is returned as it is. */
  acknowledge(id: string, operator: string, note: string): AlertView | undefined {
    const alert = this.alerts.get(id);
    if (!alert || alert.state === 'resolved') return alert;
    const now = this.clock();
    alert.acknowledgement = { operator, note, at: now };
    if (alert.state === 'firing') alert.state = 'acknowledged';
    this.record(alert, 'acknowledged', operator, note, now);
    this.listener.onDidChange();
    return alert;
  }

  /** Silences every open alert sharing the chosen alert's rule, source or subject, and those raised later, until `until`. */
  silence(id: string, scope: SilenceScope, until: number, operator: string, reason: string): number | undefined {
    const chosen = this.alerts.get(id);
    if (!chosen) return undefined;
    const now = this.clock();
    const silence: Silence = { scope, value: chosen[scope], from: now, until, operator, reason };
    this.silences.push(silence);
    if (this.silences.length > MAX_SILENCES_PER_PROFILE) this.silences.shift();
    let count = 0;
    for (const alert of this.alerts.values()) {
      if (alert.state === 'resolved' || alert[scope] !== silence.value) continue;
      this.applySilence(alert, silence);
      this.record(alert, 'silenced', operator, reason, now);
      count++;
    }
    this.listener.onDidChange();
    return count;
  }

  /** A mute window: every alert of the profile is silenced from `from` to `until` (maintenance). */
  scheduleMute(from: number, until: number, operator: string, reason: string): void {
    this.silences.push({ scope: 'all', value: '', from, until, operator, reason });
    if (this.silences.length > MAX_SILENCES_PER_PROFILE) this.silences.shift();
    this.tick(true);
  }

  /** Mute windows not over yet, soonest first. */
  mutes(): Array<{ from: number; until: number; operator: string; reason: string }> {
    const now = this.clock();
    return this.silences
      .filter((silence) => silence.scope === 'all' && silence.until > now)
      .sort((left, right) => left.from - right.from)
      .map(({ from, until, operator, reason }) => ({ from, until, operator, reason }));
  }

  /** Starts mute windows whose time has come and ends silences whose time is up; returns whether anything changed. */
  tick(isForced = false): boolean {
    const now = this.clock();
    const before = this.silences.length;
    this.silences = this.silences.filter((silence) => silence.until > now);
    const isStarting = this.silences.some((silence) => silence.scope === 'all' && silence.from <= now && silence.from > this.lastTickAt);
    const wasLastTickAt = this.lastTickAt;
    this.lastTickAt = now;
    if (this.silences.length === before && !isStarting && !isForced) return false;
    let isChanged = false;
    for (const alert of this.alerts.values()) {
      if (alert.state === 'resolved') continue;
      const next = this.silenceFor(alert, now);
      if (next && alert.state !== 'silenced') {
        this.applySilence(alert, next);
        this.record(alert, 'silenced', next.operator, next.reason, now);
        isChanged = true;
      } else if (next) {
        this.applySilence(alert, next);
      } else if (alert.state === 'silenced') {
        alert.silence = null;
        alert.state = alert.acknowledgement ? 'acknowledged' : 'firing';
        this.record(alert, 'unsilenced', AUTOMATIC_CHANGE_BY, '', now);
        isChanged = true;
      }
    }
    if (isChanged || this.silences.length !== before || wasLastTickAt === 0) this.listener.onDidChange();
    return isChanged;
  }

  list(): AlertList {
    return {
      alerts: [...this.alerts.values()].reverse().map((alert) => ({ ...alert })),
      unacknowledged: this.unacknowledged(),
      forgotten: this.forgotten,
      mutes: this.mutes(),
    };
  }

  unacknowledged(): number {
    let count = 0;
    for (const alert of this.alerts.values()) if (alert.state === 'firing') count++;
    return count;
  }

  private silenceFor(alert: AlertView, now: number): Silence | undefined {
    let found: Silence | undefined;
    for (const silence of this.silences) {
      if (silence.until <= now || silence.from > now) continue;
      if (silence.scope !== 'all' && alert[silence.scope] !== silence.value) continue;
      if (!found || silence.until > found.until) found = silence;
    }
    return found;
  }

  private applySilence(alert: AlertView, silence: Silence): void {
    alert.state = 'silenced';
    alert.silence = { operator: silence.operator, reason: silence.reason, until: silence.until, scope: silence.scope };
  }

  private maybeNotice(alert: AlertView, now: number): void {
    if (alert.severity !== 'critical' || alert.state !== 'firing') return;
    const last = this.lastNoticeAt.get(alert.id);
    if (last !== undefined && now - last < RENOTICE_INTERVAL_MS) return;
    this.lastNoticeAt.set(alert.id, now);
    this.listener.onDidNeedNotice(alert);
  }

  private record(alert: AlertView, change: AlertHistoryEntry['change'], by: string, note: string, at: number): void {
    this.listener.onDidRecord({ at, alertId: alert.id, source: alert.source, rule: alert.rule, subject: alert.subject, severity: alert.severity, change, by, note });
  }

  private forgetBeyondCap(): void {
    if (this.alerts.size <= MAX_ALERTS_PER_PROFILE) return;
    // Oldest first: resolved ones go before any open one does.
    for (const [id, alert] of this.alerts) {
      if (this.alerts.size <= MAX_ALERTS_PER_PROFILE) return;
      if (alert.state !== 'resolved') continue;
      this.alerts.delete(id);
      this.lastNoticeAt.delete(id);
      this.forgotten++;
    }
    for (const id of this.alerts.keys()) {
      if (this.alerts.size <= MAX_ALERTS_PER_PROFILE) return;
      this.alerts.delete(id);
      this.lastNoticeAt.delete(id);
      this.forgotten++;
    }
  }
}
