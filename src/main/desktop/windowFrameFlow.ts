/**
 * Frames to the desktop window, bounded. Electron's `send` queues without
 * limit, so the preload acknowledges the bytes of each frame once it has
 * read it ('labwire:frame-ack'); the bytes outstanding decide, by the rule
 * the serve host uses for a browser's socket (shared/frameBacklog.ts),
 * whether a frame goes or is skipped. A window that starts loading again
 * (reload, crash) owes nothing: the flow starts from zero.
 */
import { IPC_CHANNELS } from '../../shared/contract';
import { FrameBacklog, type EncodedFrame } from '../../shared/frameBacklog';
import type { WindowContentsLike } from './ipcBridge';

export class WindowFrameFlow {
  private outstandingBytes = 0;
  private readonly backlog: FrameBacklog;

  constructor(log: (line: string) => void, maxOutstandingBytes?: number) {
    this.backlog = new FrameBacklog(
      (error) => log(`A frame from the engine could not be read: ${error instanceof Error ? error.message : String(error)}`),
      maxOutstandingBytes,
    );
  }

  /** Bytes sent and not yet acknowledged by the window. */
  get outstanding(): number {
    return this.outstandingBytes;
  }

  /** Sends the frame unless the window is too far behind; true when it was sent. */
  send(contents: WindowContentsLike, frame: EncodedFrame): boolean {
    const bytes = this.backlog.pass(frame, this.outstandingBytes);
    if (!bytes) return false;
    contents.send(IPC_CHANNELS.frame, bytes);
    this.outstandingBytes += bytes.byteLength;
    return true;
  }

  /** The window read frames of `byteLength` bytes. Anything but a whole positive count is ignored; it can never free more than was sent. */
  acknowledge(byteLength: unknown): void {
    if (typeof byteLength !== 'number' || !Number.isSafeInteger(byteLength) || byteLength <= 0) return;
    this.outstandingBytes = Math.max(0, this.outstandingBytes - byteLength);
  }

  /** The window started loading again: frames sent to the old page will never be acknowledged. */
  reset(): void {
    this.outstandingBytes = 0;
    this.backlog.reset();
  }
}
