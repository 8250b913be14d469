/** A serial port as a BridgeLink (the serialport package). Owned by the serial work; stub until it lands. */
import type { SerialSettings } from '../../../shared/bridges';
import type { BridgeLink } from '../bridgeLink';

export function createSerialLink(settings: SerialSettings): BridgeLink {
  throw new Error(`serial link to ${settings.path} is not built yet`);
}
