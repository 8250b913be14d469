import type { HelloInfo } from '../../../../shared/contract';
import { useLinkState } from '../../transport/transportContext';

const HOST_NAMES = { desktop: 'Desktop app', serve: 'Served to this browser' } as const;

const LINK_WORDS = {
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  unauthorized: 'refused',
} as const;

export function StatusBar({ hello }: { hello: HelloInfo | undefined }) {
  const link = useLinkState();
  return (
    <footer className="status-bar" aria-label="About this console">
      <span>Labwire {hello?.appVersion ?? ''}</span>
      {hello && <span>{HOST_NAMES[hello.host]}</span>}
      <span>Server link: {LINK_WORDS[link.state]}</span>
      {hello && (
        <span className="status-bar-path" title={hello.dataDir}>
          Data: {hello.dataDir}
        </span>
      )}
      {hello && (
        <span>
          {hello.secretStorage.state === 'protected'
            ? `Passwords protected by ${hello.secretStorage.mechanism}`
            : 'Passwords not stored (see the notice above)'}
        </span>
      )}
    </footer>
  );
}
