/**
 * The alerts of one profile while the bus runs: subscribes (through the
 * source router, so any source works) to its alert channels and to the
 * channels its rules watch, feeds messages to the rules, and moves the
 * alert book on a clock so pending times, resolve times, silent channels
 * and silences end even when no message arrives. Runs whether or not any
 * window shows it.
 */
import type { ConnectionState } from '../../shared/connectionState';
import { AUTOMATIC_CHANGE_BY, type AlertSettings, type AlertView, type SignalQualityRule, type SilentChannelRule } from '../../shared/features/alertsContract';
import type { LaneTarget } from '../../shared/liveChannels';
import type { AgentSignal } from '../agents/agentSignals';
import type { MessageSource, SourceMessage, SourceSubscription } from '../sources/messageSource';
import { AlertBook, alertIdOf } from './alertBook';
import type { AlertHistoryLog } from './alertHistoryLog';
import { readChannelAlert } from './alertPayload';
import { readRuleValue } from './ruleValue';
import { describeSignalProblem, SignalQualityWatch, type SignalProblem } from './signalQualityWatch';
import { describeThreshold, FieldReader, ThresholdWatch } from './thresholdWatch';
import { compileFieldPath } from '../signal/fieldPath';

export interface ProfileAlertsOptions {
  profileId: string;
  source: MessageSource;
  clock: () => number;
  history: AlertHistoryLog;
  onDidChange(): void;
  onDidNeedNotice(alert: AlertView): void;
}

interface SilentWatch {
  rule: SilentChannelRule;
  lastMessageAt: number;
  isFiring: boolean;
}

interface ChannelRoute {
  isAlertChannel: boolean;
  /** One reader per distinct field path; its watches are the rules comparing that path. */
  readers: Map<string, FieldReader>;
  /** The same readers as a list: the hot path loops over it without an iterator per message. */
  readerList: FieldReader[];
  /**
   * Key steps every reader's path starts with (`data.telemetry` for
   * `data.telemetry.co2` and `data.telemetry.tvoc`): walked once per message.
   * Motivation: 100 rules over 4 such paths walked `data` and `telemetry`
   * four times per message (bench alert-rules-cpu, bench/README session 8).
   */
  sharedDepth: number;
  silent: SilentWatch[];
}

