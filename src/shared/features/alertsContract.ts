/**
 * The alerts feature's slice of the contract: alerts raised on alert
 * channels and by rules the bus evaluates, their states (firing,
 * acknowledged, silenced, resolved), the history of every change, and the
 * per-profile rules and settings.
 */
import { arrayOf, boolean, channelNameCheck, empty, idCheck, integer, nullable, number, oneOf, optional, shape, string, variants } from '../requestChecks';
import { request } from '../requestSlice';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATES = ['firing', 'acknowledged', 'silenced', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Where an alert came from: a message on an alert channel, or a rule the bus evaluates. */
export type AlertOrigin = 'channel' | 'threshold' | 'silence' | 'signalQuality' | 'agent' | 'connection';

export interface AlertAcknowledgement {
  operator: string;
  note: string;
  at: number;
}

export interface AlertSilenceView {
  operator: string;
  reason: string;
  /** Epoch ms when the silence ends. */
  until: number;
  /** 'all': a scheduled mute window. */
  scope: SilenceScope | 'all';
}

/** A maintenance window: every alert of the profile silenced from `from` to `until`. */
export interface MuteWindow {
  from: number;
  until: number;
  operator: string;
  reason: string;
}

/** One alert per (source, rule, subject): repeats raise `occurrences`, not new rows. */
export interface AlertView {
  /** Stable for the (source, rule, subject) triple; for the bus's own rules the rule is known by its id, so two rules with one name stay two alerts. */
  id: string;
  origin: AlertOrigin;
  /** The channel it arrived on, or the rule's channel; the profile for connection alerts. */
  source: string;
  /** The rule's name (its id when unnamed), or the alert's own `type`/`rule` field on a channel ('' when it had none). */
  rule: string;
  /** What the alert is about: a device, an agent, a user ('' when nothing says). */
  subject: string;
  severity: AlertSeverity;
  /** What the message carried, when it was not one of the three words (shown beside the normalised one). */
  rawSeverity: string | null;
  message: string;
  state: AlertState;
  occurrences: number;
  firstSeen: number;
  lastSeen: number;
  acknowledgement: AlertAcknowledgement | null;
  silence: AlertSilenceView | null;
  resolvedAt: number | null;
}

export interface AlertList {
  /** Newest first (by last seen). */
  alerts: AlertView[];
  /** Firing alerts nobody has acknowledged or silenced: the count the shell shows. */
  unacknowledged: number;
  /** Oldest resolved alerts forgotten to keep the list bounded. */
  forgotten: number;
  /** Mute windows not over yet, soonest first. */
  mutes: MuteWindow[];
}

export const THRESHOLD_OPERATORS = ['>', '>=', '<', '<='] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

/** A numeric field path of a channel crossing a value for a while. Numbers sent as text ("23.5") count as the numbers they spell. */
export interface ThresholdRule {
  kind: 'threshold';
  id: string;
  name: string;
  channel: string;
  fieldPath: string;
  operator: ThresholdOperator;
  value: number;
  /** The condition must hold this long before the alert fires (pending time). */
  pendingSeconds: number;
  /** The condition must stay false this long before the alert resolves (no flapping). */
  resolveSeconds: number;
  severity: AlertSeverity;
}

/** A channel with no message for longer than `silentSeconds` (an EEG stream that stops). */
export interface SilentChannelRule {
  kind: 'silence';
  id: string;
  name: string;
  channel: string;
  silentSeconds: number;
  severity: AlertSeverity;
}

/**
 * EEG channels (a wildcard path such as `channels.*`, each series its own
 * subject) flat (changing less than `flatWithin` for `seconds`) or railed
 * (at or beyond ±`railAt` for `seconds`): an electrode off or saturated.
 */
export interface SignalQualityRule {
  kind: 'signalQuality';
  id: string;
  name: string;
  channel: string;
  fieldPath: string;
  seconds: number;
  flatWithin: number;
  /** null: only flat lines are watched. */
  railAt: number | null;
  severity: AlertSeverity;
}

export type AlertRule = ThresholdRule | SilentChannelRule | SignalQualityRule;

export interface AlertSettings {
  /** Channels and patterns (`user:*:alerts`) whose messages are alerts. */
  alertChannels: string[];
  rules: AlertRule[];
  /** Raise an alert when an agent turns STALE or reports an error. */
  isAgentRuleOn: boolean;
  /** Raise an alert when the connection is lost or a subscription is refused. */
  isConnectionRuleOn: boolean;
  /** Publish acks and silences to this channel; '' keeps them local to this console (the default). */
  publishChangesTo: string;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  alertChannels: ['system:alerts', 'user:*:alerts'],
  rules: [],
  isAgentRuleOn: true,
  isConnectionRuleOn: true,
  publishChangesTo: '',
};

export const SILENCE_SCOPES = ['rule', 'source', 'subject'] as const;
export type SilenceScope = (typeof SILENCE_SCOPES)[number];

/** One state change, who and when: what the history file keeps and the CSV exports. */
export interface AlertHistoryEntry {
  at: number;
  alertId: string;
  source: string;
  rule: string;
  subject: string;
  severity: AlertSeverity;
  /** 'fired', 'repeated' is not recorded (occurrences count it), then the state moves. */
  change: 'fired' | 'acknowledged' | 'silenced' | 'unsilenced' | 'resolved';
  /** Operator name, or AUTOMATIC_CHANGE_BY for changes no operator made (rules, alert channels, silences ending). */
  by: string;
  note: string;
}

/** Who `AlertHistoryEntry.by` names for a change no operator made. */
export const AUTOMATIC_CHANGE_BY = 'bus';

/** Who made a change, in the words the history and its CSV export show: "automatically" for the bus, else the operator's name. */
export function changedByWords(by: string): string {
  return by === AUTOMATIC_CHANGE_BY ? 'automatically' : by;
}

const nameCheck = string(200);
const severityCheck = oneOf(ALERT_SEVERITIES);

const ruleCheck = variants('kind', {
  threshold: shape({
    kind: oneOf(['threshold'] as const),
    id: idCheck,
    name: nameCheck,
    channel: channelNameCheck,
    fieldPath: string(1000),
    operator: oneOf(THRESHOLD_OPERATORS),
    value: number(-Number.MAX_VALUE, Number.MAX_VALUE),
    pendingSeconds: integer(0, 86_400),
    resolveSeconds: integer(0, 86_400),
    severity: severityCheck,
  }),
  silence: shape({
    kind: oneOf(['silence'] as const),
    id: idCheck,
    name: nameCheck,
    channel: channelNameCheck,
    silentSeconds: integer(1, 86_400),
    severity: severityCheck,
  }),
  signalQuality: shape({
    kind: oneOf(['signalQuality'] as const),
    id: idCheck,
    name: nameCheck,
    channel: channelNameCheck,
    fieldPath: string(1000),
    seconds: integer(1, 86_400),
    flatWithin: number(0, Number.MAX_VALUE),
    railAt: nullable(number(0, Number.MAX_VALUE)),
    severity: severityCheck,
  }),
});

export const MAX_ALERT_RULES = 500;
export const MAX_ALERT_CHANNELS = 50;

/** Checks settings sent by the renderer and settings read back from the data folder alike. */
export const ALERT_SETTINGS_CHECK = shape({
  alertChannels: arrayOf(string(1000), MAX_ALERT_CHANNELS),
  rules: arrayOf(ruleCheck, MAX_ALERT_RULES),
  isAgentRuleOn: boolean,
  isConnectionRuleOn: boolean,
  publishChangesTo: string(1000),
});

const alertRef = { profileId: idCheck, alertId: string(2000) };

export const ALERTS_REQUESTS = {
  'alerts:list': request<{ profileId: string }, AlertList>(shape({ profileId: idCheck })),
  /** The profiles whose alerts the bus watches (each has connected once), in the order they were first watched: the shell's count adds up their lists. */
  'alerts:watched': request<Record<string, never>, { profileIds: string[] }>(empty),
  'alerts:acknowledge': request<{ profileId: string; alertId: string; operator: string; note: string }, AlertView>(
    shape({ ...alertRef, operator: nameCheck, note: string(2000) }),
  ),
  'alerts:silence': request<
    { profileId: string; alertId: string; scope: SilenceScope; until: number; operator: string; reason: string },
    { silenced: number }
  >(shape({ ...alertRef, scope: oneOf(SILENCE_SCOPES), until: number(0, 8.64e15), operator: nameCheck, reason: string(2000) })),
  'alerts:scheduleMute': request<{ profileId: string; from: number; until: number; operator: string; reason: string }, MuteWindow[]>(
    shape({ profileId: idCheck, from: number(0, 8.64e15), until: number(0, 8.64e15), operator: nameCheck, reason: string(2000) }),
  ),
  'alerts:settings': request<{ profileId: string }, AlertSettings>(shape({ profileId: idCheck })),
  /** Refused (READ_ONLY) for a read-only profile. */
  'alerts:saveSettings': request<{ profileId: string; settings: AlertSettings }, AlertSettings>(
    shape({ profileId: idCheck, settings: ALERT_SETTINGS_CHECK }),
  ),
  'alerts:history': request<{ profileId: string; limit?: number }, AlertHistoryEntry[]>(
    shape({ profileId: idCheck, limit: optional(integer(1, 10_000)) }),
  ),
  'alerts:exportCsv': request<{ profileId: string }, { csv: string; rows: number }>(shape({ profileId: idCheck })),
};

export type AlertsEvent =
  /**
   * Something in the profile's alert list changed (`isWatched` true), or the bus stopped watching the profile
   * (false: it closed, and its alerts leave the shell's count). The renderer reads the list again.
   * `unacknowledged` (every watched profile, at the change) is for measuring (bench/alertRules.ts); no screen shows
   * it: the shell's count and the panel both show what the lists say, so they never show two numbers at once.
   */
  | { type: 'alerts:changed'; profileId: string; isWatched: boolean; unacknowledged: number }
  /** A critical alert worth a desktop or browser notification (silences and acks already applied; a storm comes as one summary). */
  | { type: 'alerts:notify'; profileId: string; title: string; body: string; alertCount: number };
