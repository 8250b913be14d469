/** The one factory of bridge links: one case per bridge kind. */
import type { BridgeConfig } from '../../shared/bridges';
import type { HostKind } from '../../shared/features/systemContract';
import type { BridgeLink } from './bridgeLink';
import { createSerialLink } from './serial/serialLink';
import { createUdpLink } from './udp/udpLink';

/** `hostKind`: the serial link needs it to know whether it may fork its port process (not from the desktop app). */
export function createBridgeLink(config: BridgeConfig, hostKind: HostKind): BridgeLink {
  switch (config.kind) {
    case 'serial':
      return createSerialLink(config.serial, { hostKind });
    case 'udp':
      return createUdpLink(config.udp);
    default:
      return unhandledKind(config);
  }
}

function unhandledKind(config: never): never {
  throw new Error(`no link for bridge kind ${(config as { kind: string }).kind}`);
}
