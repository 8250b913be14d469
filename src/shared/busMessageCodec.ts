/**
 * How a bus message becomes bytes and back: one frameCodec message. The bus
 * writes its frames this way, and the serve host writes responses and events
 * this way for browsers. Feed frames travel as columns (feedFrameWire.ts) and
 * come back as FeedFrame objects from decodeBusMessage. Only plot frames,
 * feed frames and responses (a 'plots:range' answer) carry typed arrays;
 * events are plain JSON by contract, so they skip the codec's typed-array
 * replacer.
 */
import type { BusToHostMessage } from './contract';
import type { PlotFrame } from './plots';
import { fromWireFeedFrame, toWireFeedFrame, type WireFeedFrame } from './feedFrameWire';
import { decodeFrame, encodeFrame } from './frameCodec';

export function mayCarryTypedArrays(message: BusToHostMessage): boolean {
  return message.kind === 'response' || message.kind === 'frame';
}

export function encodeBusMessage(message: BusToHostMessage): Uint8Array {
  if (message.kind === 'frame' && message.frame.kind === 'feed') {
    return encodeFrame({ kind: 'frame', frame: toWireFeedFrame(message.frame) });
  }
  return encodeFrame(message, { isPlainJson: !mayCarryTypedArrays(message) });
}

/** A frame as the bus cuts it: feed frames already in columns (the bus's history is columnar). */
export type OutgoingFrame = WireFeedFrame | PlotFrame;

/** The bytes of a frame message, read back by decodeBusMessage like any other. */
export function encodeOutgoingFrame(frame: OutgoingFrame): Uint8Array {
  return encodeFrame({ kind: 'frame', frame });
}

/** Reads what encodeBusMessage wrote. Throws a plain Error on malformed input. */
export function decodeBusMessage(bytes: Uint8Array): BusToHostMessage {
  const message = decodeFrame(bytes) as BusToHostMessage;
  if (message.kind === 'frame' && message.frame.kind === 'feed') {
    return { kind: 'frame', frame: fromWireFeedFrame(message.frame as unknown as WireFeedFrame) };
  }
  return message;
}
