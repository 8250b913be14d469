/**
 * The set-up the bridge suites share: a real redis-server, the bus core with
 * every feature on a temporary data folder, each profile's connection state
 * as the bus reports it, connected profiles on that server, and a bridge's
 * status read through the bus (`bridges:list`). Everything it starts goes on
 * the suite's cleanups.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusCore } from '../../src/bus/busCore';
import type { BridgeView } from '../../src/shared/bridges';
import type { ConnectionState } from '../../src/shared/connectionState';
import type { BusToHostMessage } from '../../src/shared/contract';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import { startRedisServer, type TestRedisServer } from './redisServer';
import { until, valueOf } from './waitUntil';

export interface BridgeTestBus {
  server: TestRedisServer;
  core: BusCore;
  dataDir: string;
  /** The newest connection state the bus reported, by profile id. */
  states: Map<string, ConnectionState>;
  /** A profile on the test server, saved and connected (ready). */
  connectedProfile(name: string, isReadOnly?: boolean): Promise<Profile>;
  /** The bridge's status as `bridges:list` gives it; fails the test when it is not listed. */
  statusOf(profileId: string, bridgeId: string): Promise<BridgeView['status']>;
}

export interface BridgeTestBusOptions {
  /** The data folder's name starts with this. */
  dataDirPrefix: string;
  /** Sees every message the bus emits, after the connection states are noted. */
  onEmit?: (message: BusToHostMessage) => void;
}

export async function startBridgeTestBus(cleanups: Array<() => Promise<void> | void>, options: BridgeTestBusOptions): Promise<BridgeTestBus> {
  const server = await startRedisServer();
  cleanups.push(() => server.stop());
  const dataDir = await mkdtemp(join(tmpdir(), options.dataDirPrefix));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const states = new Map<string, ConnectionState>();
  const core = await BusCore.create({
    host: 'serve',
    appVersion: 'test',
    dataDir,
    keySource: { kind: 'none', reason: 'tests keep no secrets' },
    emit: (message) => {
      if (message.kind === 'event' && message.event.type === 'connection:state') states.set(message.event.profileId, message.event.state);
      options.onEmit?.(message);
    },
  });
  cleanups.push(() => core.dispose());
  return {
    server,
    core,
    dataDir,
    states,
    async connectedProfile(name, isReadOnly = false) {
      const profile = valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name, host: '127.0.0.1', port: server.port, isReadOnly })) as Profile;
      valueOf(await core.handle('connection:open', { profileId: profile.id }));
      await until(`${name} to be ready`, () => states.get(profile.id)?.state === 'ready', 10_000);
      return profile;
    },
    async statusOf(profileId, bridgeId) {
      const views = valueOf(await core.handle('bridges:list', { profileId })) as BridgeView[];
      const view = views.find((candidate) => candidate.config.id === bridgeId);
      assert.ok(view, `bridge ${bridgeId} is listed`);
      return view.status;
    },
  };
}
