import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { LabwireApi } from '../../../shared/contract';
import type { LinkState } from './linkState';
import type { Transport } from './pickTransport';

const TransportContext = createContext<Transport | null>(null);

export function TransportProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('TransportProvider is missing above this component.');
  return transport;
}

export function useLabwireApi(): LabwireApi {
  return useTransport().api;
}

export function useLinkState(): LinkState {
  const { link } = useTransport();
  return useSyncExternalStore(
    (onChange) => link.onDidChangeLinkState(onChange),
    () => link.currentLinkState(),
  );
}
