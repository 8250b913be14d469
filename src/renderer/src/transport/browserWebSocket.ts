/** The browser's side of the WebSocket transport: the real socket and the page probe. */
import type { OpenSocket } from './socketTransport';

export function browserSocketOpener(url: string): OpenSocket {
  return (handlers) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => handlers.onOpen();
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') handlers.onMessage(event.data);
      else if (event.data instanceof ArrayBuffer) handlers.onMessage(new Uint8Array(event.data));
    };
    socket.onclose = (event: CloseEvent) => handlers.onClose(event.code);
    return {
      send: (text) => socket.send(text),
      close: () => socket.close(),
    };
  };
}

/**
 * A refused WebSocket handshake looks like any network error to a page, so
 * ask for the page itself: the serve host answers 401 when the cookie is
 * missing or stale (for example after it restarted with a new token).
 */
export async function isPageRefusedByHost(): Promise<boolean> {
  try {
    const response = await fetch(window.location.pathname, { cache: 'no-store', credentials: 'same-origin' });
    return response.status === 401 || response.status === 403;
  } catch {
    return false;
  }
}
