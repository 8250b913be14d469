/**
 * The bridges feature's bus part: each profile's device bridges (serial,
 * UDP), kept in the data folder (bridgeStore.ts), run by BridgeRuntime, and
 * offered to lanes and plots through the bridge source. Read-only profiles'
 * bridges run receive-only: the runtime publishes nothing and writes no
 * command, whatever the renderer asks.
 */
import type { BridgeConfig } from '../../shared/bridges';
import type { BRIDGES_REQUESTS } from '../../shared/features/bridgesContract';
import { ok } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';
import { BridgeBook } from './bridgeBook';
import type { BridgeLink } from './bridgeLink';
import { createBridgeLink } from './bridgeLinks';
import { BridgeStore } from './bridgeStore';
import { listSerialPorts } from './serial/serialPorts';

export interface BridgesFeatureOptions {
  /** Links for tests (a FakeDeviceLink); the real factory by default. */
  createLink?: (config: BridgeConfig) => BridgeLink;
}

/** How long after closeProfile the feature looks for the profile to be gone (a delete closes first, then deletes). */
const DELETE_WATCH_MS = 10_000;
const DELETE_WATCH_STEP_MS = 100;

export function createBridgesFeature(services: BusServices, options: BridgesFeatureOptions = {}): BusFeature<keyof typeof BRIDGES_REQUESTS> & { book: BridgeBook } {
  const store = new BridgeStore(services.host.dataDir);
  const book = new BridgeBook(services, store, options.createLink ?? ((config) => createBridgeLink(config, services.host)));
  services.sourceInputs.bridge.attach({ bridgeName: (profileId, bridgeId) => book.nameOf(profileId, bridgeId) });
  const stopReceiving = services.sources.onDidChangeReceiving((profileId, state) => {
    if (state.state === 'ready') void book.handleReceiving(profileId);
  });
  const watches = new Set<NodeJS.Timeout>();
  // Files of profiles deleted while the bus was not running.
  void store.savedProfileIds().then(async (profileIds) => {
    for (const profileId of profileIds) if (!services.profiles.get(profileId)) await store.remove(profileId);
  });

  /** A delete runs closeProfile, closes the connection, then deletes: the file goes once the profile is gone. */
  const watchForDelete = (profileId: string, startedAt: number): void => {
    const timer = setTimeout(() => {
      watches.delete(timer);
      if (!services.profiles.get(profileId)) void book.forgetProfile(profileId);
      else if (Date.now() - startedAt < DELETE_WATCH_MS) watchForDelete(profileId, startedAt);
    }, DELETE_WATCH_STEP_MS);
    timer.unref?.();
    watches.add(timer);
  };

  return {
    name: 'bridges',
    book,
    handlers: {
      'bridges:list': async ({ profileId }) => book.list(profileId),
      'bridges:save': async ({ profileId, draft }) => book.save(profileId, draft),
      'bridges:remove': async ({ profileId, bridgeId }) => book.remove(profileId, bridgeId),
      'bridges:start': async ({ profileId, bridgeId }) => book.start(profileId, bridgeId),
      'bridges:stop': async ({ profileId, bridgeId }) => book.stop(profileId, bridgeId),
      'bridges:pause': async ({ profileId, bridgeId, isPaused }) => book.pause(profileId, bridgeId, isPaused),
      'bridges:ports': async () => ok(await listSerialPorts()),
    },
    closeProfile: (profileId) => {
      void book.closeProfile(profileId);
      watchForDelete(profileId, Date.now());
    },
    dispose: async () => {
      stopReceiving();
      for (const timer of watches) clearTimeout(timer);
      watches.clear();
      await book.dispose();
    },
  };
}
