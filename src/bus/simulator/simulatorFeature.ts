/**
 * The simulator feature: demo traffic, one simulator per profile. On a Redis
 * profile of any topology it is published to the server through the one
 * publish path (connections.publish: on a Cluster MOVED, ASK and failovers
 * followed, never sent twice); on the demo profile (no server) it is
 * delivered straight to that profile's lanes and plots by the demo source.
 */
import type { SIMULATOR_REQUESTS } from '../../shared/features/simulatorContract';
import type { Profile } from '../../shared/profile';
import { fail, ok } from '../../shared/result';
import { emitProfilesChanged } from '../profiles/profilesFeature';
import type { BusFeature, BusServices } from '../busFeature';
import { LabSimulator } from './labSimulator';
import type { PublishFunction } from './publishGate';
import { DEMO_CLUSTER_KEYS, DEMO_STANDALONE_KEYS, DemoStreamWork } from './streamWork/demoStreamWork';

export function createSimulatorFeature(services: BusServices): BusFeature<keyof typeof SIMULATOR_REQUESTS> {
  const simulators = new Map<string, LabSimulator>();
  // The demo's stream, consumer group and dead letters: on a Redis profile only (a demo profile has no server).
  const streamWork = new Map<string, DemoStreamWork>();
  const publisherFor = (profile: Profile): PublishFunction =>
    profile.isDemo === true
      ? (channel, payload) => Promise.resolve(ok(services.sourceInputs.demo.deliver(profile.id, channel, payload)))
      : (channel, payload) => services.connections.publish(profile.id, channel, payload);
  const simulatorFor = (profile: Profile): LabSimulator => {
    let simulator = simulators.get(profile.id);
    if (!simulator) {
      simulator = new LabSimulator({
        publish: publisherFor(profile),
        onDidChangeStatus: (status) => services.emitEvent({ type: 'simulator:status', profileId: profile.id, status }),
      });
      simulators.set(profile.id, simulator);
    }
    return simulator;
  };
  return {
    name: 'simulator',
    handlers: {
      'simulator:start': async ({ profileId, options }) => {
        const profile = services.profiles.get(profileId);
        if (!profile) return fail('NOT_FOUND', 'That connection profile no longer exists.');
        if (profile.isReadOnly) return fail('READ_ONLY', `"${profile.name}" is read-only, so Labwire will not publish demo traffic to it.`);
        // The demo profile has nothing to connect to: starting its data is opening it.
        if (profile.isDemo === true) services.connections.openDemo(profile.id);
        else {
          if (!streamWork.has(profileId)) {
            // The client of any topology: the Cluster client routes each stream command to its key's owner.
            const keys = profile.topology.mode === 'cluster' ? DEMO_CLUSTER_KEYS : DEMO_STANDALONE_KEYS;
            streamWork.set(profileId, new DemoStreamWork(() => services.connections.dataClient(profileId), Date.now(), keys));
          }
          streamWork.get(profileId)?.start();
        }
        return ok(simulatorFor(profile).start(options));
      },
      'simulator:startOffline': async ({ options }) => {
        let profile: Profile;
        try {
          profile = await services.profiles.upsertDemo();
        } catch (error) {
          return fail('INTERNAL', `Labwire could not save the demo profile: ${error instanceof Error ? error.message : String(error)}`);
        }
        // Windows that listed the profiles before the demo profile existed learn of it here, not only the one that asked.
        emitProfilesChanged(services);
        services.connections.openDemo(profile.id);
        return ok({ profile, status: simulatorFor(profile).start(options) });
      },
      'simulator:stop': async ({ profileId }) => {
        streamWork.get(profileId)?.stop();
        return ok(simulators.get(profileId)?.stop() ?? { state: 'stopped' });
      },
      'simulator:status': async ({ profileId }) => ok(simulators.get(profileId)?.status() ?? { state: 'stopped' }),
    },
    // A stopped simulator reports what an absent one does, so closing forgets it.
    closeProfile: (profileId) => {
      simulators.get(profileId)?.stop();
      simulators.delete(profileId);
      streamWork.get(profileId)?.stop();
    },
    dispose: () => {
      for (const simulator of simulators.values()) simulator.stop();
      simulators.clear();
      for (const work of streamWork.values()) work.stop();
    },
  };
}
