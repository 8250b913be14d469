import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { pickTransport } from './transport/pickTransport';
import { TransportProvider } from './transport/transportContext';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/features.css';
import './styles/live.css';
import './styles/plots.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // Bus events keep the cache fresh, and every snapshot is refetched when the link returns.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity },
    mutations: { retry: false },
  },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <TransportProvider transport={pickTransport()}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </TransportProvider>
    </StrictMode>,
  );
}
