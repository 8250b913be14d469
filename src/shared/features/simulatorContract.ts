/** The simulator feature's slice of the contract: demo traffic published to a profile's server. */
import { boolean, idCheck, integer, shape } from '../requestChecks';
import { request } from '../requestSlice';
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
};

export type SimulatorEvent = { type: 'simulator:status'; profileId: string; status: SimulatorStatus };
