/**
 * Which serial link a bridge uses. In the bus's worker thread (serialDevice.ts)
 * where serialport's binding can be driven from it (Linux, macOS); in a
 * process of its own (serialProcessDevice.ts) on Windows, where it cannot.
 * LABWIRE_SERIAL_LINK=process forces the process link anywhere, so it is
 * proven on Linux (tests, the bench) although it was written for Windows.
 */
export type SerialLinkKind = 'thread' | 'process';

export const SERIAL_LINK_VARIABLE = 'LABWIRE_SERIAL_LINK';

export function chooseSerialLinkKind(platform: NodeJS.Platform, environment: Record<string, string | undefined>): SerialLinkKind {
  if (platform === 'win32') return 'process';
  return environment[SERIAL_LINK_VARIABLE] === 'process' ? 'process' : 'thread';
}
