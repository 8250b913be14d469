/**
 * The desktop side of the contract: one IPC handler for requests, and a relay
 * of the bus's events and frames to the window. Every request is checked
 * twice before it reaches the bus: who sent it, then what it says.
 */
import type { IpcMain } from 'electron';
import { IPC_CHANNELS, type BusToHostMessage, type ClientId, type RequestMethod } from '../../shared/contract';
import { encodeBusMessage } from '../../shared/busMessageCodec';
import { validateRequest } from '../../shared/requestValidation';
import { fail, type Result } from '../../shared/result';
import { isAppUrl, type RendererLocation } from './rendererLocation';
import type { WindowFrameFlow } from './windowFrameFlow';

export const REFUSED_SENDER_MESSAGE = 'Request refused: it did not come from the Labwire window.';

/** What the handler needs of a frame (Electron's WebFrameMain has all of it). */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/** What the handler needs of the window's WebContents. */
export interface WindowContentsLike {
  /** Unique per WebContents for the life of the app. */
  readonly id: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** What the handler needs of an IpcMainInvokeEvent. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number } | null;
  readonly senderFrame: FrameLike | null;
}

/** The part of the bus thread the bridge talks to. */
export interface BusRequestTarget {
  request(method: RequestMethod, params: unknown, clientId: ClientId): Promise<Result<unknown>>;
}

/**
 * The sender must be the top frame of our own window showing our own page.
 * Electron's wrapper objects are not guaranteed unique per frame, so the
 * WebContents is matched by id and the frame by its process and routing ids,
 * never by object identity.
 */
export function isTrustedSender(
  event: InvokeEventLike,
  contents: WindowContentsLike | null,
  location: RendererLocation,
): boolean {
  if (!contents || contents.isDestroyed() || event.sender?.id !== contents.id) return false;
  const frame = event.senderFrame;
  const mainFrame = contents.mainFrame;
  return (
    frame !== null &&
    frame !== undefined &&
    frame.parent === null &&
    frame.processId === mainFrame.processId &&
    frame.routingId === mainFrame.routingId &&
    isAppUrl(frame.url, location)
  );
}

export interface RequestHandlerOptions {
  bus: BusRequestTarget;
  location: RendererLocation;
  /** The main window's WebContents, or null while there is no window. */
  getWindowContents(): WindowContentsLike | null;
  /** The bus client id of the page now loaded in that WebContents (PageClients.clientIdOf); never anything the page sent. */
  clientIdOf(contentsId: number): ClientId;
}

export type RequestHandler = (event: InvokeEventLike, method: unknown, params: unknown) => Promise<Result<unknown>>;

/** Always resolves with a Result; a throw here would reach the renderer as an opaque Error. */
export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  return async (event, method, params) => {
    try {
      const contents = options.getWindowContents();
      if (!contents || !isTrustedSender(event, contents, options.location)) return fail('INVALID', REFUSED_SENDER_MESSAGE);
      const valid = validateRequest(method, params);
      if (!valid.ok) return valid;
      return await options.bus.request(valid.value.method, valid.value.params, options.clientIdOf(contents.id));
    } catch (error) {
      return fail('INTERNAL', 'Labwire hit an unexpected problem passing a request to its engine. Try again; details are in the log.', {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  };
}

/**
 * Sends a bus event or frame to the window; responses are the thread's own
 * business. `send` rather than `postMessage`: both serialize with the
 * structured clone algorithm and copy ArrayBuffers between processes;
 * postMessage adds only MessagePort transfer, which a context-isolated page
 * could not receive through the contextBridge. Frames go as their bytes
 * (one packed copy; the preload decodes them) through the window's frame
 * flow, which skips them while the window is behind. Returns whether the
 * message was sent to a live window.
 */
export function forwardBusMessage(message: BusToHostMessage, contents: WindowContentsLike | null, flow: WindowFrameFlow): boolean {
  if (message.kind === 'response' || !contents || contents.isDestroyed()) return false;
  if (message.kind === 'event') {
    contents.send(IPC_CHANNELS.event, message.event);
    return true;
  }
  if (message.kind === 'encodedFrame') return flow.send(contents, { kind: message.frameKind, profileId: message.profileId, bytes: message.bytes });
  return flow.send(contents, { kind: message.frame.kind, profileId: message.frame.profileId, bytes: encodeBusMessage(message) });
}

/**
 * Frame acknowledgements from the preload, counted only when they come from
 * our window's main frame showing our page (the same check as requests).
 * Returns the function that removes the listener.
 */
export function registerFrameAckHandler(
  ipcMain: Pick<IpcMain, 'on' | 'removeListener'>,
  options: { flow: WindowFrameFlow; location: RendererLocation; getWindowContents(): WindowContentsLike | null },
): () => void {
  const listener = (event: InvokeEventLike, byteLength: unknown): void => {
    try {
      if (isTrustedSender(event, options.getWindowContents(), options.location)) options.flow.acknowledge(byteLength);
    } catch {
      // A sender that cannot be checked acknowledges nothing.
    }
  };
  ipcMain.on(IPC_CHANNELS.frameAck, listener as unknown as Parameters<IpcMain['on']>[1]);
  return () => ipcMain.removeListener(IPC_CHANNELS.frameAck, listener as unknown as Parameters<IpcMain['on']>[1]);
}

/** Registers the request handler; returns the function that removes it. */
export function registerRequestHandler(ipcMain: IpcMain, handler: RequestHandler): () => void {
  ipcMain.handle(IPC_CHANNELS.request, (event, method: unknown, params: unknown) => handler(event, method, params));
  return () => ipcMain.removeHandler(IPC_CHANNELS.request);
}
