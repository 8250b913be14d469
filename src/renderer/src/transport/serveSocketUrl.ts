import { SERVE_WEBSOCKET_PATH } from '../../../shared/contract';

/** The serve host's WebSocket address for a page served from `protocol//host`. */
export function serveSocketUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${SERVE_WEBSOCKET_PATH}`;
}
