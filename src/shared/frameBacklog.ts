/**
 * What a host does with a frame for a window that is behind (a browser tab
 * whose socket is backed up, a desktop window that has not acknowledged
 * what it was sent): past FRAME_DROP_PENDING_BYTES not yet taken, frames
 * are skipped, so nothing queues without bound.
 *
 * Skipping a plot frame breaks the plot's frame chain: the window keeps its
 * picture and asks for a keyframe (PlotFrame). A feed frame carries only
 * what is new, so a skipped one is counted, and the count rides in the
 * window's next feed frame of that profile as 'browser-backlog' drops (the
 * messages stay in the bus history). The serve host and the desktop host
 * both use this one rule.
 */
import { decodeBusMessage, encodeBusMessage } from './busMessageCodec';
import type { BusFrame } from './contract';
import type { DropReason, FeedFrame } from './liveChannels';

/** Bytes a window may have outstanding before frames for it are skipped. */
export const FRAME_DROP_PENDING_BYTES = 2 * 1024 * 1024;
/** Key in a feed frame's `dropped` for feed frames this window missed because it fell behind. */
export const BACKLOG_DROP_REASON = 'browser-backlog' satisfies DropReason;

export interface EncodedFrame {
  kind: BusFrame['kind'];
  profileId: string;
  bytes: Uint8Array;
}

export class FrameBacklog {
  /** Feed frames skipped per profile since the last one that got through. */
  private readonly missedFeedFrames = new Map<string, number>();

  constructor(
    /** Told when a frame could not be read to add the missed count; that frame is skipped too. */
    private readonly onUnreadable: (error: unknown) => void,
    private readonly maxPendingBytes: number = FRAME_DROP_PENDING_BYTES,
  ) {}

  /** The bytes to send for `frame` to a window with `pendingBytes` outstanding, or null to skip it. */
  pass(frame: EncodedFrame, pendingBytes: number): Uint8Array | null {
    if (pendingBytes > this.maxPendingBytes) {
      if (frame.kind === 'feed') this.missedFeedFrames.set(frame.profileId, (this.missedFeedFrames.get(frame.profileId) ?? 0) + 1);
      return null;
    }
    const missed = frame.kind === 'feed' ? (this.missedFeedFrames.get(frame.profileId) ?? 0) : 0;
    if (missed === 0) return frame.bytes;
    // Rare (the window fell behind): read the frame once to add what it missed, and write it again.
    try {
      const message = decodeBusMessage(frame.bytes);
      if (message.kind !== 'frame' || message.frame.kind !== 'feed') return frame.bytes;
      const bytes = encodeBusMessage({ kind: 'frame', frame: withBacklogDrops(message.frame, missed) });
      this.missedFeedFrames.delete(frame.profileId);
      return bytes;
    } catch (error) {
      this.onUnreadable(error);
      return null;
    }
  }

  /** The window started over (reloaded): what it missed before no longer matters to it. */
  reset(): void {
    this.missedFeedFrames.clear();
  }
}

function withBacklogDrops(frame: FeedFrame, missed: number): FeedFrame {
  return { ...frame, dropped: { ...frame.dropped, [BACKLOG_DROP_REASON]: (frame.dropped[BACKLOG_DROP_REASON] ?? 0) + missed } };
}
