/**
 * Owned resources through the real BusCore against a real redis-server: a
 * plot belongs to the client that opened it, another client cannot touch it,
 * and releasing a client ends exactly its plots (their subscriptions leave
 * the server).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { BusCore } from '../../src/bus/busCore';
import type { BusToHostMessage } from '../../src/shared/contract';
import type { PlotInfo, PlotSpec } from '../../src/shared/plots';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import { ok } from '../../src/shared/result';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { until, valueOf } from '../support/waitUntil';
import { STREAM_LINGER_MS } from '../../src/bus/plots/plotService';

const PLOT_NOT_OPEN = { ok: false, error: { code: 'NOT_FOUND', message: 'That plot is no longer open.' } };

function telemetrySpec(channel: string): PlotSpec {
  return { kind: 'telemetry', target: { kind: 'channel', name: channel }, fieldPaths: ['temperature'], match: null, timeSource: 'receive', windowSeconds: 60, pixelWidth: 300 };
}

describe('owned resources in the bus core', () => {
  let server: TestRedisServer;
  let observer: Redis;
  let core: BusCore;
  let dataDir: string;
  let profileId: string;

  before(async () => {
    server = await startRedisServer();
    observer = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
    await observer.connect();
    dataDir = await mkdtemp(join(tmpdir(), 'labwire-owned-'));
    let isReady = false;
    core = await BusCore.create({
      host: 'serve',
      appVersion: 'test',
      dataDir,
      keySource: { kind: 'none', reason: 'tests keep no secrets' },
      emit: (message: BusToHostMessage) => {
        if (message.kind === 'event' && message.event.type === 'connection:state' && message.event.state.state === 'ready') isReady = true;
      },
    });
    const profile = valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name: 'Bench', port: server.port }, 'setup')) as Profile;
    profileId = profile.id;
    valueOf(await core.handle('connection:open', { profileId }, 'setup'));
    await until('the connection to be ready', () => isReady);
  });

  after(async () => {
    await core?.dispose();
    observer?.disconnect();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const subscribers = async (channel: string): Promise<number> => {
    const reply = (await observer.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
    return Number(reply[1]);
  };

  /**
   * Unsubscribing reaches the server a moment after the release, and a released plot's stream keeps its
   * subscription STREAM_LINGER_MS first (a reloaded page finds its history); wait for the count.
   */
  const subscribersOnceSettled = async (channel: string, expected: number): Promise<number> => {
    const deadline = Date.now() + STREAM_LINGER_MS + 5_000;
    let count = await subscribers(channel);
    while (count !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      count = await subscribers(channel);
    }
    return count;
  };

  test("another client cannot update, close or read a plot; its release leaves the plot open, the owner's release closes it", async () => {
    const plotOf = async (clientId: string, channel: string): Promise<string> =>
      (valueOf(await core.handle('plots:open', { profileId, spec: telemetrySpec(channel) }, clientId)) as PlotInfo).plotId;
    const ownerPlot = await plotOf('serve:socket-1', 'lab:owner');
    const strangerPlot = await plotOf('serve:socket-2', 'lab:stranger');
    const strangerTries = {
      update: await core.handle('plots:update', { plotId: ownerPlot, spec: telemetrySpec('lab:elsewhere') }, 'serve:socket-2'),
      keyframe: await core.handle('plots:keyframe', { plotId: ownerPlot }, 'serve:socket-2'),
      range: await core.handle('plots:range', { plotId: ownerPlot, fromMs: 0, toMs: 1, pixelWidth: 100 }, 'serve:socket-2'),
      close: await core.handle('plots:close', { plotId: ownerPlot }, 'serve:socket-2'),
    };
    core.releaseClient('serve:socket-2');
    const afterStrangerLeft = {
      strangerSubscribers: await subscribersOnceSettled('lab:stranger', 0),
      ownerKeyframe: await core.handle('plots:keyframe', { plotId: ownerPlot }, 'serve:socket-1'),
      ownerSubscribers: await subscribers('lab:owner'),
      strangerKeyframe: await core.handle('plots:keyframe', { plotId: strangerPlot }, 'serve:socket-2'),
      owned: [core.ownedBy('serve:socket-1'), core.ownedBy('serve:socket-2')],
    };
    core.releaseClient('serve:socket-1');
    const ownerSubscribersAfterRelease = await subscribersOnceSettled('lab:owner', 0);
    assert.deepStrictEqual(
      { strangerTries, afterStrangerLeft, afterOwnerLeft: { owned: core.ownedBy('serve:socket-1'), ownerSubscribersAfterRelease } },
      {
        strangerTries: { update: PLOT_NOT_OPEN, keyframe: PLOT_NOT_OPEN, range: PLOT_NOT_OPEN, close: ok({ plotId: ownerPlot }) },
        afterStrangerLeft: {
          strangerSubscribers: 0,
          ownerKeyframe: ok({ plotId: ownerPlot }),
          ownerSubscribers: 1,
          strangerKeyframe: PLOT_NOT_OPEN,
          owned: [[{ kind: 'plot', id: ownerPlot }], []],
        },
        afterOwnerLeft: { owned: [], ownerSubscribersAfterRelease: 0 },
      },
    );
  });

  test('a plot its owner closed is forgotten at once, and releasing that owner later leaves the next page\'s plot alone', async () => {
    const first = (valueOf(await core.handle('plots:open', { profileId, spec: telemetrySpec('lab:shared') }, 'desktop:1:1')) as PlotInfo).plotId;
    valueOf(await core.handle('plots:close', { plotId: first }, 'desktop:1:1'));
    const ownedAfterClose = core.ownedBy('desktop:1:1');
    const second = (valueOf(await core.handle('plots:open', { profileId, spec: telemetrySpec('lab:shared') }, 'desktop:1:2')) as PlotInfo).plotId;
    core.releaseClient('desktop:1:1');
    assert.deepStrictEqual(
      { ownedAfterClose, owned: [core.ownedBy('desktop:1:1'), core.ownedBy('desktop:1:2')], keyframe: await core.handle('plots:keyframe', { plotId: second }, 'desktop:1:2') },
      { ownedAfterClose: [], owned: [[], [{ kind: 'plot', id: second }]], keyframe: ok({ plotId: second }) },
    );
    core.releaseClient('desktop:1:2');
  });
});
