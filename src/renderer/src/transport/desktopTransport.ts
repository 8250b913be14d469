/**
 * The contract over the desktop preload (window.labwire): requests and events
 * as the preload gives them; frames arrive as the bytes the bus wrote and are
 * decoded here, once, for every frame listener of the page.
 */
import { decodeBusMessage } from '../../../shared/busMessageCodec';
import type { BusFrame, LabwireApi, PreloadApi } from '../../../shared/contract';

export function desktopApi(preload: PreloadApi): LabwireApi {
  const listeners = new Set<(frame: BusFrame) => void>();
  let stopBytes: (() => void) | null = null;
  const deliver = (bytes: Uint8Array): void => {
    let frame: BusFrame;
    try {
      const message = decodeBusMessage(bytes);
      if (message.kind !== 'frame') return;
      frame = message.frame;
    } catch (error) {
      console.error('Labwire received a frame from its engine it could not read:', error);
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(frame);
      } catch (error) {
        console.error('A Labwire frame listener failed:', error);
      }
    }
  };
  return {
    request: (method, params) => preload.request(method, params),
    onDidReceiveEvent: (listener) => preload.onDidReceiveEvent(listener),
    onDidReceiveFrame(listener) {
      listeners.add(listener);
      stopBytes ??= preload.onDidReceiveFrameBytes(deliver);
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0 || stopBytes === null) return;
        stopBytes();
        stopBytes = null;
      };
    },
  };
}
