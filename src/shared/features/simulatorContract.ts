/**
 * The simulator feature's slice of the contract: demo traffic published to a
 * profile's server, or generated with no server at all for the demo profile.
 */
import { boolean, idCheck, integer, shape } from '../requestChecks';
import { request } from '../requestSlice';
import type { Profile } from '../profile';
import type { SimulatorOptions, SimulatorStatus } from '../simulator';

const simulatorOptions = shape({
  eegUsers: integer(0, 8),
  eegRateHz: integer(10, 1000),
  eegChannels: integer(1, 64),
  shouldPublishLabChannels: boolean,
});

const profileOnly = shape({ profileId: idCheck });

export const SIMULATOR_REQUESTS = {
  'simulator:start': request<{ profileId: string; options: SimulatorOptions }, SimulatorStatus>(
    shape({ profileId: idCheck, options: simulatorOptions }),
  ),
  'simulator:stop': request<{ profileId: string }, SimulatorStatus>(profileOnly),
  'simulator:status': request<{ profileId: string }, SimulatorStatus>(profileOnly),
  /**
   * Demo data with no server: creates the demo profile on first use, opens it
   * (state 'demo') and starts the simulator delivering straight to its lanes
   * and plots. For a computer with no Redis to reach.
   */
  'simulator:startOffline': request<{ options: SimulatorOptions }, { profile: Profile; status: SimulatorStatus }>(
    shape({ options: simulatorOptions }),
  ),
};

export type SimulatorEvent = { type: 'simulator:status'; profileId: string; status: SimulatorStatus };
