/**
 * How a bus message becomes bytes: one frameCodec message. The bus writes its
 * frames this way, and the serve host writes responses and events this way for
 * browsers. Only plot frames and responses (a 'plots:range' answer) can carry
 * typed arrays; feed frames and events are plain JSON by contract, so they skip
 * the codec's typed-array replacer.
 */
import type { BusToHostMessage } from './contract';
import { encodeFrame } from './frameCodec';

export function mayCarryTypedArrays(message: BusToHostMessage): boolean {
  return message.kind === 'response' || (message.kind === 'frame' && message.frame.kind === 'plot');
}

export function encodeBusMessage(message: BusToHostMessage): Uint8Array {
  return encodeFrame(message, { isPlainJson: !mayCarryTypedArrays(message) });
}