const REDIS_GLOB = /[*?[]/;
/** Rules read numbers sent as text ("23.5") as the numbers they spell, as the agent board does; plots do not. */
const RULE_READING = { isNumericTextRead: true } as const;

export class ProfileAlerts {
  readonly book: AlertBook;
  private settings: AlertSettings | null = null;
  private subscriptions: SourceSubscription[] = [];
  private routes = new Map<string, ChannelRoute>();
  /** Rules that could not start (a path that does not compile), by rule id, in words. */
  readonly ruleProblems = new Map<string, string>();

  constructor(private readonly options: ProfileAlertsOptions) {
    this.book = new AlertBook(options.clock, {
      onDidChange: options.onDidChange,
      onDidRecord: (entry) => void options.history.append(entry),
      onDidNeedNotice: options.onDidNeedNotice,
    });
  }

  currentSettings(): AlertSettings | null {
    return this.settings;
  }

  /** Starts (or restarts) watching with these settings: old subscriptions end, rules start afresh. */
  apply(settings: AlertSettings): void {
    this.stopWatching();
    this.settings = settings;
    this.ruleProblems.clear();
    const now = this.options.clock();
    const routeOf = (channel: string): ChannelRoute => {
      let route = this.routes.get(channel);
      if (!route) {
        route = { isAlertChannel: false, readers: new Map(), readerList: [], sharedDepth: 0, silent: [] };
        this.routes.set(channel, route);
      }
      return route;
    };
    for (const channel of settings.alertChannels) routeOf(channel).isAlertChannel = true;
    for (const rule of settings.rules) {
      if (rule.kind === 'silence') {
        routeOf(rule.channel).silent.push({ rule, lastMessageAt: now, isFiring: false });
        continue;
      }
      const route = routeOf(rule.channel);
      let reader = route.readers.get(rule.fieldPath);
      if (!reader) {
        const compiled = compileFieldPath(rule.fieldPath, RULE_READING);
        if (!compiled.ok) {
          this.ruleProblems.set(rule.id, compiled.error.message);
          continue;
        }
        reader = new FieldReader(compiled.value, this.options.clock);
        route.readers.set(rule.fieldPath, reader);
        route.readerList.push(reader);
      }
      if (rule.kind === 'signalQuality') {
        reader.add(this.signalQualityWatch(rule));
        continue;
      }
      const watch = new ThresholdWatch(rule, {
        fire: (subject, value) =>
          this.book.raise({
            origin: 'threshold',
            source: rule.channel,
            rule: rule.name || rule.id,
            ruleKey: rule.id,
            subject,
            severity: rule.severity,
            rawSeverity: null,
            message: describeThreshold(rule, subject, value),
          }),
        resolve: (subject) => this.book.resolve(alertIdOf(rule.channel, rule.id, subject)),
      });
      reader.add(watch);
    }
    for (const [channel, route] of this.routes) {
      route.sharedDepth = sharedDepthOf(route.readerList);
      this.subscribe(channel, route);
    }
  }

  tick(): void {
    const now = this.options.clock();
    this.book.tick();
    for (const route of this.routes.values()) {
      for (const reader of route.readers.values()) reader.tick(now);
      for (const silent of route.silent) this.checkSilent(silent, now);
    }
  }

  handleAgentSignal(signal: AgentSignal): void {
    if (!this.settings?.isAgentRuleOn) return;
    const stale = alertIdOf('agents', 'agent stale', signal.agentId);
    const error = alertIdOf('agents', 'agent error', signal.agentId);
    if (signal.state === 'stale') {
      this.book.raise({ origin: 'agent', source: 'agents', rule: 'agent stale', subject: signal.agentId, severity: 'warning', rawSeverity: null, message: `${agentTitleOf(signal)} stopped reporting (STALE)` });
    } else if (signal.state === 'error') {
      this.book.raise({ origin: 'agent', source: 'agents', rule: 'agent error', subject: signal.agentId, severity: 'critical', rawSeverity: null, message: `${agentTitleOf(signal)} reports an error${signal.lastError ? `: ${signal.lastError}` : ''}` });
    }
    if (signal.state !== 'stale') this.book.resolve(stale);
    if (signal.state !== 'error') this.book.resolve(error);
  }

  handleReceiving(state: ConnectionState): void {
    if (!this.settings?.isConnectionRuleOn) return;
    const id = alertIdOf('connection', 'connection lost', '');
    if (state.state === 'reconnecting' || state.state === 'failed') {
      const reason = state.state === 'reconnecting' ? state.lastError.message : state.reason.message;
      this.book.raise({ origin: 'connection', source: 'connection', rule: 'connection lost', subject: '', severity: 'critical', rawSeverity: null, message: `The connection to the server was lost: ${reason}` });
    } else if (state.state === 'ready') {
      this.book.resolve(id);
    }
  }

  dispose(): void {
    this.stopWatching();
  }

  private subscribe(channel: string, route: ChannelRoute): void {
    const target: LaneTarget = REDIS_GLOB.test(channel) ? { kind: 'pattern', pattern: channel } : { kind: 'channel', name: channel };
    const subscription = this.options.source.subscribe(this.options.profileId, target, (message) => this.receive(route, message));
    subscription.onDidChangeState((state) => {
      if (!this.settings?.isConnectionRuleOn) return;
      const id = alertIdOf('connection', 'subscription refused', channel);
      if (state.state === 'refused') {
        this.book.raise({ origin: 'connection', source: 'connection', rule: 'subscription refused', subject: channel, severity: 'critical', rawSeverity: null, message: `The server refused the subscription to ${channel}: ${state.error.message}` });
      } else if (state.state === 'active') {
        this.book.resolve(id);
      }
    });
    this.subscriptions.push(subscription);
  }

  private receive(route: ChannelRoute, message: SourceMessage): void {
    // The clock is read where something needs the time (readers read it only for a value that is not quiet).
    if (route.silent.length > 0) {
      const now = this.options.clock();
      for (const silent of route.silent) {
        silent.lastMessageAt = now;
        if (silent.isFiring) this.checkSilent(silent, now);
      }
    }
    if (route.isAlertChannel) this.receiveAlert(message);
    const readers = route.readerList;
    if (readers.length === 0) return;
    const value = readRuleValue(message);
    if (value === undefined) return;
    const depth = route.sharedDepth;
    const start = depth === 0 ? value : readers[0]!.descend(value, depth);
    if (start === undefined) return;
    for (let index = 0; index < readers.length; index++) readers[index]!.readFrom(start, depth);
  }

  private receiveAlert(message: SourceMessage): void {
    const { isResolution, ...alert } = readChannelAlert(message.payload);
    const source = message.channel.toString('utf8');
    if (isResolution) {
      this.book.resolve(alertIdOf(source, alert.rule, alert.subject), AUTOMATIC_CHANGE_BY, alert.message);
      return;
    }
    this.book.raise({ origin: 'channel', source, ...alert });
  }

  private signalQualityWatch(rule: SignalQualityRule): SignalQualityWatch {
    const ruleName = (problem: SignalProblem): string => `${rule.name || rule.id} (${problem})`;
    const ruleKey = (problem: SignalProblem): string => `${rule.id} (${problem})`;
    return new SignalQualityWatch(rule, {
      fire: (problem, subject, value) =>
        this.book.raise({
          origin: 'signalQuality',
          source: rule.channel,
          rule: ruleName(problem),
          ruleKey: ruleKey(problem),
          subject,
          severity: rule.severity,
          rawSeverity: null,
          message: describeSignalProblem(rule, problem, subject, value),
        }),
      resolve: (problem, subject) => this.book.resolve(alertIdOf(rule.channel, ruleKey(problem), subject)),
    });
  }

  private checkSilent(silent: SilentWatch, now: number): void {
    const { rule } = silent;
    const isSilent = now - silent.lastMessageAt > rule.silentSeconds * 1000;
    if (isSilent === silent.isFiring) return;
    silent.isFiring = isSilent;
    const name = rule.name || rule.id;
    if (isSilent) {
      this.book.raise({ origin: 'silence', source: rule.channel, rule: name, ruleKey: rule.id, subject: '', severity: rule.severity, rawSeverity: null, message: `No message on ${rule.channel} for more than ${rule.silentSeconds} s` });
    } else {
      this.book.resolve(alertIdOf(rule.channel, rule.id, ''));
    }
  }

  private stopWatching(): void {
    for (const subscription of this.subscriptions) void subscription.unsubscribe();
    this.subscriptions = [];
    this.routes = new Map();
  }
}

/** How many leading key steps every reader's path has in common. */
function sharedDepthOf(readers: readonly FieldReader[]): number {
  const first = readers[0]?.leadingSteps ?? [];
  let depth = first.length;
  for (const reader of readers) {
    const steps = reader.leadingSteps;
    let common = 0;
    while (common < depth && common < steps.length && steps[common] === first[common]) common++;
    depth = common;
  }
  return depth;
}

/**
 * The agent as an alert names it: its name with its id, as its card's title
 * says it, or the id alone when no message named it. Every agent alert then
 * carries the id the board shows, whether or not the agent has a name.
 */
function agentTitleOf(signal: AgentSignal): string {
  return signal.name && signal.name !== signal.agentId ? `${signal.name} (${signal.agentId})` : signal.agentId;
}
