/**
 * Mute windows survive a restart: scheduled through the alerts feature,
 * kept in the profile's alert settings file beside the rules, and in force
 * again in a new feature (a restarted bus) over the same data folder.
 * Saving rules keeps them; an unreadable window is dropped and said.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AgentSignals } from '../../src/bus/agents/agentSignals';
import { AlertSettingsStore } from '../../src/bus/alerts/alertSettingsStore';
import { createAlertsFeature } from '../../src/bus/alerts/alertsFeature';
import type { BusServices, RequestHandler } from '../../src/bus/busFeature';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import { StreamTail } from '../../src/bus/sources/redisStream/streamTail';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import { DEFAULT_ALERT_SETTINGS } from '../../src/shared/features/alertsContract';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { valueOf } from '../support/waitUntil';

const PROFILE_ID = 'lab';
const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);
const noAgents: AgentSignals = { onDidChangeAgentState: () => () => undefined };

describe('mute windows across a restart', () => {
  let server: TestRedisServer;
  let registry: ConnectionRegistry;
  let hub: SubscriptionHub;
  let dataDir: string;

  before(async () => {
    server = await startRedisServer();
    dataDir = await mkdtemp(join(tmpdir(), 'labwire-mutes-'));
    registry = new ConnectionRegistry({ onDidChangeState: (profileId, state) => hub?.handleConnectionState(profileId, state), onDidReadFacts: () => undefined });
    hub = new SubscriptionHub(registry);
    registry.open(PROFILE_ID, { host: '127.0.0.1', port: server.port, db: 0 });
  });

  after(async () => {
    hub?.dispose();
    await registry?.dispose();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A bus's alerts feature over the shared data folder, as after a start. */
  function startFeature() {
    const profile = { ...defaultProfileFields(), id: PROFILE_ID, name: 'Lab', port: server.port } as Profile;
    const services = {
      host: { kind: 'serve', appVersion: 'test', dataDir, secretStorage: { state: 'protected', mechanism: 'test' } },
      profiles: { get: (id: string) => (id === PROFILE_ID ? profile : undefined) },
      connections: registry,
      hub,
      sources: new SourceRouter({ redisPubsub: hub, redisStream: new StreamTail(registry) }),
      emitEvent: () => undefined,
    } as unknown as BusServices;
    const feature = createAlertsFeature(services, noAgents, { clock: () => NOW, tickMs: 3_600_000, noticeWindowMs: 3_600_000 });
    const call = <M extends keyof typeof feature.handlers>(method: M, params: Parameters<(typeof feature.handlers)[M]>[0]) =>
      (feature.handlers[method] as RequestHandler<M>)(params as never, 'test');
    return { feature, call };
  }

  test('a scheduled mute window is in force again after a restart, and saving rules keeps it', async () => {
    const first = startFeature();
    const window = { from: NOW + 60_000, until: NOW + 3_600_000, operator: 'Ana', reason: 'pump maintenance' };
    const ended = { from: NOW - 7_200_000, until: NOW - 3_600_000, operator: 'Ben', reason: 'over already' };
    valueOf(await first.call('alerts:scheduleMute', { profileId: PROFILE_ID, ...window }));
    valueOf(await first.call('alerts:saveSettings', { profileId: PROFILE_ID, settings: { ...DEFAULT_ALERT_SETTINGS, alertChannels: ['lab:alerts'] } }));
    await first.feature.dispose?.();

    // A window that ended while the console was closed is not brought back.
    const store = new AlertSettingsStore(join(dataDir, 'alerts'));
    const saved = await store.load(PROFILE_ID);
    await store.saveMuteWindows(PROFILE_ID, [ended, ...saved.muteWindows]);

    const second = startFeature();
    const list = valueOf(await second.call('alerts:list', { profileId: PROFILE_ID }));
    const settings = valueOf(await second.call('alerts:settings', { profileId: PROFILE_ID }));
    await second.feature.dispose?.();
    assert.deepStrictEqual({ mutes: list.mutes, channels: settings.alertChannels }, { mutes: [window], channels: ['lab:alerts'] });
  });

  test('an unreadable mute window in the file is dropped and said; the rules still load', async () => {
    const store = new AlertSettingsStore(join(dataDir, 'alerts-odd'));
    await store.save(PROFILE_ID, { ...DEFAULT_ALERT_SETTINGS, alertChannels: ['odd:alerts'] });
    const path = store.pathOf(PROFILE_ID);
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...file, muteWindows: [{ from: 'soon', until: 5 }, { from: 1, until: 2, operator: 'Ana', reason: '' }] }));
    const loaded = await store.load(PROFILE_ID);
    assert.deepStrictEqual(
      { channels: loaded.settings.alertChannels, mutes: loaded.muteWindows, problem: loaded.problem },
      { channels: ['odd:alerts'], mutes: [{ from: 1, until: 2, operator: 'Ana', reason: '' }], problem: '1 saved mute window was not readable and dropped.' },
    );
  });
});
