/** The one place that decides how the renderer reaches the bus. */
import type { LabwireApi } from '../../../shared/contract';
import { browserSocketOpener, isPageRefusedByHost } from './browserWebSocket';
import { desktopApi } from './desktopTransport';
import { ALWAYS_CONNECTED_LINK, type LinkStateSource } from './linkState';
import { serveSocketUrl } from './serveSocketUrl';
import { SocketTransport } from './socketTransport';

export interface Transport {
  api: LabwireApi;
  link: LinkStateSource;
}

export function pickTransport(): Transport {
  // The desktop preload exposes the contract (frames as bytes); a browser page served by `npm run serve` has none.
  const preload = window.labwire;
  if (preload) return { api: desktopApi(preload), link: ALWAYS_CONNECTED_LINK };
  const socketTransport = new SocketTransport({
    openSocket: browserSocketOpener(serveSocketUrl(window.location)),
    isRefusedByHost: isPageRefusedByHost,
  });
  socketTransport.start();
  return { api: socketTransport, link: socketTransport };
}
