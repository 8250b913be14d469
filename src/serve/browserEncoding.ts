/**
 * How the serve host writes a bus message for a browser: one binary message
 * (frameCodec.ts). Only plot frames and responses (a 'plots:range' answer)
 * can carry typed arrays; feed frames and events are plain JSON by contract,
 * so they skip the codec's typed-array replacer.
 */
import type { BusToHostMessage } from '../shared/contract';
import { encodeFrame } from '../shared/frameCodec';

export function mayCarryTypedArrays(message: BusToHostMessage): boolean {
  return message.kind === 'response' || (message.kind === 'frame' && message.frame.kind === 'plot');
}

export function encodeForBrowser(message: BusToHostMessage): Uint8Array {
  return encodeFrame(message, { isPlainJson: !mayCarryTypedArrays(message) });
}
