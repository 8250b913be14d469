/**
 * Alerts against a real redis-server: alert channels in every encoding,
 * each rule kind (threshold, silent channel, agent, connection) firing once
 * after its pending time and resolving, acks, silences, the ack-versus-
 * resolve race, storm collapsing, the history file and its CSV, and a
 * read-only profile refused through the bus core. Time is a fake clock the
 * tests move; the feature's own ticker is slowed so only the tests tick.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pack } from 'msgpackr';
import type { AgentSignal, AgentSignals } from '../../src/bus/agents/agentSignals';
import { RotatingHistoryFile } from '../../src/bus/alerts/alertHistoryLog';
import { createAlertsFeature } from '../../src/bus/alerts/alertsFeature';
import type { BusServices } from '../../src/bus/busFeature';
import { BusCore } from '../../src/bus/busCore';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { ProfileStore } from '../../src/bus/profiles/profileStore';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import { StreamTail } from '../../src/bus/sources/redisStream/streamTail';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import type { BusEvent } from '../../src/shared/contract';
import { DEFAULT_ALERT_SETTINGS, type AlertHistoryEntry, type AlertSettings, type AlertView, type ThresholdRule } from '../../src/shared/features/alertsContract';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import type { RequestHandler } from '../../src/bus/busFeature';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { valueOf } from '../support/waitUntil';

const PROFILE_ID = 'lab';
const START = Date.UTC(2026, 11, 3, 9, 0, 0);

class FakeAgentSignals implements AgentSignals {
  private readonly listeners = new Set<(signal: AgentSignal) => void>();
  onDidChangeAgentState(listener: (signal: AgentSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  send(signal: Omit<AgentSignal, 'profileId' | 'at'>): void {
    for (const listener of this.listeners) listener({ ...signal, profileId: PROFILE_ID, at: START });
  }
}

const co2Rule: ThresholdRule = {
  kind: 'threshold',
  id: 'co2-high',
  name: 'CO2 high',
  channel: 'devices:telemetry',
  fieldPath: 'data.telemetry.co2',
  operator: '>',
  value: 1000,
  pendingSeconds: 30,
  resolveSeconds: 10,
  severity: 'critical',
};

const telemetry = (co2: number): string => JSON.stringify({ type: 'telemetry', data: { device_id: 'mushroom1', telemetry: { co2 } } });

describe('alert rules and alert channels on a real redis-server', () => {
  let server: TestRedisServer;
  let publisher: Redis;
  let registry: ConnectionRegistry;
  let hub: SubscriptionHub;
  let dataDir: string;
  let now = START;
  const events: BusEvent[] = [];
  const agents = new FakeAgentSignals();
  let feature: ReturnType<typeof createAlertsFeature>;
  const profiles = new Map<string, Profile>();

  const call = <M extends keyof typeof feature.handlers>(method: M, params: Parameters<(typeof feature.handlers)[M]>[0]) =>
    (feature.handlers[method] as RequestHandler<M>)(params as never, 'test');
  const list = async (): Promise<AlertView[]> => valueOf(await call('alerts:list', { profileId: PROFILE_ID })).alerts;
  const find = async (predicate: (alert: AlertView) => boolean): Promise<AlertView | undefined> => (await list()).find(predicate);
  const tick = (seconds: number): void => {
    now += seconds * 1000;
    feature.profileAlerts(PROFILE_ID)!.tick();
  };
  const notices = () => events.filter((event) => event.type === 'alerts:notify');
  const saveSettings = async (settings: Partial<AlertSettings>) =>
    valueOf(await call('alerts:saveSettings', { profileId: PROFILE_ID, settings: { ...DEFAULT_ALERT_SETTINGS, ...settings } }));
  /** The bus has subscribed to every channel and pattern the settings name. */
  const subscribed = async (channels: string[], patterns: number): Promise<void> => {
    for (;;) {
      const counts = (await publisher.pubsub('NUMSUB', ...channels)) as Array<string | number>;
      const patternCount = Number(await publisher.pubsub('NUMPAT'));
      const isEvery = channels.every((_channel, index) => Number(counts[index * 2 + 1]) > 0) && patternCount >= patterns;
      if (isEvery) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  before(async () => {
    server = await startRedisServer();
    dataDir = await mkdtemp(join(tmpdir(), 'labwire-alerts-'));
    publisher = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
    await publisher.connect();
    let hubRef: SubscriptionHub | null = null;
    registry = new ConnectionRegistry({ onDidChangeState: (profileId, state) => hubRef?.handleConnectionState(profileId, state), onDidReadFacts: () => undefined });
    hub = new SubscriptionHub(registry);
    hubRef = hub;
    profiles.set(PROFILE_ID, { ...defaultProfileFields(), id: PROFILE_ID, name: 'Lab', port: server.port } as Profile);
    const services = {
      host: { kind: 'serve', appVersion: 'test', dataDir, secretStorage: { state: 'protected', mechanism: 'test' } },
      profiles: { get: (id: string) => profiles.get(id) } as unknown as ProfileStore,
      connections: registry,
      hub,
      sources: new SourceRouter({ redisPubsub: hub, redisStream: new StreamTail(registry) }),
      emitEvent: (event: BusEvent) => events.push(event),
    } as unknown as BusServices;
    feature = createAlertsFeature(services, agents, { clock: () => now, tickMs: 3_600_000, noticeWindowMs: 3_600_000 });
    registry.open(PROFILE_ID, { host: '127.0.0.1', port: server.port, db: 0 });
    await saveSettings({
      rules: [
        co2Rule,
        { kind: 'silence', id: 'eeg-quiet', name: 'EEG quiet', channel: 'user:u1:raw', silentSeconds: 5, severity: 'warning' },
        { kind: 'signalQuality', id: 'eeg-contact', name: 'Electrode', channel: 'user:u1:raw', fieldPath: 'channels.*', seconds: 2, flatWithin: 0.5, railAt: 1000, severity: 'warning' },
      ],
    });
    await subscribed(['system:alerts', 'devices:telemetry', 'user:u1:raw'], 1);
  });

  after(async () => {
    await feature?.dispose?.();
    hub?.dispose();
    await registry?.dispose();
    publisher?.disconnect();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('alerts in JSON, MessagePack, text and binary each become one alert; repeats count; severity is normalised', async () => {
    const json = JSON.stringify({ type: 'disk_full', source: 'storage1', data: { severity: 'CRITICAL', message: 'Disk 98% full' } });
    for (let i = 0; i < 3; i++) await publisher.publish('system:alerts', json);
    await publisher.publish('user:u7:alerts', pack({ type: 'battery', user_id: 'u7', level: 'Warn', message: 'Headset battery low' }));
    await publisher.publish('system:alerts', 'pump 3 stopped');
    await publisher.publish('system:alerts', Buffer.from([0xc1, 0x00, 0xff, 0xfe]));
    await publisher.publish('system:alerts', JSON.stringify({ type: 'odd', severity: 'sev9', message: 'Unusual' }));
    const alerts = await waitFor(async () => {
      const found = (await list()).filter((alert) => alert.origin === 'channel');
      return found.length >= 5 && found.some((alert) => alert.occurrences === 3) ? found : undefined;
    });
    const shown = alerts.map((alert) => [alert.source, alert.rule, alert.subject, alert.severity, alert.rawSeverity, alert.occurrences, alert.message]);
    assert.deepStrictEqual(shown.sort(), [
      ['system:alerts', 'binary alert', '', 'warning', null, 1, 'Binary alert of 4 bytes that is not JSON, MessagePack or text'],
      ['system:alerts', 'pump 3 stopped', '', 'warning', null, 1, 'pump 3 stopped'],
      ['system:alerts', 'disk_full', 'storage1', 'critical', null, 3, 'Disk 98% full'],
      ['system:alerts', 'odd', '', 'warning', 'sev9', 1, 'Unusual'],
      ['user:u7:alerts', 'battery', 'u7', 'warning', 'Warn', 1, 'Headset battery low'],
    ].sort());
    // The storage alert resolves when its publisher says so.
    await publisher.publish('system:alerts', JSON.stringify({ type: 'disk_full', source: 'storage1', status: 'resolved' }));
    await waitFor(async () => ((await find((alert) => alert.rule === 'disk_full'))?.state === 'resolved' ? true : undefined));
  });

  test('a threshold rule waits out its pending time, fires once, and resolves only after its resolve time', async () => {
    const byRule = () => find((alert) => alert.rule === 'CO2 high');
    await publisher.publish('devices:telemetry', telemetry(1200));
    await settle();
    tick(20);
    assert.equal(await byRule(), undefined, 'nothing fires before 30 s');
    await publisher.publish('devices:telemetry', telemetry(1300));
    tick(11);
    await publisher.publish('devices:telemetry', telemetry(1250));
    const fired = await waitFor(async () => byRule());
    assert.deepStrictEqual([fired.state, fired.severity, fired.occurrences], ['firing', 'critical', 1]);
    // Below the threshold for less than the resolve time, then above again: no flapping.
    await publisher.publish('devices:telemetry', telemetry(900));
    await settle();
    tick(5);
    await publisher.publish('devices:telemetry', telemetry(1100));
    await settle();
    tick(20);
    assert.deepStrictEqual([(await byRule())?.state, (await byRule())?.occurrences], ['firing', 1]);
    await publisher.publish('devices:telemetry', telemetry(800));
    await settle();
    tick(11);
    assert.equal((await byRule())?.state, 'resolved');
  });

  test('an acknowledged alert stays visible, is not notified again, and an ack after the resolve leaves it resolved', async () => {
    const fire = async (co2: number) => {
      await publisher.publish('devices:telemetry', telemetry(co2));
      await settle();
    };
    events.length = 0;
    await fire(1500);
    tick(31);
    const firing = await waitFor(async () => find((alert) => alert.rule === 'CO2 high' && alert.state === 'firing'));
    feature.flushNotices();
    assert.equal(notices().length, 1, 'the first firing is notified');
    const acked = valueOf(await call('alerts:acknowledge', { profileId: PROFILE_ID, alertId: firing.id, operator: 'Ana', note: 'vent opened' }));
    assert.deepStrictEqual([acked.state, acked.acknowledgement?.operator, acked.acknowledgement?.note], ['acknowledged', 'Ana', 'vent opened']);
    assert.equal(valueOf(await call('alerts:list', { profileId: PROFILE_ID })).alerts.find((a) => a.id === firing.id)?.state, 'acknowledged');
    tick(400);
    await fire(1600);
    feature.flushNotices();
    assert.equal(notices().length, 1, 'no repeat notification after the ack');
    await fire(700);
    tick(11);
    const late = valueOf(await call('alerts:acknowledge', { profileId: PROFILE_ID, alertId: firing.id, operator: 'Ben', note: 'late' }));
    assert.deepStrictEqual([late.state, late.acknowledgement?.operator], ['resolved', 'Ana']);
  });

  test('a silence covers alerts of its rule until its end time, then they fire again', async () => {
    await publisher.publish('devices:telemetry', telemetry(2000));
    await settle();
    tick(31);
    const firing = await waitFor(async () => find((alert) => alert.rule === 'CO2 high' && alert.state === 'firing'));
    const before = valueOf(await call('alerts:list', { profileId: PROFILE_ID })).unacknowledged;
    valueOf(await call('alerts:silence', { profileId: PROFILE_ID, alertId: firing.id, scope: 'rule', until: now + 60_000, operator: 'Ana', reason: 'calibration' }));
    const silenced = (await find((alert) => alert.id === firing.id))!;
    assert.deepStrictEqual([silenced.state, silenced.silence?.operator, silenced.silence?.reason], ['silenced', 'Ana', 'calibration']);
    assert.equal(valueOf(await call('alerts:list', { profileId: PROFILE_ID })).unacknowledged, before - 1);
    tick(61);
    assert.equal((await find((alert) => alert.id === firing.id))?.state, 'firing');
    await publisher.publish('devices:telemetry', telemetry(500));
    await settle();
    tick(11);
  });

  test('a silent channel fires after N seconds without messages and resolves on the next one', async () => {
    const quiet = () => find((alert) => alert.rule === 'EEG quiet');
    // The earlier tests moved the clock by minutes: the channel is silent already.
    assert.equal((await quiet())?.state, 'firing');
    await publisher.publish('user:u1:raw', pack({ type: 'raw', channels: { Ch0: 1 } }));
    await waitFor(async () => ((await quiet())?.state === 'resolved' ? true : undefined));
    tick(4);
    assert.equal((await quiet())?.state, 'resolved', 'not yet silent for 5 s');
    tick(2);
    assert.deepStrictEqual([(await quiet())?.state, (await quiet())?.occurrences], ['firing', 2]);
  });

  test('an EEG channel flat or railed for N seconds fires per channel and resolves when the signal moves', async () => {
    const sample = async (channels: Record<string, number>): Promise<void> => {
      await publisher.publish('user:u1:raw', pack({ type: 'raw', channels }));
      await settle();
    };
    const problems = async () =>
      (await list())
        .filter((alert) => alert.origin === 'signalQuality' && alert.state === 'firing')
        .map((alert) => `${alert.subject} ${alert.rule}`)
        .sort();
    for (let second = 0; second < 2; second++) {
      await sample({ Ch0: second * 10, Ch1: 5, Ch2: 2000 });
      now += 1000;
    }
    assert.deepStrictEqual(await problems(), [], 'nothing before 2 s');
    await sample({ Ch0: 30, Ch1: 5.2, Ch2: 2000 });
    assert.deepStrictEqual(await problems(), ['channels.Ch1 Electrode (flat)', 'channels.Ch2 Electrode (flat)', 'channels.Ch2 Electrode (railed)']);
    await sample({ Ch0: 40, Ch1: 50, Ch2: 10 });
    assert.deepStrictEqual(await problems(), []);
  });

  test('an agent turning STALE or reporting an error raises an alert that resolves when it is OK again', async () => {
    agents.send({ agentId: 'router-1', name: 'Router', state: 'stale', previous: 'ok' });
    agents.send({ agentId: 'ml-2', name: 'ML', state: 'error', previous: 'busy', lastError: 'CUDA out of memory' });
    const stale = (await find((alert) => alert.rule === 'agent stale'))!;
    const error = (await find((alert) => alert.rule === 'agent error'))!;
    assert.deepStrictEqual([stale.subject, stale.severity, error.subject, error.severity, error.message], ['router-1', 'warning', 'ml-2', 'critical', 'ML (ml-2) reports an error: CUDA out of memory']);
    agents.send({ agentId: 'router-1', name: 'Router', state: 'ok', previous: 'stale' });
    assert.equal((await find((alert) => alert.rule === 'agent stale'))?.state, 'resolved');
    assert.equal((await find((alert) => alert.rule === 'agent error'))?.state, 'firing');
    // An agent no message named is called by its id alone.
    agents.send({ agentId: 'agent-data', name: 'agent-data', state: 'stale', previous: 'ok' });
    assert.equal((await find((alert) => alert.rule === 'agent stale' && alert.subject === 'agent-data'))?.message, 'agent-data stopped reporting (STALE)');
  });

  test('a scheduled mute window silences every alert while it lasts, and only then', async () => {
    const agentError = async () => (await find((alert) => alert.rule === 'agent error'))!;
    const from = now + 10_000;
    const mutes = valueOf(await call('alerts:scheduleMute', { profileId: PROFILE_ID, from, until: from + 60_000, operator: 'Ana', reason: 'pump maintenance' }));
    assert.deepStrictEqual(mutes, [{ from, until: from + 60_000, operator: 'Ana', reason: 'pump maintenance' }]);
    assert.equal((await agentError()).state, 'firing', 'not before the window starts');
    tick(11);
    const muted = await agentError();
    assert.deepStrictEqual([muted.state, muted.silence?.scope, muted.silence?.reason], ['silenced', 'all', 'pump maintenance']);
    tick(60);
    assert.deepStrictEqual([(await agentError()).state, valueOf(await call('alerts:list', { profileId: PROFILE_ID })).mutes], ['firing', []]);
  });

  test('a storm of 1,000 critical alerts gives one summary notification', async () => {
    feature.flushNotices();
    events.length = 0;
    const pipeline = publisher.pipeline();
    for (let i = 0; i < 1000; i++) pipeline.publish('system:alerts', JSON.stringify({ type: 'overheat', subject: `rack-${i}`, severity: 'critical', message: 'Too hot' }));
    await pipeline.exec();
    await waitFor(async () => ((await list()).filter((alert) => alert.rule === 'overheat').length === 1000 ? true : undefined));
    feature.flushNotices();
    assert.deepStrictEqual(
      notices().map((event) => event.type === 'alerts:notify' && [event.title, event.alertCount]),
      [['1000 critical alerts', 1000]],
    );
  });

  test('acks are published to a channel only when the lab opted in', async () => {
    const listener = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
    const received: string[] = [];
    listener.on('message', (_channel: string, message: string) => received.push(message));
    await listener.connect();
    await listener.subscribe('lab:alert-acks');
    try {
      const open = (await find((alert) => alert.state === 'firing'))!;
      valueOf(await call('alerts:acknowledge', { profileId: PROFILE_ID, alertId: open.id, operator: 'Ben', note: 'local only' }));
      const settings = valueOf(await call('alerts:settings', { profileId: PROFILE_ID }));
      await saveSettings({ ...settings, publishChangesTo: 'lab:alert-acks' });
      const next = (await find((alert) => alert.state === 'firing'))!;
      valueOf(await call('alerts:acknowledge', { profileId: PROFILE_ID, alertId: next.id, operator: 'Ben', note: 'shared' }));
      const [message] = await waitFor(async () => (received.length > 0 ? received : undefined));
      await settle();
      assert.deepStrictEqual([received.length, JSON.parse(message!).note, JSON.parse(message!).by], [1, 'shared', 'Ben']);
      await saveSettings({ ...settings, publishChangesTo: '' });
    } finally {
      listener.disconnect();
    }
  });

  test('the connection lost raises a critical alert that resolves when the server is back', async () => {
    await server.kill();
    const lost = await waitFor(async () => find((alert) => alert.rule === 'connection lost' && alert.state === 'firing'), 15_000);
    assert.equal(lost.severity, 'critical');
    await server.restart();
    await waitFor(async () => ((await find((alert) => alert.rule === 'connection lost'))?.state === 'resolved' ? true : undefined), 20_000);
    await publisher.ping().catch(() => undefined);
  });

  test('every state change is in the history file, exported as CSV safe from formulas', async () => {
    const history = valueOf(await call('alerts:history', { profileId: PROFILE_ID, limit: 10_000 }));
    const changes = new Set(history.map((entry) => entry.change));
    assert.deepStrictEqual([...changes].sort(), ['acknowledged', 'fired', 'resolved', 'silenced', 'unsilenced']);
    assert.ok(history.some((entry) => entry.change === 'silenced' && entry.note === 'pump maintenance' && entry.by === 'Ana'), 'the mute window is in the history');
    const ack = history.find((entry) => entry.change === 'acknowledged' && entry.by === 'Ana')!;
    assert.deepStrictEqual([ack.note, ack.at > START], ['vent opened', true]);
    const alert = (await find((a) => a.state === 'firing'))!;
    valueOf(await call('alerts:acknowledge', { profileId: PROFILE_ID, alertId: alert.id, operator: '=cmd|calc', note: '+1, "quoted"' }));
    const { csv } = valueOf(await call('alerts:exportCsv', { profileId: PROFILE_ID }));
    const lastRow = csv.trimEnd().split('\r\n').at(-1)!;
    assert.match(lastRow, /,acknowledged,'=cmd\|calc,critical,.*,"'\+1, ""quoted"""$/);
    const settingsMode = ((await stat(join(dataDir, 'alerts', 'lab.settings.json'))).mode & 0o777).toString(8);
    assert.equal(settingsMode, '600');
  });

  async function settle(): Promise<true> {
    // A PING on the publisher answered after the publish means Redis has delivered the message to the subscriber socket; the bus reads it on its next turn.
    await publisher.ping();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return true;
  }
});

describe('a subscription the server refuses', () => {
  test('raises a critical alert naming the channel', async () => {
    const server = await startRedisServer();
    const admin = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
    await admin.connect();
    // The technician's ACL user may read device channels, not alert channels.
    await admin.call('ACL', 'SETUSER', 'tech', 'on', '>tech-pass', 'resetchannels', '&devices:*', '+@all');
    const dataDir = await mkdtemp(join(tmpdir(), 'labwire-alerts-acl-'));
    let hubRef: SubscriptionHub | null = null;
    const registry = new ConnectionRegistry({ onDidChangeState: (profileId, state) => hubRef?.handleConnectionState(profileId, state), onDidReadFacts: () => undefined });
    const hub = new SubscriptionHub(registry);
    hubRef = hub;
    const services = {
      host: { kind: 'serve', appVersion: 'test', dataDir, secretStorage: { state: 'protected', mechanism: 'test' } },
      profiles: { get: () => ({ ...defaultProfileFields(), id: 'acl', name: 'ACL lab', port: server.port }) } as unknown as ProfileStore,
      connections: registry,
      hub,
      sources: new SourceRouter({ redisPubsub: hub, redisStream: new StreamTail(registry) }),
      emitEvent: () => undefined,
    } as unknown as BusServices;
    const feature = createAlertsFeature(services, new FakeAgentSignals(), { tickMs: 3_600_000 });
    try {
      registry.open('acl', { host: '127.0.0.1', port: server.port, db: 0, username: 'tech', password: 'tech-pass' });
      const refused = await waitFor(async () => {
        const result = await (feature.handlers['alerts:list'] as RequestHandler<'alerts:list'>)({ profileId: 'acl' }, 'test');
        return result.ok ? result.value.alerts.find((alert) => alert.rule === 'subscription refused' && alert.subject === 'system:alerts') : undefined;
      }, 10_000);
      assert.deepStrictEqual([refused.severity, refused.state, refused.message.startsWith('The server refused the subscription to system:alerts')], ['critical', 'firing', true]);
    } finally {
      await feature.dispose?.();
      hub.dispose();
      await registry.dispose();
      admin.disconnect();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the history file is bounded and rotated', () => {
  test('old files beyond the rotation count are dropped and the newest entries read back in order', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'labwire-alert-history-'));
    const log = new RotatingHistoryFile({ folder, name: 'lab.history', maxFileBytes: 2000, rotatedFiles: 2 });
    const entry = (index: number): AlertHistoryEntry => ({ at: index, alertId: 'a', source: 's', rule: 'r', subject: `${index}`, severity: 'info', change: 'fired', by: 'bus', note: '' });
    for (let i = 0; i < 200; i++) void log.append(entry(i));
    const read = await log.read(10_000);
    const files = (await readdir(folder)).sort();
    assert.deepStrictEqual(files, ['lab.history.jsonl', 'lab.history.jsonl.1', 'lab.history.jsonl.2']);
    for (const file of files) assert.ok((await stat(join(folder, file))).size <= 2000, `${file} stays under its cap`);
    assert.equal(read.at(-1)?.subject, '199');
    assert.ok(read.length < 200 && read.length > 20, `kept ${read.length} of 200`);
    assert.deepStrictEqual(read.map((e) => e.at), [...read.map((e) => e.at)].sort((a, b) => a - b));
    await rm(folder, { recursive: true, force: true });
  });
});

describe('a read-only profile through the bus core', () => {
  test('its alerts can be listed but its rules cannot be changed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'labwire-alerts-ro-'));
    const core = await BusCore.create({ host: 'serve', appVersion: 'test', dataDir, keySource: { kind: 'none', reason: 'tests keep no secrets' }, emit: () => undefined });
    const profile = valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name: 'Shared lab', port: 1, isReadOnly: true })) as Profile;
    const listed = await core.handle('alerts:list', { profileId: profile.id });
    const refused = await core.handle('alerts:saveSettings', { profileId: profile.id, settings: { ...DEFAULT_ALERT_SETTINGS, rules: [co2Rule] } });
    const sneaky = await core.handle('alerts:saveSettings', { profileId: profile.id, settings: { ...DEFAULT_ALERT_SETTINGS, toString: 1 } });
    assert.deepStrictEqual(
      [listed.ok, !refused.ok && refused.error.code, !sneaky.ok && sneaky.error.code],
      [true, 'READ_ONLY', 'INVALID'],
    );
    await core.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
