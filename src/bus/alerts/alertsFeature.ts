/**
 * The alerts feature's bus part: one ProfileAlerts per profile that has
 * connected (rules run in the bus, whether a window shows them or not),
 * their history files and settings in the data folder, the shell's count
 * and notification events for critical alerts.
 */
import { join } from 'node:path';
import type { AlertSettings, AlertView, ALERTS_REQUESTS } from '../../shared/features/alertsContract';
import { fail, ok, type Result } from '../../shared/result';
import type { AgentSignals } from '../agents/agentSignals';
import type { BusFeature, BusServices } from '../busFeature';
import { historyToCsv } from './alertCsv';
import { RotatingHistoryFile, type AlertHistoryLog } from './alertHistoryLog';
import { NoticeCollapser, NOTICE_WINDOW_MS } from './alertNotices';
import { AlertSettingsStore, profileFileName } from './alertSettingsStore';
import { ProfileAlerts } from './profileAlerts';

export interface AlertsFeatureOptions {
  clock?: () => number;
  /** How often pending times, silent channels and silences are checked. */
  tickMs?: number;
  noticeWindowMs?: number;
  /** Where a profile's history goes; the data folder's rotating file by default. */
  historyFor?: (profileId: string) => AlertHistoryLog;
}

/** Until the agent board is wired in: no agent ever changes state. */
export const NO_AGENT_SIGNALS: AgentSignals = { onDidChangeAgentState: () => () => undefined };

export const ALERT_TICK_MS = 250;
/** The CSV export and the history view read at most this many entries. */
export const MAX_HISTORY_READ = 10_000;

