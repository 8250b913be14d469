import type { HelloInfo, SecretStorageStatus } from '../../../../shared/contract';
import { useLinkState } from '../../transport/transportContext';
import { AlertsStatus } from '../alerts/AlertsStatus';

const HOST_NAMES = { desktop: 'Desktop app', serve: 'Served to this browser' } as const;

const LINK_WORDS = {
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  unauthorized: 'refused',
} as const;

interface StatusBarProps {
  hello: HelloInfo | undefined;
  /** The shown profile is demo data generated here: said at the bottom too, so no screen passes it off as a server. */
  isShowingDemo: boolean;
}

export function StatusBar({ hello, isShowingDemo }: StatusBarProps) {
  const link = useLinkState();
  return (
    <footer className="status-bar" aria-label="About this console">
      <span>Labwire {hello?.appVersion ?? ''}</span>
      {hello && <span>{HOST_NAMES[hello.host]}</span>}
      <span>Server link: {LINK_WORDS[link.state]}</span>
      {isShowingDemo && <span data-testid="status-demo">Showing demo data from no server</span>}
      <AlertsStatus host={hello?.host} />
      {hello && <DataFolder path={hello.dataDir} />}
      {hello && <PasswordNote status={hello.secretStorage} />}
    </footer>
  );
}

function PasswordNote({ status }: { status: SecretStorageStatus }) {
  const text = status.state === 'protected' ? `Passwords protected by ${status.mechanism}` : 'Passwords not stored (see the notice above)';
  return (
    <span className="status-bar-note" title={text}>
      {text}
    </span>
  );
}

/**
 * A long path loses its middle, never its end: the folder's own name stays
 * readable and the whole path is in the tooltip.
 */
function DataFolder({ path }: { path: string }) {
  const { head, tail } = splitPathTail(path);
  return (
    <span className="status-bar-path" title={path} data-testid="status-data-folder">
      <span className="status-bar-path-label">Data:</span>
      <span className="status-bar-path-head">{head}</span>
      <span className="status-bar-path-tail">{tail}</span>
    </span>
  );
}

/** "/home/ana/.local/share/labwire" gives "/home/ana/.local/share/" and "labwire"; either separator counts (Windows). */
export function splitPathTail(path: string): { head: string; tail: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
  return { head: path.slice(0, cut), tail: path.slice(cut) };
}
