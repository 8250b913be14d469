/** The browser relay's bus part. Stub until the relay work lands. */
import type { RELAY_REQUESTS, RelayStatus } from '../../shared/features/relayContract';
import { fail, ok } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';

const STOPPED: RelayStatus = { isRunning: false, profileId: null, url: null, host: '127.0.0.1', port: null, epoch: null, clients: [], lastError: null };

export function createRelayFeature(services: BusServices): BusFeature<keyof typeof RELAY_REQUESTS> {
  void services;
  return {
    name: 'relay',
    handlers: {
      'relay:status': async () => ok(STOPPED),
      'relay:start': async () => fail('INTERNAL', 'The relay is not built yet.'),
      'relay:stop': async () => ok(STOPPED),
    },
  };
}