export function createAlertsFeature(
  services: BusServices,
  agentSignals: AgentSignals,
  options: AlertsFeatureOptions = {},
): BusFeature<keyof typeof ALERTS_REQUESTS> & { profileAlerts(profileId: string): ProfileAlerts | undefined; flushNotices(): void } {
  const clock = options.clock ?? Date.now;
  const folder = join(services.host.dataDir, 'alerts');
  const settingsStore = new AlertSettingsStore(folder);
  const historyFor = options.historyFor ?? ((profileId) => new RotatingHistoryFile({ folder, name: `${profileFileName(profileId)}.history` }));
  const watched = new Map<string, { alerts: ProfileAlerts; notices: NoticeCollapser; history: AlertHistoryLog; ready: Promise<void> }>();

  const totalUnacknowledged = (): number => {
    let total = 0;
    for (const entry of watched.values()) total += entry.alerts.book.unacknowledged();
    return total;
  };
  const emitChanged = (profileId: string, isWatched: boolean): void =>
    services.emitEvent({ type: 'alerts:changed', profileId, isWatched, unacknowledged: totalUnacknowledged() });

  const watch = (profileId: string) => {
    const existing = watched.get(profileId);
    if (existing) return existing;
    const history = historyFor(profileId);
    const notices = new NoticeCollapser(
      (notice) => services.emitEvent({ type: 'alerts:notify', profileId, ...notice }),
      options.noticeWindowMs ?? NOTICE_WINDOW_MS,
    );
    const alerts = new ProfileAlerts({
      profileId,
      source: services.sources,
      clock,
      history,
      onDidChange: () => emitChanged(profileId, true),
      onDidNeedNotice: (alert: AlertView) => notices.add(alert),
    });
    const ready = settingsStore.load(profileId).then(({ settings, muteWindows }) => {
      // Closed while the file was read: nothing to start.
      if (watched.get(profileId)?.alerts !== alerts) return;
      alerts.apply(settings);
      // Mute windows saved before a restart still hold (ended ones are dropped by the book).
      for (const mute of muteWindows) if (mute.until > clock()) alerts.book.scheduleMute(mute.from, mute.until, mute.operator, mute.reason);
    });
    const entry = { alerts, notices, history, ready };
    watched.set(profileId, entry);
    // It joins the shell's count.
    emitChanged(profileId, true);
    return entry;
  };

  const watchedReady = async (profileId: string): Promise<Result<ProfileAlerts>> => {
    if (!services.profiles.get(profileId)) return fail('NOT_FOUND', 'That connection profile no longer exists.');
    const entry = watch(profileId);
    await entry.ready;
    return ok(entry.alerts);
  };

  const unwatch = (profileId: string): void => {
    const entry = watched.get(profileId);
    if (!entry) return;
    entry.notices.flush();
    entry.notices.dispose();
    entry.alerts.dispose();
    watched.delete(profileId);
  };

  const publishChange = (profileId: string, settings: AlertSettings | null, change: Record<string, unknown>): void => {
    const profile = services.profiles.get(profileId);
    if (!settings?.publishChangesTo || !profile || profile.isReadOnly) return;
    void services.connections.publish(profileId, settings.publishChangesTo, Buffer.from(JSON.stringify(change)));
  };

  const stopReceiving = services.sources.onDidChangeReceiving((profileId, state) => {
    if (state.state === 'ready') watch(profileId);
    watched.get(profileId)?.alerts.handleReceiving(state);
  });
  const stopAgents = agentSignals.onDidChangeAgentState((signal) => watched.get(signal.profileId)?.alerts.handleAgentSignal(signal));
  const timer = setInterval(() => {
    for (const entry of watched.values()) entry.alerts.tick();
  }, options.tickMs ?? ALERT_TICK_MS);
  timer.unref?.();

  return {
    name: 'alerts',
    profileAlerts: (profileId) => watched.get(profileId)?.alerts,
    flushNotices: () => {
      for (const entry of watched.values()) entry.notices.flush();
    },
    handlers: {
      'alerts:list': async ({ profileId }) => {
        const alerts = await watchedReady(profileId);
        return alerts.ok ? ok(alerts.value.book.list()) : alerts;
      },
      'alerts:watched': async () => ok({ profileIds: [...watched.keys()] }),
      'alerts:acknowledge': async ({ profileId, alertId, operator, note }) => {
        const alerts = await watchedReady(profileId);
        if (!alerts.ok) return alerts;
        if (!operator.trim()) return fail('INVALID', 'Say who acknowledges the alert (your name).', { field: 'operator' });
        const alert = alerts.value.book.acknowledge(alertId, operator.trim(), note);
        if (!alert) return fail('NOT_FOUND', 'That alert is no longer in the list.');
        publishChange(profileId, alerts.value.currentSettings(), { type: 'alert_acknowledged', alert: alertId, by: operator, note, at: clock() });
        return ok({ ...alert });
      },
      'alerts:silence': async ({ profileId, alertId, scope, until, operator, reason }) => {
        const alerts = await watchedReady(profileId);
        if (!alerts.ok) return alerts;
        if (!operator.trim()) return fail('INVALID', 'Say who silences the alert (your name).', { field: 'operator' });
        if (until <= clock()) return fail('INVALID', 'The silence must end in the future.', { field: 'until' });
        const silenced = alerts.value.book.silence(alertId, scope, until, operator.trim(), reason);
        if (silenced === undefined) return fail('NOT_FOUND', 'That alert is no longer in the list.');
        publishChange(profileId, alerts.value.currentSettings(), { type: 'alert_silenced', alert: alertId, scope, until, by: operator, reason, at: clock() });
        return ok({ silenced });
      },
      'alerts:scheduleMute': async ({ profileId, from, until, operator, reason }) => {
        const alerts = await watchedReady(profileId);
        if (!alerts.ok) return alerts;
        if (!operator.trim()) return fail('INVALID', 'Say who schedules the mute window (your name).', { field: 'operator' });
        if (until <= from || until <= clock()) return fail('INVALID', 'The mute window must end after it starts, and in the future.', { field: 'until' });
        alerts.value.book.scheduleMute(from, until, operator.trim(), reason);
        try {
          await settingsStore.saveMuteWindows(profileId, alerts.value.book.mutes());
        } catch (error) {
          return fail('INTERNAL', 'The mute window holds now, but Labwire could not save it in its data folder: it will be gone after a restart.', { detail: String(error) });
        }
        publishChange(profileId, alerts.value.currentSettings(), { type: 'alert_mute_scheduled', from, until, by: operator, reason, at: clock() });
        return ok(alerts.value.book.mutes());
      },
      'alerts:settings': async ({ profileId }) => {
        const alerts = await watchedReady(profileId);
        if (!alerts.ok) return alerts;
        return ok(alerts.value.currentSettings() ?? (await settingsStore.load(profileId)).settings);
      },
      'alerts:saveSettings': async ({ profileId, settings }) => {
        const profile = services.profiles.get(profileId);
        if (!profile) return fail('NOT_FOUND', 'That connection profile no longer exists.');
        if (profile.isReadOnly) return fail('READ_ONLY', `"${profile.name}" is read-only: its alert rules can be viewed, not changed.`);
        const ids = new Set<string>();
        for (const rule of settings.rules) {
          if (ids.has(rule.id)) return fail('INVALID', `Two rules share the id "${rule.id}".`, { field: 'settings.rules' });
          ids.add(rule.id);
        }
        try {
          await settingsStore.save(profileId, settings);
        } catch (error) {
          return fail('INTERNAL', 'Labwire could not save the alert rules in its data folder.', { detail: String(error) });
        }
        const alerts = await watchedReady(profileId);
        if (!alerts.ok) return alerts;
        alerts.value.apply(settings);
        const problems = [...alerts.value.ruleProblems.entries()].map(([id, problem]) => `${id}: ${problem}`);
        if (problems.length > 0) return fail('INVALID', `Saved, but some rules cannot run: ${problems.join('; ')}`, { field: 'settings.rules' });
        return ok(settings);
      },
      'alerts:history': async ({ profileId, limit }) => {
        const alerts = await watchedReady(profileId);
        if (!alerts.ok) return alerts;
        const entries = await watched.get(profileId)!.history.read(Math.min(limit ?? 500, MAX_HISTORY_READ));
        return ok(entries.reverse());
      },
      'alerts:exportCsv': async ({ profileId }) => {
        const alerts = await watchedReady(profileId);
        if (!alerts.ok) return alerts;
        const entries = await watched.get(profileId)!.history.read(MAX_HISTORY_READ);
        return ok({ csv: historyToCsv(entries), rows: entries.length });
      },
    },
    closeProfile: (profileId) => {
      const wasWatched = watched.has(profileId);
      unwatch(profileId);
      // Its alerts leave the shell's count.
      if (wasWatched) emitChanged(profileId, false);
    },
    dispose: () => {
      clearInterval(timer);
      stopReceiving();
      stopAgents();
      for (const profileId of [...watched.keys()]) unwatch(profileId);
    },
  };
}
