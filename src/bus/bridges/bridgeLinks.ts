/** The one factory of bridge links: one case per bridge kind. */
import type { BridgeConfig } from '../../shared/bridges';
import type { BridgeLink } from './bridgeLink';
import { createSerialLink } from './serial/serialLink';
import { createUdpLink } from './udp/udpLink';

export function createBridgeLink(config: BridgeConfig): BridgeLink {
  switch (config.kind) {
    case 'serial':
      return createSerialLink(config.serial);
    case 'udp':
      return createUdpLink(config.udp);
    default:
      return unhandledKind(config);
  }
}

function unhandledKind(config: never): never {
  throw new Error(`no link for bridge kind ${(config as { kind: string }).kind}`);
}
