/**
 * The Plots tab's store, above the tabs: what the operator set up
 * (plotSetupStore.ts) and the plots kept open in the bus
 * (busPlotHandles.ts). One per transport, made on first use, so it outlives
 * the tab's components without a provider in the app shell; a test that
 * mounts its own Fake api gets its own store.
 */
import { useSyncExternalStore } from 'react';
import type { LabwireApi } from '../../../../shared/contract';
import { useLabwireApi } from '../../transport/transportContext';
import { BusPlotHandles } from './busPlotHandles';
import { PlotSetupStore, type PlotSetup } from './plotSetupStore';

export interface PlotStore {
  setup: PlotSetupStore;
  plots: BusPlotHandles;
}

const storesByApi = new WeakMap<LabwireApi, PlotStore>();

function pageStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // A browser with storage switched off throws on the first touch.
    return null;
  }
}

export function usePlotStore(): PlotStore {
  const api = useLabwireApi();
  let store = storesByApi.get(api);
  if (!store) {
    store = { setup: new PlotSetupStore(pageStorage()), plots: new BusPlotHandles(api) };
    storesByApi.set(api, store);
  }
  return store;
}

/** The operator's setup of one profile's Plots tab; re-renders on change. */
export function usePlotSetup(profileId: string): { setup: PlotSetup; store: PlotSetupStore } {
  const { setup: store } = usePlotStore();
  const setup = useSyncExternalStore(
    (onChange) => store.subscribe(onChange),
    () => store.setup(profileId),
  );
  return { setup, store };
}
