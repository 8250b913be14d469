import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BusCore } from '../../src/bus/busCore';
import type { BusToHostMessage } from '../../src/shared/contract';
import type { ConnectionState } from '../../src/shared/connectionState';
import { defaultProfileFields, type Profile, type ProfileDraft } from '../../src/shared/profile';
import { startRecordingListener, type RecordingListener } from '../support/recordingListener';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { until, valueOf } from '../support/waitUntil';

const PASSWORD = 'canary-Pw-5f1e9b-never-elsewhere';

let redis: TestRedisServer;
let listener: RecordingListener;
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  redis = await startRedisServer({ args: ['--requirepass', PASSWORD] });
  listener = await startRecordingListener();
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await listener.close();
  await redis.stop();
});

interface Bus {
  core: BusCore;
  states: Map<string, ConnectionState>;
}

async function startBus(dataDir: string): Promise<Bus> {
  const states = new Map<string, ConnectionState>();
  const core = await BusCore.create({
    host: 'serve',
    appVersion: 'test',
    dataDir,
    // The key file seals secrets on disk, as on a real serve host.
    keySource: { kind: 'keyFile' },
    emit: (message: BusToHostMessage) => {
      if (message.kind === 'event' && message.event.type === 'connection:state') states.set(message.event.profileId, message.event.state);
    },
  });
  cleanups.push(() => core.dispose());
  return { core, states };
}

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-binding-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

function labDraft(overrides: Partial<ProfileDraft> = {}): ProfileDraft {
  return { ...defaultProfileFields(), name: 'Lab 2 Redis', host: '127.0.0.1', port: redis.port, ...overrides };
}

function hasReceivedPassword(): boolean {
  const bytes = listener.received();
  return bytes.includes(Buffer.from(PASSWORD, 'utf8')) || bytes.toString('latin1').includes(PASSWORD);
}

async function waitForSettled(bus: Bus, profileId: string): Promise<ConnectionState> {
  return until(`a settled state for ${profileId}`, () => {
    const state = bus.states.get(profileId);
    return state && (state.state === 'ready' || state.state === 'failed' || state.state === 'reconnecting') ? state : undefined;
  }, 10_000);
}

describe('a saved password reaches only the server it was saved for', () => {
  test('unchanged, it is sent: the test and the connection to the real server succeed (positive control)', async () => {
    const bus = await startBus(await temporaryFolder());
    const profile = valueOf(await bus.core.handle('profiles:save', labDraft({ password: PASSWORD }))) as Profile;
    const tested = await bus.core.handle('connection:test', { draft: labDraft({ id: profile.id, name: 'Renamed' }) });
    valueOf(await bus.core.handle('connection:open', { profileId: profile.id }));
    const state = await waitForSettled(bus, profile.id);
    await bus.core.handle('connection:close', { profileId: profile.id });
    assert.deepStrictEqual({ isTested: tested.ok, state: state.state }, { isTested: true, state: 'ready' });
  });

  test('a test of the saved profile pointed at another port does not send it', async () => {
    const bus = await startBus(await temporaryFolder());
    const profile = valueOf(await bus.core.handle('profiles:save', labDraft({ password: PASSWORD }))) as Profile;
    const connectionsBefore = listener.connectionCount();
    await bus.core.handle('connection:test', { draft: labDraft({ id: profile.id, port: listener.port }) });
    assert.deepStrictEqual(
      { isReached: listener.connectionCount() > connectionsBefore, hasReceivedPassword: hasReceivedPassword() },
      { isReached: true, hasReceivedPassword: false },
    );
  });

  test('saving the profile with another port drops the password, and connecting does not send it', async () => {
    const bus = await startBus(await temporaryFolder());
    const profile = valueOf(await bus.core.handle('profiles:save', labDraft({ password: PASSWORD }))) as Profile;
    const moved = valueOf(await bus.core.handle('profiles:save', labDraft({ id: profile.id, port: listener.port }))) as Profile;
    const receivedBefore = listener.received().length;
    valueOf(await bus.core.handle('connection:open', { profileId: profile.id }));
    await until('the listener to receive the connection', () => listener.received().length > receivedBefore, 10_000);
    await bus.core.handle('connection:close', { profileId: profile.id });
    assert.deepStrictEqual({ hasPassword: moved.hasPassword, hasReceivedPassword: hasReceivedPassword() }, { hasPassword: false, hasReceivedPassword: false });
  });

  test('a profile pointed elsewhere by editing profiles.json does not send it on connect', async () => {
    const dataDir = await temporaryFolder();
    const first = await startBus(dataDir);
    const profile = valueOf(await first.core.handle('profiles:save', labDraft({ password: PASSWORD }))) as Profile;
    await first.core.dispose();
    const path = join(dataDir, 'profiles.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace(`"port": ${redis.port}`, `"port": ${listener.port}`));
    const second = await startBus(dataDir);
    const opened = await second.core.handle('connection:open', { profileId: profile.id });
    const tested = await second.core.handle('connection:test', { draft: labDraft({ id: profile.id, port: listener.port }) });
    assert.deepStrictEqual(
      { opened: opened.ok ? 'sent' : opened.error.code, isTestedOk: tested.ok, hasReceivedPassword: hasReceivedPassword() },
      { opened: 'SECRETS_UNAVAILABLE', isTestedOk: false, hasReceivedPassword: false },
    );
  });
});
