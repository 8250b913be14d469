/** The simulator feature: demo traffic published to a profile's server, one simulator per profile. */
import type { SIMULATOR_REQUESTS } from '../../shared/features/simulatorContract';
import { fail, ok } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';
import { LabSimulator } from './labSimulator';
import { DemoStreamWork } from './streamWork/demoStreamWork';

export function createSimulatorFeature(services: BusServices): BusFeature<keyof typeof SIMULATOR_REQUESTS> {
  const simulators = new Map<string, LabSimulator>();
  const streamWork = new Map<string, DemoStreamWork>();
  const simulatorFor = (profileId: string): LabSimulator => {
    let simulator = simulators.get(profileId);
    if (!simulator) {
      simulator = new LabSimulator({
        publish: (channel, payload) => services.connections.publish(profileId, channel, payload),
        onDidChangeStatus: (status) => services.emitEvent({ type: 'simulator:status', profileId, status }),
      });
      simulators.set(profileId, simulator);
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
        if (!streamWork.has(profileId)) streamWork.set(profileId, new DemoStreamWork(() => services.connections.commandClient(profileId)));
        streamWork.get(profileId)?.start();
        return ok(simulatorFor(profileId).start(options));
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
