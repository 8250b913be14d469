/** The one factory of bridge links: one case per bridge kind. */
import type { BridgeConfig } from '../../shared/bridges';
import type { HostKind } from '../../shared/features/systemContract';
import type { BridgeLink } from './bridgeLink';
import type { PortProcessLauncher } from './serial/portProcess';
import { createSerialLink } from './serial/serialLink';
import { createUdpLink } from './udp/udpLink';

/** What the serial link needs of its host: whether it may fork its port process itself, or the desktop host starts it. */
export interface BridgeLinkHost {
  kind: HostKind;
  portProcesses?: PortProcessLauncher | undefined;
}

export function createBridgeLink(config: BridgeConfig, host: BridgeLinkHost): BridgeLink {
  switch (config.kind) {
    case 'serial':
      return createSerialLink(config.serial, { hostKind: host.kind, portProcesses: host.portProcesses });
    case 'udp':
      return createUdpLink(config.udp);
    default:
      return unhandledKind(config);
  }
}

function unhandledKind(config: never): never {
  throw new Error(`no link for bridge kind ${(config as { kind: string }).kind}`);
}
