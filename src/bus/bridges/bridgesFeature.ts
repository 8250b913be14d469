/**
 * The bridges feature's bus part: each profile's bridges, their store in the
 * data folder, their runtimes, and the bridge source lanes and plots read.
 * Stub until the bridges work lands.
 */
import type { BRIDGES_REQUESTS } from '../../shared/features/bridgesContract';
import { fail } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';

export function createBridgesFeature(services: BusServices): BusFeature<keyof typeof BRIDGES_REQUESTS> {
  void services;
  const notBuilt = async () => fail('INTERNAL', 'Bridges are not built yet.');
  return {
    name: 'bridges',
    handlers: {
      'bridges:list': async () => ({ ok: true, value: [] }),
      'bridges:save': notBuilt,
      'bridges:remove': notBuilt,
      'bridges:start': notBuilt,
      'bridges:stop': notBuilt,
      'bridges:pause': notBuilt,
      'bridges:ports': async () => ({ ok: true, value: { ports: [], note: 'Listing serial ports is not built yet.' } }),
    },
  };
}
