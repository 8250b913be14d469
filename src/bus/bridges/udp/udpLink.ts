/** A UDP socket as a BridgeLink: each datagram is one record. Owned by the UDP work; stub until it lands. */
import type { UdpSettings } from '../../../shared/bridges';
import type { BridgeLink } from '../bridgeLink';

export function createUdpLink(settings: UdpSettings): BridgeLink {
  throw new Error(`UDP link on port ${settings.listenPort} is not built yet`);
}
